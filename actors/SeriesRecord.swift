import Foundation
import TodoModel

/// What every new occurrence of a series starts from: the task fields that repeat.
public struct SeriesTemplate: Codable, Sendable, Equatable {
    public var title: String
    public var notes: String
    public var priority: Priority
    public var tags: [String]
    public var reminders: [TaskReminder]
    /// IANA zone; nil: the series floats with its owner's zone.
    public var timeZone: String?

    public init(title: String, notes: String = "", priority: Priority = .none, tags: [String] = [], reminders: [TaskReminder] = [], timeZone: String? = nil) {
        self.title = title
        self.notes = notes
        self.priority = priority
        self.tags = tags
        self.reminders = reminders
        self.timeZone = timeZone
    }

    public init(of task: TaskRecord) {
        self.init(title: task.title, notes: task.notes, priority: task.priority, tags: task.tags, reminders: task.reminders, timeZone: task.timeZone)
    }

    /// The template fields in which `task` differs from this template (an occurrence edited
    /// on its own keeps them when the series is edited).
    public func differences(from task: TaskRecord) -> [String] {
        var fields: [String] = []
        if task.title != title { fields.append("title") }
        if task.notes != notes { fields.append("notes") }
        if task.priority != priority { fields.append("priority") }
        if task.tags != tags { fields.append("tags") }
        if task.reminders != reminders { fields.append("reminders") }
        if task.timeZone != timeZone { fields.append("timeZone") }
        return fields
    }
}

/// An occurrence the series could not materialise because the previous one was still open
/// when its time came (at most one open occurrence: no pile-up of overdue copies).
public struct MissedOccurrence: Codable, Sendable, Equatable {
    public var due: TaskDue
    public var at: Date
    /// The occurrence that was still open.
    public var openTaskID: String

    public init(due: TaskDue, at: Date, openTaskID: String) {
        self.due = due
        self.at = at
        self.openTaskID = openTaskID
    }
}

/// One recurring series, as its SeriesActor stores it.
public struct SeriesRecord: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Materialises occurrences.
        case active
        /// Keeps its open occurrence (if any) but materialises nothing until resumed.
        case paused
        /// COUNT or UNTIL reached, or the occurrence left the series (its rule was cleared).
        case ended
        /// Deleted by its owner; kept as a tombstone so redelivered events do not revive it.
        case deleted
    }

    public var id: String
    public var ownerID: String
    public var template: SeriesTemplate
    public var recurrence: TaskRecurrence
    /// The series' first due (DTSTART).
    public var start: TaskDue
    public var status: Status
    /// The occurrence that is open now (at most one), its number and due.
    public var openTaskID: String?
    public var openDue: TaskDue?
    /// The open occurrence's version the series last saw (older snapshots are ignored).
    public var openVersion: Int?
    /// The number of the newest occurrence (materialised or skipped to): the next one gets
    /// this plus one, and its task id `<series id>-<number>`.
    public var counter: Int
    /// The due of the newest occurrence, open or not (the schedule continues from it).
    public var lastDue: TaskDue
    /// The occurrence whose closing materialised the open one (a reopen takes it back).
    public var previousTaskID: String?
    /// Fields edited on one occurrence only, by occurrence task id.
    public var overrides: [String: [String]]
    /// Recent occurrences that came while one was still open (newest last, at most 20), and
    /// how many there were in all.
    public var missed: [MissedOccurrence]
    public var missedCount: Int
    /// When the schedule reminder fires next (schedule anchor, active series).
    public var nextCheckAt: Date?
    /// Occurrences up to this instant have been accounted for (materialised or missed); the
    /// schedule reminder is armed at the first one after it and after `lastDue`.
    public var scheduledThrough: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    public static let missedKept = 20

    public init(id: String, ownerID: String, template: SeriesTemplate, recurrence: TaskRecurrence, start: TaskDue, counter: Int, lastDue: TaskDue, openTaskID: String?, now: Date) {
        self.id = id
        self.ownerID = ownerID
        self.template = template
        self.recurrence = recurrence
        self.start = start
        self.status = .active
        self.openTaskID = openTaskID
        self.openDue = openTaskID == nil ? nil : lastDue
        self.openVersion = nil
        self.counter = counter
        self.lastDue = lastDue
        self.previousTaskID = nil
        self.overrides = [:]
        self.missed = []
        self.missedCount = 0
        self.nextCheckAt = nil
        self.scheduledThrough = nil
        self.createdAt = now
        self.updatedAt = now
        self.version = 1
    }

    /// The task id of occurrence `number`: the first is the series id itself.
    public func taskID(ofOccurrence number: Int) -> String {
        number == 1 ? id : "\(id)-\(number)"
    }
}
