// The Swift side of the Dapr conformance suite (Tests/python/test_dapr_conformance.py):
//
//   DaprConformanceApp serve                          hosts DemoActor behind the sidecar
//       env APP_PORT, DAPR_HTTP_PORT | DAPR_HTTP_ENDPOINT, APP_API_TOKEN, DAPR_API_TOKEN
//   DaprConformanceApp invoke TYPE ID METHOD [JSON]   calls an actor through the sidecar
//       prints the response body; exit 1 with the error on stderr
import ActorRuntime
import ActorRuntimeTesting
import DaprHost
import Foundation
import Logging
import ServiceLifecycle

let arguments = Array(CommandLine.arguments.dropFirst())
let environment = ProcessInfo.processInfo.environment
var logger = Logger(label: "conformance")
logger.logLevel = .warning

switch arguments.first {
case "serve":
    let sidecar = DaprSidecarClient.fromEnvironment()
    let host = SidecarActorHost(
        configuration: .init(appID: "demo", idleTimeout: .seconds(3600), drainOngoingCallTimeout: .seconds(60), drainRebalancedActors: true),
        sidecar: sidecar,
        logger: logger
    )
    host.register(DemoActor.self)
    let routes = DaprAppRoutes(actors: host, appToken: environment["APP_API_TOKEN"], logger: logger)
    let server = DaprAppServer.make(routes: routes, hostname: "127.0.0.1", port: Int(environment["APP_PORT"] ?? "3000") ?? 3000, logger: logger)
    let group = ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger)
    try await group.run()
case "invoke" where arguments.count >= 4:
    let client = DaprSidecarClient.fromEnvironment()
    do {
        let body = arguments.count >= 5 ? Data(arguments[4].utf8) : Data()
        let result = try await client.invokeActor(ActorAddress(type: arguments[1], id: arguments[2]), method: arguments[3], body: body, chainID: nil)
        print(String(decoding: result, as: UTF8.self))
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(1)
    }
default:
    FileHandle.standardError.write(Data("usage: DaprConformanceApp serve | invoke TYPE ID METHOD [JSON]\n".utf8))
    exit(2)
}
