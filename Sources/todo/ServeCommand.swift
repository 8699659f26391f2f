import ActorRuntime
import ArgumentParser
import DaprHost
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle
import TodoGateway
import TodoObservability
import UnixSignals

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the platform: every service in one process (default), or one service.",
        discussion: """
        Runtimes: embedded (actors in this process, state in SQLite/Redis/memory) or dapr (one
        service next to a Dapr sidecar: DAPR_HTTP_PORT or DAPR_HTTP_ENDPOINT, DAPR_API_TOKEN,
        APP_API_TOKEN, TODO_PUBSUB_NAME (default pubsub), TODO_DAPR_SUBSCRIPTIONS (programmatic or
        declarative)). Services: \(ServiceCatalog.all.map(\.appID).joined(separator: ", ")).
        Environment: TODO_JWT_SECRET (required behind Dapr), TODO_RATE_LIMIT (requests per
        second per user, default 50), TODO_SCRYPT_LOG_N (password hashing cost, default 15),
        TODO_SMTP_URL / TODO_SMTP_FROM / TODO_SMTP_STARTTLS / TODO_SMTP_CA_FILE and
        TODO_NOTIFY_* (notification-service, see docs/notifications.md),
        TODO_WS_* (websocket-service: docs/websocket.md).
        """
    )

    enum Runtime: String, ExpressibleByArgument, CaseIterable {
        case embedded, dapr
    }

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "The service to run (a Dapr app-id), or all.")
    var target: String = "all"

    @Option(help: "embedded, or dapr (one service behind a sidecar; needs --target).")
    var runtime: Runtime = .embedded

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "HTTP port (env APP_PORT; default 8080).")
    var port: Int?

    @Option(help: "Collect an actor after this many seconds without a turn.")
    var idleTimeout: Int = 3600

    @Option(help: "Collect least recently used idle actors above this many activations.")
    var maxActiveActors: Int = 100_000

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (env TODO_LOG_LEVEL).")
    var logLevel: String?

    @Option(help: "Log lines as json or text (env TODO_LOG_FORMAT; default json with --runtime dapr, else text).")
    var logFormat: LogFormat?

    @Option(help: "Append every event of every topic to this file, one CloudEvent per line (embedded runtime).")
    var eventLog: String?

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel ?? ProcessInfo.processInfo.environment["TODO_LOG_LEVEL"] ?? "info") ?? .info
        let environment = ProcessInfo.processInfo.environment
        var format: LogFormat = runtime == .dapr ? .json : .text
        if let named = logFormat {
            format = named
        } else if let text = environment["TODO_LOG_FORMAT"], !text.isEmpty {
            guard let named = LogFormat(rawValue: text) else { throw ValidationError("TODO_LOG_FORMAT is '\(text)'; it is json or text") }
            format = named
        }
        try Observability.bootstrap(format: format, level: level, serviceName: target == "all" ? "todo" : target)
        let logger = Logger(label: "todo.runtime")
        let services: [ServiceDefinition]
        if target == "all" {
            services = ServiceCatalog.all
        } else if let service = ServiceCatalog.named(target) {
            services = [service]
        } else {
            throw ValidationError("unknown --target '\(target)'; the services are: all, \(ServiceCatalog.all.map(\.appID).joined(separator: ", "))")
        }
        let port = self.port ?? ProcessInfo.processInfo.environment["APP_PORT"].flatMap(Int.init) ?? 8080
        switch runtime {
        case .embedded:
            try await runEmbedded(services, port: port, logger: logger)
        case .dapr:
            guard services.count == 1 else { throw ValidationError("--runtime dapr runs one service: pass --target <app-id>") }
            guard eventLog == nil else { throw ValidationError("--event-log watches the in-process bus: behind Dapr, events travel through the sidecar") }
            try await runBehindSidecar(services[0], port: port, logger: logger)
        }
    }

    /// Everything in this process on the embedded actor host.
    func runEmbedded(_ services: [ServiceDefinition], port: Int, logger: Logger) async throws {
        var configuration = EmbeddedActorHost.Configuration(appID: "todo")
        configuration.idleTimeout = .seconds(idleTimeout)
        configuration.maxActiveActors = maxActiveActors
        let host = EmbeddedActorHost(configuration: configuration, store: try storeOptions.makeStore(appID: configuration.appID), logger: logger)
        for service in services { service.registerActors(host) }
        let dataDirectory = storeOptions.resolvedDataDir
        let authenticator = HTTPSurface.authenticator(accessTokens: try await HTTPSurface.accessTokens(dataDirectory: dataDirectory), actors: host)
        let parts = try await makeParts(services, ServiceContext(dataDirectory: dataDirectory, authenticator: authenticator, actors: host, logger: logger))
        // Before the host starts, so the outbox it replays at start reaches every subscriber.
        for subscription in parts.flatMap(\.subscriptions) { host.bus.subscribe(subscription) }
        if let eventLog {
            for subscription in try EventLog(path: eventLog).subscriptions() { host.bus.subscribe(subscription) }
        }

        let router = Router()
        HTTPSurface.addOperationalRoutes(to: router, service: HTTPSurface.embeddedService(ofRoute:)) { host.isStarted && parts.allSatisfy { $0.isReady() } }
        if services.contains(where: \.servesGateway) {
            let gateway = try HTTPSurface.gatewayServices(actors: host, authenticator: authenticator, logger: Logger(label: Observability.component(ofService: "api-gateway")))
            try Gateway.addRoutes(to: router, services: gateway)
        }
        for part in parts { part.addRoutes(router) }
        let summary = "embedded actor runtime, \(storeOptions.summary), services: \(services.map(\.appID).joined(separator: ", "))"
        // Consumers start before the host and stop after it: the host drains its deliveries
        // into them before they close their stores.
        try await serve(router: router, port: port, services: parts.flatMap(\.services) + [host], webSockets: parts.compactMap(\.webSocket), service: HTTPSurface.embeddedService(ofRoute:), summary: summary, logger: logger)
    }

    /// One service next to a Dapr sidecar: the sidecar places actors, holds their turn locks,
    /// keeps their state and reminders, and carries pub/sub.
    func runBehindSidecar(_ service: ServiceDefinition, port: Int, logger: Logger) async throws {
        let environment = ProcessInfo.processInfo.environment
        try DaprStartupChecks.verify(environment, logger: logger)
        let sidecar = DaprSidecarClient.fromEnvironment(environment)
        let pubsubName = environment["TODO_PUBSUB_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "pubsub"
        let advertisesSubscriptions: Bool
        switch environment["TODO_DAPR_SUBSCRIPTIONS"] ?? "programmatic" {
        case "programmatic", "": advertisesSubscriptions = true
        case "declarative": advertisesSubscriptions = false
        case let other: throw ValidationError("TODO_DAPR_SUBSCRIPTIONS is '\(other)'; it is programmatic (the app lists its subscriptions on /dapr/subscribe, the default) or declarative (Subscription resources list them)")
        }
        let host = SidecarActorHost(configuration: .init(appID: service.appID, pubsubName: pubsubName, idleTimeout: .seconds(idleTimeout)), sidecar: sidecar, logger: logger)
        service.registerActors(host)
        // A service that checks no tokens (the frontend) runs without TODO_JWT_SECRET.
        let accessTokens = service.usesAccessTokens ? try await HTTPSurface.accessTokens(dataDirectory: nil) : await HTTPSurface.unusedAccessTokens()
        let authenticator = HTTPSurface.authenticator(accessTokens: accessTokens, actors: host)
        let parts = try await service.makeParts(ServiceContext(dataDirectory: nil, authenticator: authenticator, actors: host, logger: logger).logging(as: service.appID))

        let router = Router()
        HTTPSurface.addOperationalRoutes(to: router, service: { [appID = service.appID] _ in appID }) { parts.isReady() }
        DaprAppRoutes(actors: host.hostedTypes.isEmpty ? nil : host, subscriptions: parts.subscriptions, pubsubName: pubsubName, advertisesSubscriptions: advertisesSubscriptions, appToken: environment["APP_API_TOKEN"], logger: logger).add(to: router)
        if service.servesGateway {
            // The gateway hosts no actors; it calls them through its sidecar.
            let gateway = try HTTPSurface.gatewayServices(actors: host, authenticator: authenticator, logger: Logger(label: Observability.component(ofService: "api-gateway")))
            try Gateway.addRoutes(to: router, services: gateway)
        }
        parts.addRoutes(router)
        let summary = "\(service.appID) behind the Dapr sidecar at \(sidecar.endpoint)" + (host.hostedTypes.isEmpty ? "" : ", actor types: \(host.hostedTypes.joined(separator: ", "))")
        try await serve(router: router, port: port, services: parts.services, webSockets: parts.webSocket.map { [$0] } ?? [], service: { [appID = service.appID] _ in appID }, summary: summary, logger: logger)
    }

    private func makeParts(_ services: [ServiceDefinition], _ context: ServiceContext) async throws -> [ServiceParts] {
        var parts: [ServiceParts] = []
        for service in services { parts.append(try await service.makeParts(context.logging(as: service.appID))) }
        return parts
    }

    private func serve(router: Router<BasicRequestContext>, port: Int, services: [any Service], webSockets: [WebSocketEndpoint], service: @escaping @Sendable (String) -> String, summary: String, logger: Logger) async throws {
        let address = host
        let application = Application(
            router: router,
            server: Self.httpServer(webSockets: webSockets, service: service),
            configuration: .init(address: .hostname(address, port: port), serverName: "todo"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                FileHandle.standardOutput.write(Data("todo: ready on http://\(address):\(bound) — \(summary)\n".utf8))
            },
            logger: logger
        )
        // Services start in order and stop in reverse: the HTTP server, last, stops first, so
        // no request finds the actor host gone.
        let group = ServiceGroup(
            configuration: .init(
                services: (Observability.backgroundServices + services).map { .init(service: $0) } + [.init(service: application)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                cancellationSignals: [],
                logger: logger
            )
        )
        try await group.run()
    }

    /// Plain HTTP/1, or HTTP/1 with WebSocket upgrades when a service takes them: each
    /// endpoint is asked in turn, and requests none takes reach the router as before.
    static func httpServer(webSockets: [WebSocketEndpoint], service: @escaping @Sendable (String) -> String) -> HTTPServerBuilder {
        // Every server refuses over-long request targets (414) and records the client address;
        // `Guarded` answers what the HTTP decoder itself refuses (heads over 80 KiB, bad HTTP).
        let http1 = HTTP1Channel.Configuration(additionalChannelHandlers: RequestHeadGuard.handlers())
        guard let first = webSockets.first else {
            return HTTPServerBuilder { responder in RequestHeadGuard.Guarded(HTTP1Channel(responder: responder, configuration: http1)) }
        }
        // One socket configuration per server: the first endpoint's (only the
        // websocket-service has one today).
        let configuration = HTTP1WebSocketUpgradeChannel.Configuration(http1: http1, ws: first.configuration)
        let shouldUpgrade: @Sendable (HTTPRequest, any Channel, Logger) async -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> = { request, channel, logger in
            let started = ContinuousClock.now
            for endpoint in webSockets {
                let decision = await endpoint.shouldUpgrade(request, channel, logger)
                if case .upgrade = decision {
                    // An accepted upgrade is answered 101 here and never reaches the router:
                    // count it as a request on the endpoint's route.
                    HTTPMetrics.record(service: service(endpoint.route), route: endpoint.route, method: request.method.rawValue, status: 101, seconds: (ContinuousClock.now - started).timeInterval)
                    return decision
                }
            }
            return .dontUpgrade
        }
        // Not wrapped in `Guarded`: around the upgrade channel it broke WebSocket handshakes
        // (found at merge); a server with /ws still drops heads the decoder refuses (#20, open).
        return HTTPServerBuilder { responder in
            HTTP1WebSocketUpgradeChannel(responder: responder, configuration: configuration, shouldUpgrade: shouldUpgrade)
        }
    }
}
