import Foundation
import Synchronization

/// The side effects a turn asks for besides state: reminders, timers, publications and calls
/// to make after the save. Like state, they are held until the turn succeeds and dropped when
/// it throws, on every host.
final class TurnEffects: Sendable {
    enum TimerChange: Sendable {
        case register(TimerSpec)
        case unregister(name: String)
    }

    private struct Buffer {
        var reminders: [ReminderChange] = []
        var timers: [TimerChange] = []
        var outbox: [OutboxMessage] = []
        var calls: [ActorCall] = []

        var isEmpty: Bool { reminders.isEmpty && timers.isEmpty && outbox.isEmpty && calls.isEmpty }
    }

    /// What a finished turn hands its host.
    struct Taken: Sendable {
        var reminders: [ReminderChange]
        var timers: [TimerChange]
        var outbox: [OutboxMessage]
        var calls: [ActorCall]
    }

    private let buffer = Mutex(Buffer())

    func add(_ change: ReminderChange) { buffer.withLock { $0.reminders.append(change) } }
    func add(_ change: TimerChange) { buffer.withLock { $0.timers.append(change) } }
    func add(_ message: OutboxMessage) { buffer.withLock { $0.outbox.append(message) } }
    func add(_ call: ActorCall) { buffer.withLock { $0.calls.append(call) } }

    /// The reminder as this turn left it: nil for unchanged, `.some(nil)` for deleted.
    func pendingReminder(named name: String) -> ReminderRecord?? {
        buffer.withLock { buffer in
            for change in buffer.reminders.reversed() {
                switch change {
                case .upsert(let record) where record.name == name: return .some(record)
                case .delete(_, let deleted) where deleted == name: return .some(nil)
                default: continue
                }
            }
            return nil
        }
    }

    /// Takes everything buffered; reminder changes collapse to the last one per name.
    func take() -> Taken {
        let taken = buffer.withLock { buffer -> Buffer in
            let taken = buffer
            if !taken.isEmpty { buffer = Buffer() }
            return taken
        }
        if taken.reminders.count <= 1 { return Taken(reminders: taken.reminders, timers: taken.timers, outbox: taken.outbox, calls: taken.calls) }
        var lastIndexByName: [String: Int] = [:]
        for (index, change) in taken.reminders.enumerated() {
            switch change {
            case .upsert(let record): lastIndexByName[record.name] = index
            case .delete(_, let name): lastIndexByName[name] = index
            }
        }
        let reminders = lastIndexByName.values.sorted().map { taken.reminders[$0] }
        return Taken(reminders: reminders, timers: taken.timers, outbox: taken.outbox, calls: taken.calls)
    }

    func discard() { buffer.withLock { $0 = Buffer() } }
}

/// A timer as an actor registers it. Timers live in memory with their activation.
public struct TimerSpec: Sendable, Equatable, Codable {
    public var name: String
    public var dueTime: Duration
    public var period: Duration?
    public var data: Data
    /// The method to call with `data`; nil calls `receiveTimer`.
    public var callback: String?

    public init(name: String, dueTime: Duration, period: Duration? = nil, data: Data = Data(), callback: String? = nil) {
        self.name = name
        self.dueTime = dueTime
        self.period = period
        self.data = data
        self.callback = callback
    }
}
