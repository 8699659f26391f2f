import ActorRuntime
import Foundation
import TodoAudit
import TodoEvents
import TodoModel

/// Events and records for the tests, on a fixed calendar: Monday 2026-05-04T09:00:00Z.
enum AuditFixtures {
    static let monday = Date(timeIntervalSince1970: 1_777_885_200)

    static func at(days: Double = 0, seconds: Double = 0) -> Date {
        monday.addingTimeInterval(days * 86_400 + seconds)
    }

    static func task(id: String, owner: String, title: String = "Write the report", status: TaskStatus = .open, version: Int = 1, at date: Date = monday) -> TaskRecord {
        TaskRecord(
            id: id, ownerID: owner, title: title, status: status, tags: ["work"],
            createdAt: date, updatedAt: date, completedAt: status == .completed ? date : nil, version: version
        )
    }

    static func event(_ kind: TaskEvent.Kind, id: String = UUID().uuidString.lowercased(), taskID: String, owner: String, title: String = "Write the report", version: Int = 1, at date: Date) -> TaskEvent {
        let status: TaskStatus = kind == .completed ? .completed : .open
        return TaskEvent(id: id, type: kind, task: task(id: taskID, owner: owner, title: title, status: status, version: version, at: date), occurredAt: date)
    }

    static func record(_ kind: TaskEvent.Kind = .updated, id: String = UUID().uuidString.lowercased(), taskID: String = "t-1", owner: String = "alice", title: String = "Write the report", version: Int = 1, at date: Date = monday) -> AuditRecord {
        try! AuditRecord(event: event(kind, id: id, taskID: taskID, owner: owner, title: title, version: version, at: date))
    }

    /// As the actor runtime publishes it: a CloudEvent whose data is the encoded event.
    static func cloudEvent(_ event: TaskEvent) throws -> CloudEvent {
        CloudEvent(source: "tasks-service", topic: Topics.taskEvents, pubsubName: "pubsub", data: try JSONValue(encoding: event))
    }
}
