import ActorRuntime
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import Metrics
import NIOCore
import ServiceLifecycle
import TodoEvents
import TodoHTTP

/// The websocket-service: consumes `task-updates` and sends each update to every open
/// socket of its user (`GET /ws`), and to nobody else.
///
/// Every replica must receive every update (its sockets are its own), so behind Dapr its
/// Kafka pub/sub component needs `consumerGroup: "{podName}"`. As a `Service`, `run()`
/// sweeps expired resume buffers until shutdown, then closes the sockets (1001).
public final class LiveService: Service, Sendable {
    public let configuration: LiveConfiguration
    let hub: LiveHub
    let authenticator: RequestAuthenticator
    let logger: Logger
    let metrics = LiveMetrics()

    public init(configuration: LiveConfiguration = LiveConfiguration(), authenticator: RequestAuthenticator, logger: Logger = Logger(label: "todo.live")) {
        self.configuration = configuration
        self.hub = LiveHub(configuration: configuration)
        self.authenticator = authenticator
        self.logger = logger
        // Open sockets as of each scrape, not of the last sweep.
        RuntimeTelemetry.onScrape { [hub, metrics] in metrics.sockets.record(hub.socketCount) }
    }

    /// The server settings `/ws` needs: pings every heartbeat interval (the library closes
    /// a socket whose previous ping is still unanswered).
    public var webSocketServerConfiguration: WebSocketServerConfiguration {
        WebSocketServerConfiguration(autoPing: .enabled(timePeriod: configuration.heartbeatInterval), closeTimeout: configuration.closeGrace)
    }

    // MARK: Consuming

    /// The `task-updates` subscription. No dead-letter topic: an update nobody could be
    /// sent is not worth keeping, and this handler only fails on payloads it cannot route.
    public func subscriptions() -> [Subscription] {
        [Subscription(topic: Topics.taskUpdates, consumer: LiveConfiguration.consumer) { event in self.deliver(event) }]
    }

    /// Routes one update by its payload's `userId` and `id`, forwarding the payload as is.
    public func deliver(_ cloudEvent: CloudEvent) -> SubscriberResult {
        let routing: UpdateRouting
        let text: ByteBuffer
        do {
            routing = try cloudEvent.decodeData(UpdateRouting.self)
            text = ByteBuffer(bytes: try cloudEvent.data.jsonData())
        } catch {
            logger.warning("websocket-service dropped an update it cannot route", metadata: ["event": "\(cloudEvent.id)", "topic": "\(cloudEvent.topic)", "error": "\(error)"])
            metrics.droppedUnroutable.increment()
            return .drop
        }
        switch hub.publish(userID: routing.userId, eventID: routing.id, text: text) {
        case .duplicate:
            metrics.duplicates.increment()
        case .delivered(let sockets, let dropped):
            metrics.updates.increment()
            metrics.messagesQueued.increment(by: sockets)
            if dropped > 0 {
                metrics.slowConsumers.increment(by: dropped)
                metrics.droppedSlowConsumer.increment(by: dropped)
                logger.notice("closed slow websocket consumers", metadata: ["user": "\(routing.userId)", "sockets": "\(dropped)"])
            }
        }
        return .success
    }

    // MARK: Lifecycle

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.configuration.sweepInterval) }
            hub.sweep()
            metrics.sockets.record(hub.socketCount)
        }
        hub.closeAll(code: 1001, reason: "server shutting down; reconnect with ?after=<last id>")
    }

    /// Open sockets of one user (tests, diagnostics).
    public func socketCount(userID: String) -> Int { hub.socketCount(userID: userID) }

    /// Open sockets in all.
    public var socketCount: Int { hub.socketCount }
}

/// Counters on `/metrics`.
struct LiveMetrics: Sendable {
    let connections = Counter(label: "todo_ws_connections_total")
    let authFailures = Counter(label: "todo_ws_auth_failures_total")
    let updates = Counter(label: "todo_ws_updates_total")
    let duplicates = Counter(label: "todo_ws_duplicate_updates_total")
    let messagesQueued = Counter(label: "todo_ws_messages_queued_total")
    let slowConsumers = Counter(label: "todo_ws_slow_consumers_closed_total")
    let resets = Counter(label: "todo_ws_resets_total")
    let sockets = Gauge(label: "todo_ws_open_sockets")
    /// Updates that reached no socket: one per slow socket closed instead, or unroutable.
    let droppedSlowConsumer = Counter(label: "todo_ws_dropped_messages_total", dimensions: [("reason", "slow_consumer")])
    let droppedUnroutable = Counter(label: "todo_ws_dropped_messages_total", dimensions: [("reason", "unroutable")])
}
