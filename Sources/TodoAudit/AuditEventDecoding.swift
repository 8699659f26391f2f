import ActorRuntime
import Foundation
import TodoEvents

/// Turns a delivered CloudEvent into the record to store, or says why it cannot ever be one.
enum AuditEventDecoding {
    enum Outcome {
        case record(AuditRecord)
        /// Undecodable or not a task event: redelivering cannot help.
        case unusable(String)
    }

    static func decode(_ cloudEvent: CloudEvent) -> Outcome {
        var data = cloudEvent.data
        // Some publishers hand over the JSON as a string (a text content type); read through it.
        if case .string(let text) = data, let inner = try? JSONValue(json: Data(text.utf8)) {
            data = inner
        }
        guard case .object = data else { return .unusable("the event's data is not a JSON object") }
        let event: TaskEvent
        do {
            event = try decoder.decode(TaskEvent.self, from: try data.jsonData())
        } catch {
            return .unusable("not a task-events v1 event: \(error)")
        }
        guard let schema = EventSchema(parsing: event.schema), EventSchema.taskEvents.canRead(schema) else {
            return .unusable("schema '\(event.schema)' is not readable as \(EventSchema.taskEvents)")
        }
        guard !event.id.isEmpty, !event.userId.isEmpty, !event.taskId.isEmpty else {
            return .unusable("the event has an empty id, userId or taskId")
        }
        // The snapshot as published, so fields newer than this build are kept.
        let snapshot = data["task"].flatMap { try? encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        do {
            return .record(try AuditRecord(event: event, snapshot: snapshot))
        } catch {
            return .unusable("the task snapshot cannot be stored: \(error)")
        }
    }

    /// Dates as the publishers write them: RFC 3339 text (or, from builds before the event
    /// schemas fixed it, Foundation's number); the record keeps them to the microsecond.
    private static let decoder = PayloadCoding.decoder

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
