import ActorRuntime
import Foundation
import Testing
@testable import TodoAudit
import TodoEvents
import TodoModel

/// From a delivered CloudEvent to a stored record: once per event id, tolerant of what later
/// schema versions add, and dropping what can never be stored.
@Suite struct AuditIngestTests {
    @Test func anEventRedeliveredUnderANewCloudEventIDIsStoredOnce() async throws {
        try await AuditHarness.withRunning { (harness: AuditHarness) async throws in
            let event = AuditFixtures.event(.created, id: "evt-1", taskID: "t-1", owner: "alice", at: AuditFixtures.monday)
            let first = try AuditFixtures.cloudEvent(event)
            // Republished after a crash: Dapr mints a new CloudEvent id, the domain id stays.
            let republished = try AuditFixtures.cloudEvent(event)
            #expect(first.id != republished.id)
            #expect(try await harness.service.ingest(first) == .success)
            #expect(try await harness.service.ingest(first) == .success)
            #expect(try await harness.service.ingest(republished) == .success)
            let records = try await harness.store.query(userID: "alice", limit: 10).records
            #expect(records.map(\.eventID) == ["evt-1"])
            #expect(records.first?.title == "Write the report")
            #expect(records.first?.status == "open")
            #expect(records.first?.occurredAt == AuditFixtures.monday)
        }
    }

    @Test func fieldsFromNewerSchemaVersionsAreToleratedAndKept() async throws {
        try await AuditHarness.withRunning { (harness: AuditHarness) async throws in
            let event = AuditFixtures.event(.completed, id: "evt-new", taskID: "t-1", owner: "alice", at: AuditFixtures.monday)
            guard case .object(var data) = try JSONValue(encoding: event), case .object(var task) = data["task"] else {
                Issue.record("the event does not encode to an object")
                return
            }
            data["schema"] = .string("task-events/v1.3")
            data["correlationId"] = .string("req-42")
            task["checklist"] = .array([.object(["text": .string("draft"), "done": .bool(true)])])
            data["task"] = .object(task)
            let delivered = CloudEvent(source: "tasks-service", topic: Topics.taskEvents, pubsubName: "pubsub", data: .object(data))
            #expect(try await harness.service.ingest(delivered) == .success)

            let stored = try #require(try await harness.store.query(userID: "alice", limit: 1).records.first)
            #expect(stored.type == .completed)
            #expect(stored.status == "completed")
            // The snapshot is the producer's, with the field this build does not know.
            let snapshot = try JSONValue(json: Data(stored.snapshot.utf8))
            #expect(snapshot["checklist"] == .array([.object(["text": .string("draft"), "done": .bool(true)])]))
            #expect(snapshot["title"] == .string("Write the report"))
        }
    }

    @Test func rfc3339DatesAndJSONInAStringAreRead() async throws {
        try await AuditHarness.withRunning { (harness: AuditHarness) async throws in
            let json = """
                {"schema":"task-events/v1","id":"evt-iso","type":"updated","taskId":"t-9","userId":"alice",
                 "occurredAt":"2026-05-04T11:00:00.123456+02:00","version":2,
                 "task":{"id":"t-9","ownerID":"alice","title":"Call the bank","notes":"","status":"open","priority":"none",
                         "tags":[],"reminders":[],"createdAt":"2026-05-01T08:00:00Z","updatedAt":"2026-05-04T09:00:00Z","version":2}}
                """
            // Text payloads carry the JSON as a string; it is read through.
            let delivered = CloudEvent(source: "tasks-service", topic: Topics.taskEvents, pubsubName: "pubsub", data: .string(json))
            #expect(try await harness.service.ingest(delivered) == .success)
            let stored = try #require(try await harness.store.query(userID: "alice", limit: 1).records.first)
            #expect(AuditTime.microseconds(stored.occurredAt) == AuditTime.microseconds(AuditFixtures.monday) + 123_456)
            #expect(stored.title == "Call the bank")
            #expect(stored.version == 2)
        }
    }

    @Test(arguments: [
        ("not JSON at all", JSONValue.string("{oops")),
        ("a number", JSONValue.int(7)),
        ("an empty object", JSONValue.object([:])),
        ("a reminders event", JSONValue.object(["schema": .string("reminders/v1"), "id": .string("r-1"), "taskId": .string("t"), "userId": .string("u")])),
    ])
    func undecodableEventsAreDropped(_ label: String, _ data: JSONValue) async throws {
        try await AuditHarness.withRunning { (harness: AuditHarness) async throws in
            let delivered = CloudEvent(source: "x", topic: Topics.taskEvents, pubsubName: "pubsub", data: data)
            #expect(try await harness.service.ingest(delivered) == .drop, "\(label)")
            #expect(try await harness.ids().isEmpty)
        }
    }

    @Test func anUnknownEventTypeOrAnotherSchemaIsDropped() async throws {
        try await AuditHarness.withRunning { (harness: AuditHarness) async throws in
            let event = AuditFixtures.event(.updated, id: "evt-x", taskID: "t-1", owner: "alice", at: AuditFixtures.monday)
            guard case .object(var data) = try JSONValue(encoding: event) else { return }
            data["type"] = .string("archived")
            #expect(try await harness.service.ingest(CloudEvent(source: "x", topic: Topics.taskEvents, pubsubName: "p", data: .object(data))) == .drop)
            data["type"] = .string("updated")
            data["schema"] = .string("task-updates/v1")
            #expect(try await harness.service.ingest(CloudEvent(source: "x", topic: Topics.taskEvents, pubsubName: "p", data: .object(data))) == .drop)
            data["schema"] = .string("task-events/v1")
            data["userId"] = .string("")
            #expect(try await harness.service.ingest(CloudEvent(source: "x", topic: Topics.taskEvents, pubsubName: "p", data: .object(data))) == .drop)
            #expect(try await harness.ids().isEmpty)
        }
    }

    @Test func deliveriesBeforeTheStoreIsReadyWaitForIt() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteAuditStore(path: directory.path("audit.sqlite"))
        let service = AuditService(store: store)
        let event = try AuditFixtures.cloudEvent(AuditFixtures.event(.created, id: "early", taskID: "t-1", owner: "alice", at: AuditFixtures.monday))
        // Delivered before run() migrates: it waits instead of failing on a missing table.
        let early = Task { try await service.ingest(event) }
        try await Task.sleep(for: .milliseconds(100))
        #expect(!service.isReady)
        let running = Task { try await service.run() }
        #expect(try await early.value == .success)
        #expect(try await store.query(userID: "alice", limit: 5).records.map(\.eventID) == ["early"])
        running.cancel()
        try await running.value
    }

    @Test func aStoreThatNeverBecomesReadyFailsTheDeliveryForARetry() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteAuditStore(path: directory.path("audit.sqlite"))
        let service = AuditService(store: store, configuration: AuditConfiguration(readinessTimeout: .milliseconds(100)))
        let event = try AuditFixtures.cloudEvent(AuditFixtures.event(.created, taskID: "t-1", owner: "alice", at: AuditFixtures.monday))
        await #expect(throws: AuditStoreError.self) { try await service.ingest(event) }
        try await store.close()
    }
}
