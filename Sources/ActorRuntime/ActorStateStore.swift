import Foundation

/// A state value as the runtime holds it: JSON bytes as stored, or the Swift value itself
/// while it lives in memory (so in-memory turns never pay for encoding). The JSON is
/// `StateCoding`'s: dates as RFC 3339 text, older numeric dates still read.
public enum StateValue: Sendable {
    case json(Data)
    case value(any Codable & Sendable)

    public func encoded() throws -> Data {
        switch self {
        case .json(let data): return data
        case .value(let value): return try StateCoding.encoder.encode(value)
        }
    }

    public func decode<T: Codable & Sendable>(_ type: T.Type) throws -> T {
        switch self {
        case .value(let value):
            if let typed = value as? T { return typed }
            return try StateCoding.decoder.decode(T.self, from: StateCoding.encoder.encode(value))
        case .json(let data):
            return try StateCoding.decoder.decode(T.self, from: data)
        }
    }
}

public enum StateChange: Sendable {
    case upsert(key: String, value: StateValue)
    case delete(key: String)

    public var key: String {
        switch self {
        case .upsert(let key, _), .delete(let key): return key
        }
    }
}

/// A durable reminder as stored: the next time it is due, its period, and its payload.
public struct ReminderRecord: Sendable, Codable, Equatable {
    public var actor: ActorAddress
    public var name: String
    /// The next schedule point. Missed points are not replayed one by one (see docs/runtime.md).
    public var dueTime: Date
    public var period: Duration?
    /// After this instant the reminder is dropped instead of fired.
    public var expiresAt: Date?
    public var data: Data

    public init(actor: ActorAddress, name: String, dueTime: Date, period: Duration? = nil, expiresAt: Date? = nil, data: Data = Data()) {
        self.actor = actor
        self.name = name
        self.dueTime = dueTime
        self.period = period
        self.expiresAt = expiresAt
        self.data = data
    }
}

public enum ReminderChange: Sendable, Codable, Equatable {
    case upsert(ReminderRecord)
    case delete(actor: ActorAddress, name: String)
}

/// A message written in the same transaction as the turn that published it (the outbox), so
/// a crash between saving and delivering cannot lose it. Delivered, it is deleted.
public struct OutboxMessage: Sendable, Equatable, Codable {
    public var event: CloudEvent
    public var partitionKey: String?

    public init(event: CloudEvent, partitionKey: String?) {
        self.event = event
        self.partitionKey = partitionKey
    }
}

/// Everything one successful turn changes, applied by the store all-or-nothing.
public struct TurnCommit: Sendable {
    public var actor: ActorAddress
    public var state: [StateChange]
    public var reminders: [ReminderChange]
    public var outbox: [OutboxMessage]

    public init(actor: ActorAddress, state: [StateChange] = [], reminders: [ReminderChange] = [], outbox: [OutboxMessage] = []) {
        self.actor = actor
        self.state = state
        self.reminders = reminders
        self.outbox = outbox
    }

    public var isEmpty: Bool { state.isEmpty && reminders.isEmpty && outbox.isEmpty }
}

/// Where the embedded host keeps actor state, reminders and the outbox.
public protocol ActorStateStore: Sendable {
    /// The value of one state key, or nil when the actor never saved it.
    func loadState(_ actor: ActorAddress, key: String) async throws -> StateValue?
    /// Applies a turn's changes atomically; durable when it returns (for durable stores).
    func commit(_ commit: TurnCommit) async throws
    /// Every stored reminder, read once at start.
    func loadReminders() async throws -> [ReminderRecord]
    /// Undelivered outbox messages in publication order, read once at start.
    func loadOutbox() async throws -> [OutboxMessage]
    /// Forgets delivered outbox messages by CloudEvent id.
    func deleteOutbox(ids: [String]) async throws
    func close() async throws
}
