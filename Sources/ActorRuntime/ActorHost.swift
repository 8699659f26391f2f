import Foundation
import ServiceLifecycle
import Synchronization

/// Wherever a process's actors run, as `todo serve` uses it: the embedded host (activation,
/// state, reminders and the event bus in this process) or the sidecar host (a Dapr sidecar
/// places the actors, keeps their state and carries pub/sub). `todo serve` builds every
/// service through this protocol, so a service is wired the same way on both.
public protocol ActorHost: ActorRegistry, ActorInvoker, Service {
    /// The Dapr app-id the host publishes as (`todo` under `todo serve`).
    var appID: String { get }
    /// The actor types registered here, sorted.
    var hostedTypes: [String] { get }
    /// Adds an event subscription; call before the host runs. The embedded host's bus
    /// delivers it in process; the sidecar host lists it on `/dapr/subscribe` and delivers
    /// what the sidecar posts to `/events/<topic>` (`subscriptions`).
    func subscribe(_ subscription: Subscription)
    /// Publishes outside any actor turn (a service reacting to input).
    func publish<T: Encodable & Sendable>(_ value: T, topic: String, partitionKey: String?) async throws
    /// Whether the host takes calls now (`/readyz`).
    var isReady: Bool { get }
}

extension EmbeddedActorHost: ActorHost {
    public var hostedTypes: [String] { registeredTypes }

    public func subscribe(_ subscription: Subscription) {
        bus.subscribe(subscription)
    }

    /// Once `start()` loaded reminders and the outbox, until shutdown.
    public var isReady: Bool { isStarted }
}

extension SidecarActorHost: ActorHost {
    public func subscribe(_ subscription: Subscription) {
        subscribed.withLock { $0.append(subscription) }
    }

    /// What `subscribe` added, in order: the Dapr app routes serve them.
    public var subscriptions: [Subscription] { subscribed.withLock { $0 } }

    /// Straight to the sidecar: behind Dapr there is no local outbox outside a turn.
    public func publish<T: Encodable & Sendable>(_ value: T, topic: String, partitionKey: String? = nil) async throws {
        let event = try CloudEvent.publishing(value, topic: topic, source: appID, pubsubName: pubsubName, time: clock.now())
        try await sidecar.publish(OutboxMessage(event: event, partitionKey: partitionKey), pubsubName: pubsubName)
    }

    /// The sidecar holds the actors' state and reminders, so there is nothing to load: ready
    /// while running, not after graceful shutdown began.
    public var isReady: Bool { running.withLock { $0 } }

    /// Runs until graceful shutdown. Nothing to drain here: each turn saved its state and
    /// sent its effects before it answered, and the sidecar stops calling the app first.
    public func run() async throws {
        running.withLock { $0 = true }
        try? await gracefulShutdown()
        running.withLock { $0 = false }
    }
}
