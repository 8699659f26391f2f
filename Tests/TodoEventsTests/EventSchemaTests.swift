import ActorRuntime
import Foundation
import Testing
import TodoEvents
import TodoModel

@Suite("Event schemas and versions")
struct EventSchemaTests {
    static let created = Date(timeIntervalSince1970: 1_795_621_212.345)

    static func task() -> TaskRecord {
        TaskRecord(
            id: "t1", ownerID: "u1", title: "Pay rent", tags: ["home"], due: try! TaskDue(parsing: "2026-12-01T09:00:00"),
            timeZone: "Europe/Berlin", reminders: [TaskReminder(id: "r1", minutesBefore: 1440)],
            recurrence: TaskRecurrence(rrule: "FREQ=MONTHLY;BYMONTHDAY=1"), createdAt: created, updatedAt: created
        )
    }

    static func cloudEvent(_ data: JSONValue, topic: String) -> CloudEvent {
        CloudEvent(source: "test", topic: topic, pubsubName: "pubsub", data: data)
    }

    @Test("schema text parses into family, major and minor", arguments: [
        ("task-events/v1", "task-events", 1, 0),
        ("task-events/v1.3", "task-events", 1, 3),
        ("reminders/v2", "reminders", 2, 0),
    ])
    func parses(text: String, family: String, major: Int, minor: Int) throws {
        let schema = try #require(EventSchema(parsing: text))
        #expect(schema == EventSchema(family: family, major: major, minor: minor))
        #expect(schema.description == text)
    }

    @Test("malformed schema text is refused", arguments: ["task-events", "task-events/1", "task-events/v", "task-events/vx", "task-events/v1.", "task-events/v1.2.3", "/v1x"])
    func refusesMalformed(text: String) {
        #expect(EventSchema(parsing: text) == nil)
    }

    @Test("event dates go out as RFC 3339 text in UTC with milliseconds")
    func datesAreRFC3339() throws {
        let event = TaskEvent(id: "e1", type: .created, task: Self.task(), occurredAt: Self.created)
        let data = try JSONValue(encoding: event)
        #expect(data["occurredAt"] == .string("2026-11-25T15:40:12.345Z"))
        #expect(data["task"]?["createdAt"] == .string("2026-11-25T15:40:12.345Z"))
        #expect(data["task"]?["due"] == .string("2026-12-01T09:00:00"))
        #expect(data["schema"] == .string("task-events/v1"))
        let decoded = try TaskEvent.decode(from: Self.cloudEvent(data, topic: Topics.taskEvents))
        #expect(decoded == event)
    }

    @Test("a newer minor version with unknown fields is read; the unknown fields are ignored")
    func newerMinorIsRead() throws {
        var data = try JSONValue(encoding: TaskEvent(id: "e2", type: .completed, task: Self.task(), occurredAt: Self.created))
        guard case .object(var object) = data, case .object(var task) = object["task"] else { Issue.record("not an object"); return }
        object["schema"] = .string("task-events/v1.4")
        object["causedBy"] = .object(["kind": .string("chat"), "conversationId": .string("c1")])
        task["estimateMinutes"] = .int(30)
        object["task"] = .object(task)
        data = .object(object)
        let decoded = try TaskEvent.decode(from: Self.cloudEvent(data, topic: Topics.taskEvents))
        #expect(decoded.id == "e2")
        #expect(decoded.type == .completed)
        #expect(decoded.task.title == "Pay rent")
    }

    @Test("a newer major version is refused with the reason")
    func newerMajorIsRefused() throws {
        var data = try JSONValue(encoding: ReminderEvent(taskId: "t1", userId: "u1", title: "x", dueAt: nil, remindAt: Self.created, reminderId: "r1"))
        guard case .object(var object) = data else { Issue.record("not an object"); return }
        object["schema"] = .string("reminders/v2")
        data = .object(object)
        #expect(throws: EventSchemaError.self) { try ReminderEvent.decode(from: Self.cloudEvent(data, topic: Topics.reminders)) }
        do {
            _ = try ReminderEvent.decode(from: Self.cloudEvent(data, topic: Topics.reminders))
        } catch {
            #expect(String(describing: error) == "reminders/v2 cannot be read by a reminders/v1 reader")
        }
    }

    @Test("events written by an earlier build (dates as Foundation numbers) still decode")
    func legacyDates() throws {
        let event = ReminderEvent(taskId: "t1", userId: "u1", title: "Pay rent", dueAt: Self.created, remindAt: Self.created, reminderId: "r1")
        let legacy = try JSONValue(json: JSONEncoder().encode(event))
        #expect(legacy["remindAt"] == .double(Self.created.timeIntervalSinceReferenceDate))
        let decoded = try ReminderEvent.decode(from: Self.cloudEvent(legacy, topic: Topics.reminders))
        #expect(decoded == event)
    }

    @Test("JSON text inside a string (a text/plain publisher) is read through")
    func dataAsText() throws {
        let event = ReminderEvent(taskId: "t1", userId: "u1", title: "Pay rent", dueAt: nil, remindAt: Self.created, reminderId: "snooze")
        let text = String(decoding: try PayloadCoding.encoder.encode(event), as: UTF8.self)
        #expect(try ReminderEvent.decode(from: Self.cloudEvent(.string(text), topic: Topics.reminders)) == event)
    }

    @Test("RFC 3339 with offsets and without fractions is read as the same instant")
    func offsets() {
        #expect(PayloadCoding.date("2026-11-25T17:40:12.345+02:00") == Self.created)
        #expect(PayloadCoding.date("2026-11-25T15:40:12Z") == Date(timeIntervalSince1970: 1_795_621_212))
        #expect(PayloadCoding.date("2026-11-25 15:40:12") == nil)
    }

    @Test("an in-app notification is a task-updates v1 message of type reminder")
    func notificationShape() throws {
        let reminder = ReminderEvent(taskId: "t1", userId: "u1", title: "Pay rent", dueAt: nil, remindAt: Self.created, reminderId: "r1")
        let update = TaskUpdate(notificationID: "n1", reminder: reminder, occurredAt: Self.created)
        let data = try JSONValue(encoding: update)
        #expect(data["type"] == .string("reminder"))
        #expect(data["reminder"]?["remindAt"] == .string("2026-11-25T15:40:12.345Z"))
        #expect(data["version"] == nil)
        #expect(try TaskUpdate.decode(from: Self.cloudEvent(data, topic: Topics.taskUpdates)) == update)
    }
}
