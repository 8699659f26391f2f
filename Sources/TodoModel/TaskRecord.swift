import Foundation

/// One task, as its TaskActor stores it.
public struct TaskRecord: Codable, Sendable, Equatable {
    public var id: String
    public var ownerID: String
    public var title: String
    public var notes: String
    public var status: TaskStatus
    public var priority: Priority
    public var tags: [String]
    public var due: TaskDue?
    /// IANA zone of the due time; nil makes the task floating (it follows the user's zone).
    public var timeZone: String?
    public var reminders: [TaskReminder]
    public var recurrence: TaskRecurrence?
    public var createdAt: Date
    public var updatedAt: Date
    public var completedAt: Date?
    /// Incremented by every change; the HTTP ETag and `If-Match` value.
    public var version: Int
    /// Recurring tasks: the series this occurrence belongs to (the first occurrence's id),
    /// the series' first due (DTSTART), and which occurrence this is (1 for the first).
    public var seriesID: String?
    public var seriesStart: TaskDue?
    public var occurrence: Int?
    /// Set when completing this occurrence created the next one.
    public var nextOccurrenceID: String?

    public init(
        id: String, ownerID: String, title: String, notes: String = "", status: TaskStatus = .open,
        priority: Priority = .none, tags: [String] = [], due: TaskDue? = nil, timeZone: String? = nil,
        reminders: [TaskReminder] = [], recurrence: TaskRecurrence? = nil,
        createdAt: Date, updatedAt: Date, completedAt: Date? = nil, version: Int = 1
    ) {
        self.id = id
        self.ownerID = ownerID
        self.title = title
        self.notes = notes
        self.status = status
        self.priority = priority
        self.tags = tags
        self.due = due
        self.timeZone = timeZone
        self.reminders = reminders
        self.recurrence = recurrence
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.completedAt = completedAt
        self.version = version
    }

    /// The zone the due is read in: the task's, else the user's.
    public func effectiveZone(userZone: TimeZone) -> TimeZone {
        timeZone.flatMap(TimeZone.init(identifier:)) ?? userZone
    }

    /// The index entry, with dates resolved in the user's zone.
    public func summary(userZone: TimeZone) -> TaskSummary {
        var dueDay: Int?
        var dueAt: Double?
        if let due {
            let instant = due.instant(in: effectiveZone(userZone: userZone))
            dueAt = Double(instant)
            dueDay = due.hasTime ? CivilTime.day(of: Double(instant), in: userZone) : due.dayNumber
        }
        return TaskSummary(
            id: id, title: title, notes: notes, status: status, priority: priority, tags: tags,
            due: due, timeZone: timeZone, dueDay: dueDay, dueAt: dueAt, dueHasTime: due?.hasTime ?? false, recurring: recurrence != nil,
            createdAt: createdAt.timeIntervalSince1970, updatedAt: updatedAt.timeIntervalSince1970,
            completedAt: completedAt?.timeIntervalSince1970, version: version
        )
    }
}

/// A reminder on a task: at an absolute instant, or some minutes before the due time (for a
/// date-only task, before 09:00 on its day in the task's zone).
public struct TaskReminder: Codable, Sendable, Hashable {
    public var id: String
    public var at: Date?
    public var minutesBefore: Int?

    public init(id: String, at: Date? = nil, minutesBefore: Int? = nil) {
        self.id = id
        self.at = at
        self.minutesBefore = minutesBefore
    }

    /// The id of a reminder given without one: derived from what it says, so sending the
    /// same reminders again (a retried or repeated PATCH) keeps their ids and does not
    /// re-arm or repeat them.
    public static func derivedID(at: Date?, minutesBefore: Int?) -> String {
        if let at { return "at-\(Int64(at.timeIntervalSince1970.rounded()))" }
        return "before-\(minutesBefore ?? 0)m"
    }
}

/// A recurrence rule (RFC 5545 RRULE without DTSTART) and what the next occurrence counts from.
public struct TaskRecurrence: Codable, Sendable, Hashable {
    public enum Anchor: String, Codable, Sendable, CaseIterable {
        /// The next occurrence follows the rule from the original schedule.
        case schedule
        /// The next occurrence counts from when the current one was completed.
        case completion
    }

    public var rrule: String
    public var anchor: Anchor

    public init(rrule: String, anchor: Anchor = .schedule) {
        self.rrule = rrule
        self.anchor = anchor
    }
}
