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
public struct TaskEvent: VersionedEvent, Equatable {
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
    /// Set when this change took the task out of its recurring series (its rule was
    /// cleared): the series it left, which the snapshot no longer names.
    public var formerSeriesId: String?

    public static let schemaVersion = EventSchema.taskEvents.description
    public static var readerSchema: EventSchema { .taskEvents }

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

/// `task-updates` v1: what live clients apply to what they show — a task's change with its
/// index entry, or an in-app notification (`reminder`) from notification-service.
public struct TaskUpdate: VersionedEvent, Equatable {
    public enum Kind: String, Codable, Sendable {
        case created, updated, completed, reopened, deleted, reminder

        /// What a task change is on this topic: the same kind (a reopen is `reopened`, never
        /// folded into `updated`); a switch, so a new change kind cannot go unmapped.
        init(_ kind: TaskEvent.Kind) {
            switch kind {
            case .created: self = .created
            case .updated: self = .updated
            case .completed: self = .completed
            case .reopened: self = .reopened
            case .deleted: self = .deleted
            }
        }
    }

    /// The reminder an in-app notification is about.
    public struct Reminder: Codable, Sendable, Equatable {
        public var title: String
        public var dueAt: Date?
        public var remindAt: Date
        public var reminderId: String

        public init(title: String, dueAt: Date?, remindAt: Date, reminderId: String) {
            self.title = title
            self.dueAt = dueAt
            self.remindAt = remindAt
            self.reminderId = reminderId
        }
    }

    public var schema: String
    public var id: String
    public var type: Kind
    public var taskId: String
    public var userId: String
    /// The task's version after the change (nil for a notification).
    public var version: Int?
    public var occurredAt: Date
    /// The task's index entry after the change (nil when deleted, and for a notification).
    public var summary: TaskSummary?
    /// For `reminder`: what is due.
    public var reminder: Reminder?

    public static let schemaVersion = EventSchema.taskUpdates.description
    public static var readerSchema: EventSchema { .taskUpdates }

    public init(event: TaskEvent, summary: TaskSummary?) {
        self.schema = Self.schemaVersion
        self.id = event.id
        self.type = Kind(event.type)
        self.taskId = event.taskId
        self.userId = event.userId
        self.version = event.version
        self.occurredAt = event.occurredAt
        self.summary = summary
    }

    /// An in-app notification; `id` identifies the delivery (stable across retries).
    public init(notificationID id: String, reminder event: ReminderEvent, occurredAt: Date) {
        self.schema = Self.schemaVersion
        self.id = id
        self.type = .reminder
        self.taskId = event.taskId
        self.userId = event.userId
        self.occurredAt = occurredAt
        self.reminder = Reminder(title: event.title, dueAt: event.dueAt, remindAt: event.remindAt, reminderId: event.reminderId)
    }
}

/// `reminders` v1: one reminder occurrence of one task is due. The `id` is derived from the
/// task, the reminder and the instant it is for, so a redelivered or re-fired reminder
/// carries the same id and consumers (notification-service) deliver it once.
public struct ReminderEvent: VersionedEvent, Equatable {
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

    public static let schemaVersion = EventSchema.reminders.description
    public static var readerSchema: EventSchema { .reminders }

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
