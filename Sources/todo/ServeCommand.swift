import ActorRuntime
import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the platform in one process on the embedded actor runtime."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "Collect an actor after this many seconds without a turn.")
    var idleTimeout: Int = 3600

    @Option(help: "Collect least recently used idle actors above this many activations.")
    var maxActiveActors: Int = 100_000

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "todo")
        var configuration = EmbeddedActorHost.Configuration(appID: "todo")
        configuration.idleTimeout = .seconds(idleTimeout)
        configuration.maxActiveActors = maxActiveActors
        let host = EmbeddedActorHost(configuration: configuration, store: try storeOptions.makeStore(appID: configuration.appID), logger: logger)

        let group = ServiceGroup(
            services: [host, ReadyAnnouncer(host: host, storeSummary: storeOptions.summary)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [],
            logger: logger
        )
        try await group.run()
    }
}

/// Prints the ready line once the host has started, then waits for shutdown.
struct ReadyAnnouncer: Service {
    let host: EmbeddedActorHost
    let storeSummary: String

    func run() async throws {
        while !host.isStarted {
            try await Task.sleep(for: .milliseconds(5))
        }
        print("todo: ready — embedded actor runtime, \(storeSummary), actor types: \(host.registeredTypes.joined(separator: ", "))")
        try? await gracefulShutdown()
    }
}
