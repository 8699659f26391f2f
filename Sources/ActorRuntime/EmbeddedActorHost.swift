import DequeModule
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// Runs virtual actors inside this process: activation on first call, one turn at a time per
/// actor, state saved at the end of each successful turn, idle collection, durable reminders,
/// in-memory timers and an outbox-backed event bus. `todo serve` runs everything on it.
public final class EmbeddedActorHost: ActorInvoker, ActorHostServices, Service, Sendable {
    public struct Configuration: Sendable {
        public var appID: String
        public var pubsubName: String
        /// An activation unused for this long is collected (every turn resets it).
        public var idleTimeout: Duration
        /// How often idle activations are looked for; default a quarter of the idle timeout, at most 30 s.
        public var sweepInterval: Duration?
        /// Above this many activations the least recently used idle ones are collected, so
        /// touching millions of actors once does not grow memory without bound.
        public var maxActiveActors: Int
        public var reentrancy: ReentrancyConfiguration
        /// How long shutdown waits for turns in progress before collecting activations.
        public var drainTimeout: Duration
        /// Retries of a reminder whose turn failed, before that occurrence is given up.
        public var reminderRetry: RetryPolicy
        /// Sees every call an actor makes to another (tests record the call graph with it).
        public var callObserver: ActorCallObserver?

        public init(
            appID: String = "todo",
            pubsubName: String = "pubsub",
            idleTimeout: Duration = .seconds(3600),
            sweepInterval: Duration? = nil,
            maxActiveActors: Int = 100_000,
            reentrancy: ReentrancyConfiguration = ReentrancyConfiguration(),
            drainTimeout: Duration = .seconds(30),
            reminderRetry: RetryPolicy = RetryPolicy(maxAttempts: 5, initialBackoff: .seconds(1), maxBackoff: .seconds(60))
        ) {
            self.appID = appID
            self.pubsubName = pubsubName
            self.idleTimeout = idleTimeout
            self.sweepInterval = sweepInterval
            self.maxActiveActors = maxActiveActors
            self.reentrancy = reentrancy
            self.drainTimeout = drainTimeout
            self.reminderRetry = reminderRetry
        }

        var effectiveSweepInterval: Duration {
            sweepInterval ?? max(.milliseconds(10), min(idleTimeout / 4, .seconds(30)))
        }
    }

    struct Lifecycle {
        var started = false
        var running = false
        var shuttingDown = false
        var stopped = false
        var background: [Task<Void, Never>] = []
    }

    public let configuration: Configuration
    public let store: any ActorStateStore
    public let clock: any WallClock
    public let bus: EventBus
    public let logger: Logger

    let registrations = Mutex<[String: ActorTypeRegistration]>([:])
    let activations = Mutex<[ActorAddress: Activation]>([:])
    /// Activations in creation order, for the CLOCK (second-chance) eviction over the cap.
    let evictionClock = Mutex<Deque<Activation>>([])
    let reminders = Mutex<[ReminderKey: ScheduledReminder]>([:])
    let timers = Mutex<[TimerKey: ScheduledTimer]>([:])
    let scheduler: ActorScheduler
    let lifecycle = Mutex(Lifecycle())
    /// Top-level calls in progress, plus `closedBit` once shutdown began: one atomic, so
    /// admitting a call costs no lock.
    let callGate = Atomic<Int>(0)
    static let closedBit = 1 << 40
    let serials = Atomic<UInt64>(0)

    public init(configuration: Configuration = Configuration(), store: any ActorStateStore, clock: any WallClock = SystemWallClock(), bus: EventBus? = nil, logger: Logger = Logger(label: "todo.actors")) {
        self.configuration = configuration
        self.store = store
        self.clock = clock
        self.bus = bus ?? EventBus(logger: logger)
        self.logger = logger
        self.scheduler = ActorScheduler(clock: clock)
    }

    // MARK: ActorHostServices

    public var appID: String { configuration.appID }
    public var pubsubName: String { configuration.pubsubName }
    public var invoker: any ActorInvoker { self }

    public func storedReminder(_ actor: ActorAddress, named name: String) async throws -> ReminderRecord? {
        reminders.withLock { $0[ReminderKey(actor: actor, name: name)]?.record }
    }

    // MARK: Registration

    public func register<A: VirtualActor>(_ type: A.Type, options: ActorTypeOptions = ActorTypeOptions()) {
        registrations.withLock { $0[A.actorType] = ActorTypeRegistration(A.self, options: options) }
    }

    public var registeredTypes: [String] { registrations.withLock { $0.keys.sorted() } }

    public func methodNames(of type: String) -> [String]? {
        registrations.withLock { $0[type]?.methodNames }
    }

    // MARK: Calling actors

    public func proxy<A: VirtualActor>(_ type: A.Type, _ id: String) -> ActorProxy<A> {
        ActorProxy(id: id, invoker: self)
    }

    public func invoke(_ actor: ActorAddress, method: String, payload: ActorPayload) async throws -> ActorPayload {
        if let observer = configuration.callObserver, let caller = CallChain.current?.actors.last {
            observer.observe(ActorCallObserver.Call(caller: caller, callee: actor, method: method))
        }
        return try await runTurn(actor, .method(method, payload)) ?? .empty
    }

    /// Publishes outside any actor turn (a service reacting to input): saved to the outbox
    /// first, then delivered.
    public func publish<T: Encodable & Sendable>(_ value: T, topic: String, partitionKey: String? = nil) async throws {
        let event = try CloudEvent.publishing(value, topic: topic, source: appID, pubsubName: pubsubName, time: clock.now())
        let message = OutboxMessage(event: event, partitionKey: partitionKey)
        try await store.commit(TurnCommit(actor: Self.busAddress, outbox: [message]))
        bus.enqueue([message])
    }

    /// The pseudo-actor that owns publications made outside a turn.
    static let busAddress = ActorAddress(type: "$bus", id: "")

    // MARK: Introspection

    /// Live activations per actor type (what Dapr's metadata endpoint reports).
    public func activeActorCounts() -> [String: Int] {
        activations.withLock { activations in
            var counts: [String: Int] = [:]
            for address in activations.keys { counts[address.type, default: 0] += 1 }
            return counts
        }
    }

    /// True once `start()` finished loading reminders and the outbox.
    public var isStarted: Bool { lifecycle.withLock { $0.started && $0.running } }

    public var activeActorCount: Int { activations.withLock { $0.count } }
    public var scheduledReminderCount: Int { reminders.withLock { $0.count } }
}

