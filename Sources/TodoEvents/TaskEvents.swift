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
