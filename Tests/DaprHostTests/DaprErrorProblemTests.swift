import ActorRuntime
import DaprHost
import Testing

/// How sidecar failures reach an HTTP caller of the gateway.
@Suite struct DaprErrorProblemTests {
    @Test func anUnreachableOrFailingSidecarIsUnavailableAndARefusalIsABadGateway() {
        let unreachable = DaprError(operation: "invoke TaskActor/t1.get", status: nil, errorCode: nil, message: "connection refused")
        #expect(unreachable.problem.status == 503)
        #expect(unreachable.problem.detail.contains("connection refused"))
        let failing = DaprError(operation: "save state", status: 500, errorCode: "ERR_ACTOR_STATE_TRANSACTION_SAVE", message: "redis down")
        #expect(failing.problem.status == 503)
        #expect(failing.problem.detail.contains("ERR_ACTOR_STATE_TRANSACTION_SAVE"))
        let refused = DaprError(operation: "save state", status: 400, errorCode: "ERR_ACTOR_INSTANCE_MISSING", message: "actor not active")
        #expect(refused.problem.status == 502)
    }
}
