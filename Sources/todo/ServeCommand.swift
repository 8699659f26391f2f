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
        abstract: "Run the platform: every service in one process (default), a list of them, or one behind Dapr.",
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

    @Option(help: "The services to run: app-ids separated by commas, or all. Embedded, the services they call are added (api-gateway brings tasks-service and recurring-task-service); behind Dapr, exactly one.")
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
        let selection: ServiceSelection
        do {
            selection = try ServiceCatalog.select(target, oneProcess: runtime == .embedded)
        } catch {
            throw ValidationError(error.description)
        }
        try Observability.bootstrap(format: format, level: level, serviceName: selection.requested.count == 1 ? selection.requested[0] : "todo")
        let logger = Logger(label: "todo.runtime")
        if !selection.added.isEmpty {
            logger.notice("added the services the requested ones call", metadata: ["added": "\(selection.added.joined(separator: ", "))", "requested": "\(selection.requested.joined(separator: ", "))"])
        }
        let services = selection.services
        let port = self.port ?? ProcessInfo.processInfo.environment["APP_PORT"].flatMap(Int.init) ?? 8080
        let wiring: HostWiring
        switch runtime {
        case .embedded:
            wiring = try embeddedHost(services, logger: logger)
        case .dapr:
            guard eventLog == nil else { throw ValidationError("--event-log watches the in-process bus: behind Dapr, events travel through the sidecar") }
            wiring = try sidecarHost(services[0], logger: logger)
        }
        try await serve(services, on: wiring, port: port, logger: logger)
    }

    /// What differs between the two hosts; everything else `serve(_:on:)` does the same way.
    struct HostWiring {
        let host: any ActorHost
        /// The data directory under `todo serve`; nil behind Dapr (state lives elsewhere).
        let dataDirectory: String?
        /// The `service` label of a route in the HTTP metrics.
        let serviceOfRoute: @Sendable (String) -> String
        /// Routes only this host needs (the Dapr app routes), added once the subscriptions are known.
        let addHostRoutes: (Router<BasicRequestContext>) -> Void
        /// The ready line's description (read after the actor types are registered).
        let summary: () -> String
    }

    /// Everything in this process on the embedded actor host.
    func embeddedHost(_ services: [ServiceDefinition], logger: Logger) throws -> HostWiring {
        var configuration = EmbeddedActorHost.Configuration(appID: "todo")
        configuration.idleTimeout = .seconds(idleTimeout)
        configuration.maxActiveActors = maxActiveActors
        let host = EmbeddedActorHost(configuration: configuration, store: try storeOptions.makeStore(appID: configuration.appID), logger: logger)
        if let eventLog {
            for subscription in try EventLog(path: eventLog).subscriptions() { host.subscribe(subscription) }
        }
        let summary = "embedded actor runtime, \(storeOptions.summary), services: \(services.map(\.appID).joined(separator: ", "))"
        return HostWiring(host: host, dataDirectory: storeOptions.resolvedDataDir, serviceOfRoute: HTTPSurface.embeddedService(ofRoute:), addHostRoutes: { _ in }, summary: { summary })
    }

    /// One service next to a Dapr sidecar: the sidecar places actors, holds their turn locks,
    /// keeps their state and reminders, and carries pub/sub.
    func sidecarHost(_ service: ServiceDefinition, logger: Logger) throws -> HostWiring {
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
        let routes: (Router<BasicRequestContext>) -> Void = { router in
            DaprAppRoutes(actors: host.hostedTypes.isEmpty ? nil : host, subscriptions: host.subscriptions, pubsubName: pubsubName, advertisesSubscriptions: advertisesSubscriptions, appToken: environment["APP_API_TOKEN"], logger: logger).add(to: router)
        }
        return HostWiring(host: host, dataDirectory: nil, serviceOfRoute: { [appID = service.appID] _ in appID }, addHostRoutes: routes, summary: { [appID = service.appID, endpoint = sidecar.endpoint] in
            "\(appID) behind the Dapr sidecar at \(endpoint)" + (host.hostedTypes.isEmpty ? "" : ", actor types: \(host.hostedTypes.joined(separator: ", "))")
        })
    }

    /// Every service, on either host, the same way: its actor types registered, its parts
    /// built, its subscriptions given to the host, its routes on one router, its background
    /// services and the host run by one service group.
    func serve(_ services: [ServiceDefinition], on wiring: HostWiring, port: Int, logger: Logger) async throws {
        let host = wiring.host
        for service in services { service.registerActors(host) }
        // A process whose services check no tokens (the frontend alone) needs no secret.
        let accessTokens = services.contains(where: \.usesAccessTokens) ? try await HTTPSurface.accessTokens(dataDirectory: wiring.dataDirectory) : await HTTPSurface.unusedAccessTokens()
        let authenticator = HTTPSurface.authenticator(accessTokens: accessTokens, actors: host)
        let parts = try await makeParts(services, ServiceContext(dataDirectory: wiring.dataDirectory, authenticator: authenticator, actors: host, logger: logger))
        // Before the host starts, so the outbox the embedded host replays at start reaches
        // every subscriber (and the Dapr routes list them all).
        for subscription in parts.flatMap(\.subscriptions) { host.subscribe(subscription) }

        let router = Router()
        HTTPSurface.addOperationalRoutes(to: router, service: wiring.serviceOfRoute) { host.isReady && parts.allSatisfy { $0.isReady() } }
        wiring.addHostRoutes(router)
        if services.contains(where: \.servesGateway) {
            // Behind Dapr the gateway hosts no actors; it calls them through its sidecar.
            let gateway = try HTTPSurface.gatewayServices(actors: host, authenticator: authenticator, logger: Logger(label: Observability.component(ofService: "api-gateway")))
            try Gateway.addRoutes(to: router, services: gateway)
        }
        for part in parts { part.addRoutes(router) }
        let summary = wiring.summary()
        // Consumers start before the host and stop after it: the host drains its deliveries
        // into them before they close their stores.
        try await serve(router: router, port: port, services: parts.flatMap(\.services) + [host], webSockets: parts.compactMap(\.webSocket), service: wiring.serviceOfRoute, summary: summary, logger: logger)
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
        return HTTPServerBuilder { responder in
            RequestHeadGuard.Guarded(HTTP1WebSocketUpgradeChannel(responder: responder, configuration: configuration, shouldUpgrade: shouldUpgrade))
        }
    }
}
