import Foundation
import Logging

/// What a host offers actor code, whichever host it is.
public protocol ActorHostServices: Sendable {
    var appID: String { get }
    var pubsubName: String { get }
    var clock: any WallClock { get }
    var invoker: any ActorInvoker { get }
    var logger: Logger { get }
    /// The stored reminder (not counting changes of the current turn).
    func storedReminder(_ actor: ActorAddress, named name: String) async throws -> ReminderRecord?
}

/// An actor's handle on its host: its state, its reminders and timers, publishing, and
/// proxies to other actors. Everything it changes takes effect when the turn succeeds.
public struct ActorContext: Sendable {
    public let address: ActorAddress
    public let state: ActorStateManager
    /// Derived values kept for the activation (see `ActivationMemory`).
    public let memory = ActivationMemory()
    let effects: TurnEffects
    let services: any ActorHostServices

    init(address: ActorAddress, state: ActorStateManager, effects: TurnEffects, services: any ActorHostServices) {
        self.address = address
        self.state = state
        self.effects = effects
        self.services = services
    }

    public var id: String { address.id }
    public var clock: any WallClock { services.clock }
    public var now: Date { services.clock.now() }
    public var logger: Logger {
        var logger = services.logger
        logger[metadataKey: "actor"] = "\(address)"
        return logger
    }

    // MARK: Calling other actors

    /// A handle on another actor, by its implementation or by its contract.
    public func proxy<A: ActorContract>(_ type: A.Type, _ id: String) -> ActorProxy<A> {
        ActorProxy(id: id, invoker: services.invoker)
    }

    // MARK: Publishing

    /// Publishes `value` as the data of a CloudEvent on `topic` once the turn is saved.
    /// `partitionKey` keeps events of one entity in order (the Kafka message key under Dapr).
    /// `id` is the CloudEvent id consumers deduplicate on (a fresh one by default); a
    /// projection of another event passes that event's id, so a repeated projection is the
    /// same event.
    public func publish<T: Encodable & Sendable>(_ value: T, topic: String, partitionKey: String? = nil, id: String? = nil) throws {
        // The turn's trace goes with the event, so its consumers continue it.
        let trace = EventTraceContext.current()
        let event = CloudEvent(
            id: id ?? UUID().uuidString.lowercased(),
            source: services.appID,
            topic: topic,
            pubsubName: services.pubsubName,
            data: try JSONValue(encoding: value),
            time: services.clock.now(),
            traceparent: trace.traceparent,
            tracestate: trace.tracestate
        )
        effects.add(OutboxMessage(event: event, partitionKey: partitionKey))
    }

    // MARK: Reminders (durable)

    /// Registers (or replaces) a durable reminder first due at `dueTime`, then every `period`.
    public func registerReminder(_ name: String, dueTime: Date, period: Duration? = nil, expiresAt: Date? = nil, data: Data = Data()) {
        precondition(period.map { $0 > .zero } ?? true, "a reminder period must be positive")
        effects.add(.upsert(ReminderRecord(actor: address, name: name, dueTime: dueTime, period: period, expiresAt: expiresAt, data: data)))
    }

    public func registerReminder<T: Encodable>(_ name: String, dueTime: Date, period: Duration? = nil, payload: T) throws {
        registerReminder(name, dueTime: dueTime, period: period, data: try JSONEncoder().encode(payload))
    }

    public func unregisterReminder(_ name: String) {
        effects.add(.delete(actor: address, name: name))
    }

    /// The reminder called `name` as this turn sees it (its own changes included).
    public func reminder(named name: String) async throws -> ReminderRecord? {
        if let pending = effects.pendingReminder(named: name) { return pending }
        return try await services.storedReminder(address, named: name)
    }

    // MARK: Timers (in memory, die with the activation)

    public func registerTimer(_ name: String, dueTime: Duration, period: Duration? = nil, data: Data = Data(), callback: String? = nil) {
        precondition(period.map { $0 > .zero } ?? true, "a timer period must be positive")
        effects.add(.register(TimerSpec(name: name, dueTime: dueTime, period: period, data: data, callback: callback)))
    }

    public func unregisterTimer(_ name: String) {
        effects.add(.unregister(name: name))
    }
}
