import Foundation
import TodoEvents
import TodoModel

/// One stored `task-events` event: the fields the audit queries on, plus the task snapshot as
/// the producer published it.
public struct AuditRecord: Sendable, Equatable, Codable {
    /// The TaskEvent's `id`: the idempotency key. Not the CloudEvent id, which Dapr mints anew
    /// whenever a message is published again (an outbox replay after a crash), while the
    /// domain event keeps its id.
    public var eventID: String
    public var type: TaskEvent.Kind
    public var taskID: String
    public var userID: String
    /// Whole microseconds: what both stores keep, so a record reads back equal to what was
    /// written and cursors compare exactly.
    public var occurredAt: Date
    public var version: Int
    public var title: String
    public var status: String
    /// The event's `task` object as JSON text (sorted keys), including any fields this build
    /// does not know about.
    public var snapshot: String

    public init(
        eventID: String, type: TaskEvent.Kind, taskID: String, userID: String, occurredAt: Date,
        version: Int, title: String, status: String, snapshot: String
    ) {
        self.eventID = eventID
        self.type = type
        self.taskID = taskID
        self.userID = userID
        self.occurredAt = AuditTime.date(microseconds: AuditTime.microseconds(occurredAt))
        self.version = version
        self.title = title
        self.status = status
        self.snapshot = snapshot
    }

    /// A record of `event`; `snapshot` is the raw `task` JSON when the caller has it (so
    /// newer fields survive), else the decoded task is encoded again.
    public init(event: TaskEvent, snapshot: String? = nil) throws {
        let text: String
        if let snapshot {
            text = snapshot
        } else {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            text = String(decoding: try encoder.encode(event.task), as: UTF8.self)
        }
        self.init(
            eventID: event.id, type: event.type, taskID: event.taskId, userID: event.userId,
            occurredAt: event.occurredAt, version: event.version, title: event.task.title,
            status: event.task.status.rawValue, snapshot: text
        )
    }

    /// Where this record sits in the audit's order, for cursors.
    public var position: AuditCursor { AuditCursor(occurredAt: occurredAt, eventID: eventID) }
}

/// Time as the stores keep it: integer microseconds since 1970 (exact in SQLite INTEGER and
/// PostgreSQL BIGINT, and the resolution of PostgreSQL's timestamps).
public enum AuditTime {
    public static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    public static func date(microseconds: Int64) -> Date {
        // Split so the whole seconds stay exact in the Double.
        let seconds = microseconds.quotientAndRemainder(dividingBy: 1_000_000)
        return Date(timeIntervalSince1970: Double(seconds.quotient) + Double(seconds.remainder) / 1_000_000)
    }
}
