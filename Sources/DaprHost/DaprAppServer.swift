import ActorRuntime
import Hummingbird
import Logging
import ServiceLifecycle

/// An HTTP server for a service behind a sidecar: the Dapr routes plus `/healthz`.
public enum DaprAppServer {
    public static func make(routes: DaprAppRoutes, hostname: String = "0.0.0.0", port: Int, logger: Logger) -> some Service {
        let router = Router()
        router.get("/healthz") { _, _ in HTTPResponse.Status.ok }
        routes.add(to: router)
        return Application(router: router, configuration: .init(address: .hostname(hostname, port: port), serverName: "todo"), logger: logger)
    }
}
