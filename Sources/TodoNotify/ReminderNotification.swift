import ActorRuntime
import Foundation
import TodoEvents

/// The webhook's JSON body for a reminder (the same fields as the in-app `task-updates`
/// message of type `reminder`, under its own schema name). Dates are RFC 3339 strings.
public struct ReminderNotification: Codable, Sendable, Equatable {
    public struct Reminder: Codable, Sendable, Equatable {
        public var title: String
        public var dueAt: String?
        public var remindAt: String
        public var reminderId: String
    }

    public var schema: String
    /// The delivery id: the same on every retry of one delivery.
    public var id: String
    public var type: String
    public var userId: String
    public var taskId: String
    public var occurredAt: String
    public var reminder: Reminder

    /// The webhook body's schema (in-app messages are `task-updates/v1`, `TaskUpdate`).
    public static let webhookSchema = "notifications/v1"

    public init(delivery: DeliveryRecord, schema: String) {
        let event = delivery.reminder
        self.schema = schema
        self.id = delivery.id
        self.type = "reminder"
        self.userId = event.userId
        self.taskId = event.taskId
        self.occurredAt = PayloadCoding.text(event.remindAt)
        self.reminder = Reminder(
            title: event.title,
            dueAt: event.dueAt.map(PayloadCoding.text),
            remindAt: PayloadCoding.text(event.remindAt),
            reminderId: event.reminderId
        )
    }

    /// The exact bytes a webhook receiver gets (and the signature covers).
    public func jsonBody() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

