import Foundation
import TodoModel

/// Topic names, one place.
public enum Topics {
    public static let taskEvents = "task-events"
    public static let taskUpdates = "task-updates"
    public static let reminders = "reminders"
}

/// `task-events` v1: one change to one task, with the task as it is after the change.
/// Consumers are idempotent by `id`; fields added in later minor versions are ignored by
/// older readers (decoding tolerates unknown keys).
public struct TaskEvent: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case created, updated, completed, reopened, deleted
    }

    public var schema: String
    public var id: String
    public var type: Kind
    public var taskId: String
    public var userId: String
    public var occurredAt: Date
    public var task: TaskRecord
    public var version: Int

    public static let schemaVersion = "task-events/v1"

    public init(id: String = UUID().uuidString.lowercased(), type: Kind, task: TaskRecord, occurredAt: Date) {
        self.schema = Self.schemaVersion
        self.id = id
        self.type = type
        self.taskId = task.id
        self.userId = task.ownerID
        self.occurredAt = occurredAt
        self.task = task
        self.version = task.version
    }
}

/// `task-updates` v1: the compact change live clients apply to what they show.
public struct TaskUpdate: Codable, Sendable, Equatable {
    public var schema: String
    public var id: String
    public var type: TaskEvent.Kind
    public var taskId: String
    public var userId: String
    public var version: Int
    public var occurredAt: Date
    /// The task's index entry after the change (nil when deleted).
    public var summary: TaskSummary?

    public static let schemaVersion = "task-updates/v1"

    public init(event: TaskEvent, summary: TaskSummary?) {
        self.schema = Self.schemaVersion
        self.id = event.id
        self.type = event.type
        self.taskId = event.taskId
        self.userId = event.userId
        self.version = event.version
        self.occurredAt = event.occurredAt
        self.summary = summary
    }
}

/// `reminders` v1: one reminder occurrence of one task is due. The `id` is derived from the
/// task, the reminder and the instant it is for, so a redelivered or re-fired reminder
/// carries the same id and consumers (notification-service) deliver it once.
public struct ReminderEvent: Codable, Sendable, Equatable {
    public var schema: String
    public var id: String
    public var taskId: String
    public var userId: String
    public var title: String
    /// The task's due instant (nil for a snooze of a task without a due).
    public var dueAt: Date?
    /// The instant this reminder is for.
    public var remindAt: Date
    /// The task reminder's id, or `snooze` for a snoozed reminder.
    public var reminderId: String

    public static let schemaVersion = "reminders/v1"

    public init(taskId: String, userId: String, title: String, dueAt: Date?, remindAt: Date, reminderId: String) {
        self.schema = Self.schemaVersion
        self.id = Self.occurrenceID(taskId: taskId, reminderId: reminderId, remindAt: remindAt)
        self.taskId = taskId
        self.userId = userId
        self.title = title
        self.dueAt = dueAt
        self.remindAt = remindAt
        self.reminderId = reminderId
    }

    /// A stable id for one reminder occurrence.
    public static func occurrenceID(taskId: String, reminderId: String, remindAt: Date) -> String {
        "rem-\(taskId)-\(reminderId)-\(Int64(remindAt.timeIntervalSince1970.rounded()))"
    }
}
