import ActorRuntime
import ArgumentParser
import DaprHost
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import TodoGateway

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the platform: every service in one process (default), or one service.",
        discussion: """
        Runtimes: embedded (actors in this process, state in SQLite/Redis/memory) or dapr (one
        service next to a Dapr sidecar: DAPR_HTTP_PORT or DAPR_HTTP_ENDPOINT, DAPR_API_TOKEN,
        APP_API_TOKEN). Services: \(ServiceCatalog.all.map(\.appID).joined(separator: ", ")).
        Environment: TODO_JWT_SECRET (required behind Dapr), TODO_RATE_LIMIT (requests per
        second per user, default 50), TODO_SCRYPT_LOG_N (password hashing cost, default 15).
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

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel ?? ProcessInfo.processInfo.environment["TODO_LOG_LEVEL"] ?? "info") ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "todo")
        let services: [ServiceDefinition]
        if target == "all" {
            services = ServiceCatalog.all
        } else if let service = ServiceCatalog.named(target) {
            services = [service]
        } else {
            throw ValidationError("unknown --target '\(target)'; the services are: all, \(ServiceCatalog.all.map(\.appID).joined(separator: ", "))")
        }
        let port = self.port ?? ProcessInfo.processInfo.environment["APP_PORT"].flatMap(Int.init) ?? 8080
        _ = HTTPSurface.metricsRegistry
        switch runtime {
        case .embedded:
            try await runEmbedded(services, port: port, logger: logger)
        case .dapr:
            guard services.count == 1 else { throw ValidationError("--runtime dapr runs one service: pass --target <app-id>") }
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
        let accessTokens = try await HTTPSurface.accessTokens(dataDirectory: dataDirectory)
        let parts = try await makeParts(services, ServiceContext(dataDirectory: dataDirectory, accessTokens: accessTokens, actors: host, logger: logger))
        // Before the host starts, so the outbox it replays at start reaches every subscriber.
        for subscription in parts.flatMap(\.subscriptions) { host.bus.subscribe(subscription) }

        let router = Router()
        HTTPSurface.addOperationalRoutes(to: router) { host.isStarted && parts.allSatisfy { $0.isReady() } }
        if services.contains(where: \.servesGateway) {
            let gateway = HTTPSurface.gatewayServices(actors: host, accessTokens: accessTokens, logger: logger)
            try Gateway.addRoutes(to: router, services: gateway)
        }
        for part in parts { part.addRoutes(router) }
        let summary = "embedded actor runtime, \(storeOptions.summary), services: \(services.map(\.appID).joined(separator: ", "))"
        // Consumers start before the host and stop after it: the host drains its deliveries
        // into them before they close their stores.
        try await serve(router: router, port: port, services: parts.flatMap(\.services) + [host], summary: summary, logger: logger)
    }

    /// One service next to a Dapr sidecar: the sidecar places actors, holds their turn locks,
    /// keeps their state and reminders, and carries pub/sub.
    func runBehindSidecar(_ service: ServiceDefinition, port: Int, logger: Logger) async throws {
        let environment = ProcessInfo.processInfo.environment
        let sidecar = DaprSidecarClient.fromEnvironment(environment)
        let host = SidecarActorHost(configuration: .init(appID: service.appID, idleTimeout: .seconds(idleTimeout)), sidecar: sidecar, logger: logger)
        service.registerActors(host)
        let accessTokens = try await HTTPSurface.accessTokens(dataDirectory: nil)
        let parts = try await service.makeParts(ServiceContext(dataDirectory: nil, accessTokens: accessTokens, actors: host, logger: logger))

        let router = Router()
        HTTPSurface.addOperationalRoutes(to: router) { parts.isReady() }
        DaprAppRoutes(actors: host.hostedTypes.isEmpty ? nil : host, subscriptions: parts.subscriptions, appToken: environment["APP_API_TOKEN"], logger: logger).add(to: router)
        if service.servesGateway {
            // The gateway hosts no actors; it calls them through its sidecar.
            let gateway = HTTPSurface.gatewayServices(actors: host, accessTokens: accessTokens, logger: logger)
            try Gateway.addRoutes(to: router, services: gateway)
        }
        parts.addRoutes(router)
        let summary = "\(service.appID) behind the Dapr sidecar at \(sidecar.endpoint)" + (host.hostedTypes.isEmpty ? "" : ", actor types: \(host.hostedTypes.joined(separator: ", "))")
        try await serve(router: router, port: port, services: parts.services, summary: summary, logger: logger)
    }

    private func makeParts(_ services: [ServiceDefinition], _ context: ServiceContext) async throws -> [ServiceParts] {
        var parts: [ServiceParts] = []
        for service in services { parts.append(try await service.makeParts(context)) }
        return parts
    }

    private func serve(router: Router<BasicRequestContext>, port: Int, services: [any Service], summary: String, logger: Logger) async throws {
        let address = host
        let application = Application(
            router: router,
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
                services: services.map { .init(service: $0) } + [.init(service: application)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                cancellationSignals: [],
                logger: logger
            )
        )
        try await group.run()
    }
}
