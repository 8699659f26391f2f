import Foundation

/// A virtual actor implementation. The host creates one instance per activation and runs
/// every method call, reminder and timer callback on it as a *turn*: one at a time per actor,
/// with state changes saved when the turn succeeds and dropped when it throws.
///
/// Instances keep no mutable fields: everything that must outlive a turn goes through
/// `context.state`, so the same code runs on the embedded host and behind a Dapr sidecar.
public protocol VirtualActor: ActorContract, Sendable {
    /// The Dapr actor type name, e.g. "TaskActor".
    static var actorType: String { get }
    /// The methods callers may invoke by name.
    static var methods: ActorMethodTable<Self> { get }

    init(context: ActorContext)

    /// Runs inside the first turn of an activation, before the method.
    func onActivate() async throws
    /// Runs when the activation is collected (idle, capacity or shutdown); its state changes are saved.
    func onDeactivate() async throws
    /// A durable reminder is due. Changes made here are saved atomically with the
    /// reminder's bookkeeping, so a reminder that fired is not fired again after a crash.
    func receiveReminder(_ reminder: FiredReminder) async throws
    /// An in-memory timer fired (timers without a callback method come here).
    func receiveTimer(_ timer: FiredTimer) async throws
}

extension VirtualActor {
    public func onActivate() async throws {}
    public func onDeactivate() async throws {}
    public func receiveReminder(_ reminder: FiredReminder) async throws {
        throw ActorError.noReminderHandler(ActorAddress(type: Self.actorType, id: "?"))
    }
    public func receiveTimer(_ timer: FiredTimer) async throws {
        throw ActorError.noReminderHandler(ActorAddress(type: Self.actorType, id: "?"))
    }
}

/// A reminder delivered to an actor.
public struct FiredReminder: Sendable {
    public var name: String
    /// The JSON the reminder was registered with (empty when none).
    public var data: Data
    /// When it was due (the schedule point, not the delivery time).
    public var dueTime: Date
    public var period: Duration?

    public init(name: String, data: Data, dueTime: Date, period: Duration?) {
        self.name = name
        self.data = data
        self.dueTime = dueTime
        self.period = period
    }

    public func decodeData<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: data)
    }
}

/// A timer delivered to an actor.
public struct FiredTimer: Sendable {
    public var name: String
    public var data: Data

    public init(name: String, data: Data) {
        self.name = name
        self.data = data
    }
}
