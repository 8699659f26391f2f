import ActorRuntime
import Foundation

/// What a test sidecar keeps for its app, the way daprd's state store, Scheduler and broker
/// would: actor state by actor and key, reminders by actor and name, and the publications it
/// accepted. One definition for every Swift test sidecar (each adds its own failures).
public struct SidecarMemory: Sendable {
    public var state: [ActorAddress: [String: Data]] = [:]
    public var reminders: [String: ReminderRecord] = [:]
    public var published: [OutboxMessage] = []

    public init() {}

    public func value(_ actor: ActorAddress, key: String) -> Data? { state[actor]?[key] }

    /// Dapr's transactional actor state save: every change of one request, in order.
    public mutating func apply(_ changes: [SidecarStateChange], of actor: ActorAddress) {
        for change in changes {
            switch change {
            case .upsert(let key, let json): state[actor, default: [:]][key] = json
            case .delete(let key): state[actor]?[key] = nil
            }
        }
    }

    public func reminder(_ actor: ActorAddress, named name: String) -> ReminderRecord? {
        reminders[Self.reminderKey(actor, name)]
    }

    public mutating func setReminder(_ reminder: ReminderRecord) {
        reminders[Self.reminderKey(reminder.actor, reminder.name)] = reminder
    }

    public mutating func removeReminder(_ actor: ActorAddress, named name: String) {
        reminders[Self.reminderKey(actor, name)] = nil
    }

    private static func reminderKey(_ actor: ActorAddress, _ name: String) -> String { "\(actor)/\(name)" }
}

/// Which of a test sidecar's components are down: the broker (publish), the state store
/// (save), the Scheduler (reminders, except the outbox's own drain reminder, which is armed
/// before the save), actor invocation.
public struct SidecarFailures: Sendable {
    public var publish: Bool
    public var save: Bool
    public var reminders: Bool
    public var invoke: Bool

    public init(publish: Bool = false, save: Bool = false, reminders: Bool = false, invoke: Bool = false) {
        self.publish = publish
        self.save = save
        self.reminders = reminders
        self.invoke = invoke
    }
}

/// What a test sidecar answers while a component is down (daprd answers 500 with an
/// `ERR_*` code; the host reports the dependency that failed).
public struct SidecarUnavailable: Error, CustomStringConvertible {
    public var what: String
    public init(what: String) { self.what = what }
    public var description: String { "\(what) unavailable" }
}
