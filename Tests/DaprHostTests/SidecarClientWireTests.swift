import ActorRuntime
import DaprHost
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// Golden tests of what `DaprSidecarClient` puts on the wire, against a real HTTP server on
/// loopback that records requests and answers as `shared/dapr-protocol-notes.md` says daprd does.
@Suite struct SidecarClientWireTests {
    struct Request: Sendable {
        var method: String
        var uri: String
        var headers: [String: String]
        var body: String
    }

    final class Recorder: Sendable {
        let requests = Mutex<[Request]>([])
        /// Answers by path prefix: status, body and extra response headers.
        let answers = Mutex<[(String, Int, String, [String: String])]>([])
        let failuresBeforeSuccess = Mutex(0)

        func answer(_ prefix: String, _ status: Int, _ body: String = "", headers: [String: String] = [:]) {
            answers.withLock { $0.insert((prefix, status, body, headers), at: 0) }
        }
    }

    func withSidecar(token: String? = nil, _ body: @Sendable (DaprSidecarClient, Recorder) async throws -> Void) async throws {
        let recorder = Recorder()
        let router = Router()
        for method in [HTTPRequest.Method.get, .post, .put, .delete] {
            router.on("/**", method: method) { request, _ -> Response in
                var request = request
                let body = String(buffer: try await request.collectBody(upTo: 1 << 20))
                var headers: [String: String] = [:]
                for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
                recorder.requests.withLock { $0.append(Request(method: request.method.rawValue, uri: request.uri.description, headers: headers, body: body)) }
                let answer = recorder.answers.withLock { answers in answers.first { request.uri.path.hasPrefix($0.0) } }
                let (status, text) = answer.map { ($0.1, $0.2) } ?? (request.method == .get ? 200 : 204, request.method == .get ? "{}" : "")
                var replyHeaders: HTTPFields = [.contentType: "application/json"]
                for (name, value) in answer?.3 ?? [:] { replyHeaders[HTTPField.Name(name)!] = value }
                return Response(status: .init(code: status), headers: replyHeaders, body: .init(byteBuffer: ByteBuffer(string: text)))
            }
        }
        try await Application(router: router).test(.live) { client in
            let sidecar = DaprSidecarClient(endpoint: "http://127.0.0.1:\(client.port!)", apiToken: token, retry: RetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(1), maxBackoff: .milliseconds(2)))
            try await body(sidecar, recorder)
        }
    }

    static func json(_ text: String) throws -> JSONValue { try JSONValue(json: Data(text.utf8)) }

    let actor = ActorAddress(type: "TaskActor", id: "t 1")

    @Test func stateIsReadPerKeyAndSavedAsOneTransaction() async throws {
        try await withSidecar(token: "tok") { sidecar, recorder in
            recorder.answer("/v1.0/actors/TaskActor/t%201/state/missing", 204)
            recorder.answer("/v1.0/actors/TaskActor/t%201/state/task", 200, #"{"title":"x"}"#)
            #expect(try await sidecar.loadActorState(actor, key: "task") == Data(#"{"title":"x"}"#.utf8))
            #expect(try await sidecar.loadActorState(actor, key: "missing") == nil)
            try await sidecar.saveActorState(actor, [.upsert(key: "task", json: Data(#"{"title":"y"}"#.utf8)), .delete(key: "old")])
            let save = try #require(recorder.requests.withLock { $0.last })
            #expect(save.method == "POST")
            #expect(save.uri == "/v1.0/actors/TaskActor/t%201/state")
            #expect(save.headers["content-type"] == "application/json")
            #expect(save.headers["dapr-api-token"] == "tok")
            #expect(try Self.json(save.body) == .array([
                .object(["operation": .string("upsert"), "request": .object(["key": .string("task"), "value": .object(["title": .string("y")])])]),
                .object(["operation": .string("delete"), "request": .object(["key": .string("old")])]),
            ]))
        }
    }

    @Test func remindersUseAbsoluteUTCDueTimesAndPlainDurations() async throws {
        try await withSidecar { sidecar, recorder in
            let due = Date(timeIntervalSince1970: 1_800_000_000)
            try await sidecar.registerReminder(ReminderRecord(actor: actor, name: "due/2026-12-01", dueTime: due, period: .seconds(86_400), data: Data(#"{"n":1}"#.utf8)))
            let request = try #require(recorder.requests.withLock { $0.last })
            #expect(request.method == "POST")
            #expect(request.uri == "/v1.0/actors/TaskActor/t%201/reminders/due%2F2026-12-01")
            // Never P1D: the Scheduler rejects calendar periods.
            #expect(try Self.json(request.body) == .object([
                "dueTime": .string("2027-01-15T08:00:00.000Z"),
                "period": .string("24h0m0s"),
                "data": .object(["n": .int(1)]),
            ]))
            try await sidecar.unregisterReminder(actor, named: "due/2026-12-01")
            #expect(recorder.requests.withLock { $0.last?.method } == "DELETE")
        }
    }

    @Test func timersCarryTheirCallback() async throws {
        try await withSidecar { sidecar, recorder in
            try await sidecar.registerTimer(actor, TimerSpec(name: "snooze", dueTime: .milliseconds(1_500), period: nil, data: Data("1".utf8), callback: "Wake"))
            let request = try #require(recorder.requests.withLock { $0.last })
            #expect(request.uri == "/v1.0/actors/TaskActor/t%201/timers/snooze")
            #expect(try Self.json(request.body) == .object(["dueTime": .string("1500ms"), "period": .string(""), "callback": .string("Wake"), "data": .int(1)]))
        }
    }

    @Test func publishKeepsTheCloudEventAndSetsThePartitionKey() async throws {
        try await withSidecar { sidecar, recorder in
            let event = CloudEvent(id: "ev-1", source: "tasks-service", topic: "task-events", pubsubName: "pubsub", data: .object(["taskId": .string("t1")]))
            try await sidecar.publish(OutboxMessage(event: event, partitionKey: "user 7"), pubsubName: "pubsub")
            let request = try #require(recorder.requests.withLock { $0.last })
            #expect(request.uri == "/v1.0/publish/pubsub/task-events?metadata.partitionKey=user%207")
            #expect(request.headers["content-type"] == "application/cloudevents+json")
            let body = try Self.json(request.body)
            #expect(body["id"] == .string("ev-1"))
            #expect(body["data"] == .object(["taskId": .string("t1")]))
        }
    }

    @Test func invokeSendsTheReentrancyIdAndSurfacesErrors() async throws {
        try await withSidecar { sidecar, recorder in
            recorder.answer("/v1.0/actors/TaskActor/t%201/method/get", 200, #"{"ok":true}"#)
            let result = try await sidecar.invokeActor(actor, method: "get", body: Data("{}".utf8), chainID: "chain-1")
            #expect(result == Data(#"{"ok":true}"#.utf8))
            let request = try #require(recorder.requests.withLock { $0.last })
            #expect(request.method == "PUT")
            #expect(request.headers["dapr-reentrancy-id"] == "chain-1")

            recorder.answer("/v1.0/actors/TaskActor/t%201/method/boom", 500, #"{"errorCode":"ERR_ACTOR_INVOKE_METHOD","message":"error invoke actor method: boom"}"#)
            let error = await #expect(throws: DaprError.self) {
                _ = try await sidecar.invokeActor(actor, method: "boom", body: Data(), chainID: nil)
            }
            #expect(error?.errorCode == "ERR_ACTOR_INVOKE_METHOD")
            #expect(error?.description.contains("ERR_ACTOR_INVOKE_METHOD (HTTP 500)") == true)
            // Not retried: the call may have reached the actor.
            #expect(recorder.requests.withLock { $0.filter { $0.uri.hasSuffix("/boom") }.count } == 1)

            // An actor's own problem passes through daprd with its status.
            recorder.answer("/v1.0/actors/TaskActor/t%201/method/gone", 404, #"{"type":"about:blank","status":404,"title":"Not Found","detail":"task t 1 does not exist"}"#)
            await #expect(throws: ActorProblem.notFound("task t 1 does not exist")) {
                _ = try await sidecar.invokeActor(actor, method: "gone", body: Data(), chainID: nil)
            }
        }
    }

    /// daprd relays an actor's error as the app sent it: status 200, `X-DaprErrorResponseHeader`,
    /// the problem+json body (`pkg/http/api_actors.go` writes `actorErr.StatusCode()`, the app's
    /// 200). Found by the conformance suite: the client used to return that body as the result.
    @Test func aRelayedActorErrorIsThrownNotReturned() async throws {
        try await withSidecar { sidecar, recorder in
            let problem = #"{"type":"about:blank","status":409,"title":"Conflict","detail":"task t 1 changed meanwhile"}"#
            recorder.answer("/v1.0/actors/TaskActor/t%201/method/complete", 200, problem, headers: ["X-DaprErrorResponseHeader": "true"])
            await #expect(throws: ActorProblem.conflict("task t 1 changed meanwhile")) {
                _ = try await sidecar.invokeActor(actor, method: "complete", body: Data(), chainID: nil)
            }
            // A 200 without the header is a result, even when it looks like a problem.
            recorder.answer("/v1.0/actors/TaskActor/t%201/method/echo", 200, problem)
            let echoed = try await sidecar.invokeActor(actor, method: "echo", body: Data(), chainID: nil)
            #expect(echoed == Data(problem.utf8))
            // The header with a body that is not a problem still fails, naming what came back.
            recorder.answer("/v1.0/actors/TaskActor/t%201/method/odd", 200, "oops", headers: ["X-DaprErrorResponseHeader": "true"])
            let error = await #expect(throws: DaprError.self) {
                _ = try await sidecar.invokeActor(actor, method: "odd", body: Data(), chainID: nil)
            }
            #expect(error?.message == "actor error: oops")
        }
    }

    @Test func errorsNameTheDaprErrorCode() async throws {
        try await withSidecar { sidecar, recorder in
            recorder.answer("/v1.0/actors/TaskActor/t%201/state", 400, #"{"errorCode":"ERR_ACTOR_INSTANCE_MISSING","message":"actor instance is missing"}"#)
            let error = await #expect(throws: DaprError.self) {
                try await sidecar.saveActorState(actor, [.delete(key: "k")])
            }
            #expect(error?.description == "Dapr save state TaskActor/t 1 failed: ERR_ACTOR_INSTANCE_MISSING (HTTP 400): actor instance is missing")
        }
    }

    @Test func idempotentCallsAreRetriedWhenTheSidecarIsBusy() async throws {
        try await withSidecar { sidecar, recorder in
            recorder.answer("/v1.0/metadata", 503, "")
            let error = await #expect(throws: DaprError.self) { _ = try await sidecar.metadata() }
            #expect(error?.status == 503)
            #expect(recorder.requests.withLock { $0.filter { $0.uri == "/v1.0/metadata" }.count } == 3, "three attempts")
        }
    }

    @Test func anUnreachableSidecarFailsClearly() async throws {
        let sidecar = DaprSidecarClient(endpoint: "http://127.0.0.1:1", timeout: .milliseconds(300), retry: RetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(1), maxBackoff: .milliseconds(1)))
        let error = await #expect(throws: DaprError.self) { _ = try await sidecar.loadActorState(actor, key: "k") }
        #expect(error?.description.contains("sidecar at http://127.0.0.1:1 did not answer after 2 attempt(s)") == true)
    }

    @Test func environmentPicksTheEndpointAndToken() {
        #expect(DaprSidecarClient.fromEnvironment(["DAPR_HTTP_PORT": "3601"]).endpoint == "http://127.0.0.1:3601")
        #expect(DaprSidecarClient.fromEnvironment([:]).endpoint == "http://127.0.0.1:3500")
        let explicit = DaprSidecarClient.fromEnvironment(["DAPR_HTTP_ENDPOINT": "http://dapr:3500/", "DAPR_HTTP_PORT": "1", "DAPR_API_TOKEN": "t"])
        #expect(explicit.endpoint == "http://dapr:3500")
        #expect(explicit.apiToken == "t")
    }
}
