// The Swift side of the Dapr conformance suite (Tests/python/test_dapr_conformance.py):
//
//   DaprConformanceApp serve                            hosts DemoActor behind the sidecar
//       env APP_PORT, DAPR_HTTP_PORT | DAPR_HTTP_ENDPOINT, APP_API_TOKEN, DAPR_API_TOKEN
//   DaprConformanceApp invoke TYPE ID METHOD [JSON]     calls an actor through the sidecar
//   DaprConformanceApp get-state TYPE ID KEY            reads one actor state key
//   DaprConformanceApp save-state TYPE ID KEY JSON      one transactional upsert
//   DaprConformanceApp get-reminder TYPE ID NAME        reads a reminder back
//   DaprConformanceApp publish PUBSUB TOPIC KEY JSON    publishes a CloudEvent (partition key KEY)
//   DaprConformanceApp metadata                         prints the sidecar's metadata
//
// The client modes use the sidecar client (`DaprSidecarClient.fromEnvironment()`: DAPR_HTTP_PORT
// or DAPR_HTTP_ENDPOINT, DAPR_API_TOKEN). They print the result on stdout and exit 0; on failure
// they print one JSON object on stderr and exit 1:
//   {"kind": "actorProblem", "status": 400, "title": …, "detail": …}
//   {"kind": "daprError", "status": 500, "errorCode": "ERR_…", "message": …}
//   {"kind": "other", "message": …}
import ActorRuntime
import ActorRuntimeTesting
import DaprHost
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

let arguments = Array(CommandLine.arguments.dropFirst())
let environment = ProcessInfo.processInfo.environment
var logger = Logger(label: "conformance")
logger.logLevel = .warning

func usage() -> Never {
    FileHandle.standardError.write(Data("usage: DaprConformanceApp serve | invoke TYPE ID METHOD [JSON] | get-state TYPE ID KEY | save-state TYPE ID KEY JSON | get-reminder TYPE ID NAME | publish PUBSUB TOPIC KEY JSON | metadata\n".utf8))
    exit(2)
}

/// Runs one client call: its output on stdout, or its failure as JSON on stderr and exit 1.
func runClient(_ body: (DaprSidecarClient) async throws -> String?) async {
    // No retries: every request the suite records must be exactly one the test asked for.
    var client = DaprSidecarClient.fromEnvironment()
    client.retry = RetryPolicy(maxAttempts: 1, initialBackoff: .milliseconds(1), maxBackoff: .milliseconds(1))
    client.timeout = .seconds(15)
    do {
        if let output = try await body(client) { print(output) }
    } catch {
        var failure: [String: JSONValue]
        switch error {
        case let problem as ActorProblem:
            failure = ["kind": .string("actorProblem"), "status": .int(Int64(problem.status)), "title": .string(problem.title), "detail": .string(problem.detail)]
        case let dapr as DaprError:
            failure = ["kind": .string("daprError"), "message": .string(dapr.message), "description": .string(dapr.description)]
            failure["status"] = dapr.status.map { .int(Int64($0)) } ?? .null
            failure["errorCode"] = dapr.errorCode.map { .string($0) } ?? .null
        default:
            failure = ["kind": .string("other"), "message": .string("\(error)")]
        }
        let text = (try? JSONValue.object(failure).jsonData()).map { String(decoding: $0, as: UTF8.self) } ?? "\(error)"
        FileHandle.standardError.write(Data((text + "\n").utf8))
        exit(1)
    }
}

func json(_ text: String) throws -> JSONValue { try JSONValue(json: Data(text.utf8)) }

switch arguments.first {
case "serve":
    let sidecar = DaprSidecarClient.fromEnvironment()
    let host = SidecarActorHost(
        // The SDK has no outbox: its traffic is compared call for call with ours, so this
        // app sends effects straight after the save (the production hosts keep an outbox).
        configuration: .init(appID: "demo", idleTimeout: .seconds(3600), drainOngoingCallTimeout: .seconds(60), drainRebalancedActors: true, durableEffects: false),
        sidecar: sidecar,
        logger: logger
    )
    host.register(DemoActor.self)
    let routes = DaprAppRoutes(actors: host, appToken: environment["APP_API_TOKEN"], logger: logger)
    let server = DaprAppServer.make(routes: routes, hostname: "127.0.0.1", port: Int(environment["APP_PORT"] ?? "3000") ?? 3000, logger: logger)
    let group = ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger)
    try await group.run()

case "invoke" where arguments.count == 4 || arguments.count == 5:
    await runClient { client in
        let body = arguments.count == 5 ? Data(arguments[4].utf8) : Data()
        let result = try await client.invokeActor(ActorAddress(type: arguments[1], id: arguments[2]), method: arguments[3], body: body, chainID: nil)
        return String(decoding: result, as: UTF8.self)
    }

case "get-state" where arguments.count == 4:
    await runClient { client in
        let value = try await client.loadActorState(ActorAddress(type: arguments[1], id: arguments[2]), key: arguments[3])
        return value.map { String(decoding: $0, as: UTF8.self) } ?? "<absent>"
    }

case "save-state" where arguments.count == 5:
    await runClient { client in
        try await client.saveActorState(ActorAddress(type: arguments[1], id: arguments[2]), [.upsert(key: arguments[3], json: Data(arguments[4].utf8))])
        return nil
    }

case "get-reminder" where arguments.count == 4:
    await runClient { client in
        guard let reminder = try await client.reminder(ActorAddress(type: arguments[1], id: arguments[2]), named: arguments[3]) else {
            return "<absent>"
        }
        var fields: [String: JSONValue] = [
            "name": .string(reminder.name),
            "dueTime": .string(Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(reminder.dueTime)),
            "periodSeconds": reminder.period.map { .double(Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18) } ?? .null,
        ]
        fields["data"] = reminder.data.isEmpty ? .null : try JSONValue(json: reminder.data)
        return String(decoding: try JSONValue.object(fields).jsonData(), as: UTF8.self)
    }

case "publish" where arguments.count == 5:
    await runClient { client in
        let event = CloudEvent(id: UUID().uuidString, source: "demo", topic: arguments[2], pubsubName: arguments[1], data: try json(arguments[4]))
        try await client.publish(OutboxMessage(event: event, partitionKey: arguments[3]), pubsubName: arguments[1])
        return event.id
    }

case "metadata" where arguments.count == 1:
    await runClient { client in
        String(decoding: try await client.metadata().jsonData(), as: UTF8.self)
    }

default:
    usage()
}
