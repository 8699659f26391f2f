import ActorRuntime
import Foundation
import Logging
import TodoEvents
import TodoModel

/// A task's notifications as actor reminders: one durable one-shot reminder per pending
/// notification, named `notify/<reminder id>` (and `snooze` for a snoozed one), registered at
/// an absolute instant. Every change re-arms them; completing or deleting cancels them.
/// A reminder that fires publishes one `reminders` event, saved in the same turn as the
/// bookkeeping that it fired, so it is published once even if the runtime delivers it twice.
extension TaskActor {
    static let armedKey = StateKey<[String: Date]>("armed-reminders")
    static let firedKey = StateKey<[String]>("fired-reminders")
    static let snoozeName = "snooze"
    /// Date-only tasks are reminded relative to this wall-clock time on their day.
    public static let dateOnlyReminderSecondOfDay = 9 * 3_600

    /// When `reminder` fires for `task`, or nil when it cannot (relative, but no due).
    static func fireTime(of reminder: TaskReminder, for task: TaskRecord, userZone: TimeZone) -> Date? {
        if let at = reminder.at { return at }
        guard let minutes = reminder.minutesBefore, let due = task.due else { return nil }
        let zone = task.effectiveZone(userZone: userZone)
        let local = due.dayNumber * 86_400 + (due.secondOfDay ?? dateOnlyReminderSecondOfDay)
        // Whole days before are counted on the wall clock ("a day before" an 08:00 task is
        // 08:00 the day before, even across a DST change); other offsets are elapsed time.
        if minutes % 1_440 == 0 {
            return Date(timeIntervalSince1970: Double(CivilTime.instant(localSeconds: local - minutes * 60, in: zone)))
        }
        return Date(timeIntervalSince1970: Double(CivilTime.instant(localSeconds: local, in: zone) - minutes * 60))
    }

    /// Registers, moves or cancels the task's reminders so that exactly the pending ones are
    /// armed. `userZone` resolves floating tasks.
    func armReminders(for task: TaskRecord?, userZone: TimeZone) async throws {
        let armed = try await context.state.get(Self.armedKey, default: [:])
        var wanted: [String: Date] = [:]
        if let task, task.status == .open {
            let now = context.now
            for reminder in task.reminders {
                if let at = Self.fireTime(of: reminder, for: task, userZone: userZone), at > now {
                    wanted["notify/\(reminder.id)"] = at
                }
            }
            if let snooze = armed[Self.snoozeName], snooze > now { wanted[Self.snoozeName] = snooze }
        }
        guard wanted != armed else { return }
        for name in armed.keys where wanted[name] == nil {
            context.unregisterReminder(name)
        }
        for (name, at) in wanted where armed[name] != at {
            try context.registerReminder(name, dueTime: at, payload: at)
        }
        context.state.set(Self.armedKey, wanted)
    }

    public func receiveReminder(_ reminder: FiredReminder) async throws {
        var armed = try await context.state.get(Self.armedKey, default: [:])
        // The instant it was armed for travels as its data: the Dapr Scheduler sends an
        // empty dueTime (read as "now"), and a reminder delivered late — after a restart, or
        // registered late from the outbox — is still the one that was armed.
        let armedFor = (try? JSONDecoder().decode(Date.self, from: reminder.data)) ?? reminder.dueTime
        // A reminder that was moved or cancelled after it was scheduled is stale.
        guard let at = armed[reminder.name], abs(at.timeIntervalSince(armedFor)) < 1,
              let task = try await context.state.get(Self.taskKey), task.status == .open else {
            context.logger.debug("ignoring stale reminder", metadata: ["reminder": "\(reminder.name)"])
            return
        }
        let reminderID = reminder.name == Self.snoozeName ? Self.snoozeName : String(reminder.name.dropFirst("notify/".count))
        let occurrence = ReminderEvent.occurrenceID(taskId: task.id, reminderId: reminderID, remindAt: at)
        var fired = try await context.state.get(Self.firedKey, default: [])
        armed[reminder.name] = nil
        context.state.set(Self.armedKey, armed)
        guard !fired.contains(occurrence) else { return }
        fired = Array((fired + [occurrence]).suffix(100))
        context.state.set(Self.firedKey, fired)
        let dueAt = task.dueAt(userZone: try await ownerZone(of: task))
        try context.publish(
            ReminderEvent(taskId: task.id, userId: task.ownerID, title: task.title, dueAt: dueAt, remindAt: at, reminderId: reminderID),
            topic: Topics.reminders, partitionKey: task.ownerID
        )
    }

    public struct Snooze: Codable, Sendable {
        public var userID: String
        public var minutes: Int
        public init(userID: String, minutes: Int) {
            self.userID = userID
            self.minutes = minutes
        }

        /// One to 10,080 minutes (a week), on every path.
        public static let minutesRange = 1...10_080
    }

    /// Reminds again in `minutes`, for this occurrence only: a durable reminder (a snoozed
    /// notification must survive a restart), cancelled when the task is completed, deleted
    /// or rolls to its next occurrence.
    public func snooze(_ input: Snooze) async throws -> TaskRecord {
        try InputBounds.check("minutes", input.minutes, in: Snooze.minutesRange, unit: " (a week)")
        let task = try await owned(by: input.userID, ifVersion: nil)
        guard task.status == .open else {
            throw ActorProblem(status: 409, title: "Conflict", detail: "task \(task.id) is completed; reopen it to be reminded")
        }
        var armed = try await context.state.get(Self.armedKey, default: [:])
        let at = context.now.addingTimeInterval(Double(input.minutes) * 60)
        armed[Self.snoozeName] = at
        try context.registerReminder(Self.snoozeName, dueTime: at, payload: at)
        context.state.set(Self.armedKey, armed)
        return task
    }

    /// The pending reminders with their instants (for the API and tests).
    public func pendingReminders(_ input: Access) async throws -> [String: Date] {
        _ = try await owned(by: input.userID, ifVersion: nil)
        return try await context.state.get(Self.armedKey, default: [:])
    }
}
