import ActorRuntime
import ActorStoreSQLite
import Foundation
import Testing

@Suite struct SQLiteStoreTests {
    let directory: URL
    let path: String

    init() throws {
        directory = try temporaryDirectory()
        path = directory.appendingPathComponent("state.sqlite").path
    }

    @Test func stateRemindersAndOutboxRoundTrip() async throws {
        let store = try SQLiteActorStateStore(path: path)
        let actor = ActorAddress(type: "TaskActor", id: "t1")
        let reminder = ReminderRecord(actor: actor, name: "remind/due", dueTime: Date(timeIntervalSince1970: 1_234.5), period: .milliseconds(1_500), data: Data("{\"a\":1}".utf8))
        let event = CloudEvent(source: "app", topic: "task-events", pubsubName: "pubsub", data: .object(["x": .int(1)]))
        try await store.commit(TurnCommit(
            actor: actor,
            state: [.upsert(key: "task", value: .value(["title": "Pay rent"])), .upsert(key: "n", value: .json(Data("3".utf8)))],
            reminders: [.upsert(reminder)],
            outbox: [OutboxMessage(event: event, partitionKey: "t1")]
        ))
        #expect(try await store.loadState(actor, key: "task")?.encoded() == Data("{\"title\":\"Pay rent\"}".utf8))
        #expect(try await store.loadState(actor, key: "n")?.decode(Int.self) == 3)
        #expect(try await store.loadState(actor, key: "missing") == nil)
        #expect(try await store.loadReminders() == [reminder])
        #expect(try await store.loadOutbox() == [OutboxMessage(event: event, partitionKey: "t1")])

        try await store.commit(TurnCommit(actor: actor, state: [.delete(key: "n")], reminders: [.delete(actor: actor, name: "remind/due")]))
        try await store.deleteOutbox(ids: [OutboxMessage(event: event, partitionKey: nil).outboxID])
        #expect(try await store.loadState(actor, key: "n") == nil)
        #expect(try await store.loadReminders().isEmpty)
        #expect(try await store.loadOutbox().isEmpty)
        try await store.close()

        // Reopened, the data is still there and the schema is not migrated twice.
        let reopened = try SQLiteActorStateStore(path: path)
        #expect(try await reopened.loadState(actor, key: "task") != nil)
        try await reopened.close()
        try? FileManager.default.removeItem(at: directory)
    }

    @Test func concurrentCommitsAreGroupedAndAllLand() async throws {
        let store = try SQLiteActorStateStore(path: path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<2_000 {
                group.addTask {
                    try await store.commit(TurnCommit(actor: ActorAddress(type: "C", id: "\(index)"), state: [.upsert(key: "v", value: .value(index))]))
                }
            }
            try await group.waitForAll()
        }
        #expect(try await store.rowCounts()["actor_state"] == 2_000)
        #expect(try await store.loadState(ActorAddress(type: "C", id: "1999"), key: "v")?.decode(Int.self) == 1_999)
        try await store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    @Test func upsertsBumpTheVersionLikeDapr() async throws {
        let store = try SQLiteActorStateStore(path: path)
        let actor = ActorAddress(type: "C", id: "v")
        for value in 1...3 {
            try await store.commit(TurnCommit(actor: actor, state: [.upsert(key: "k", value: .value(value))]))
        }
        try await store.close()
        let output = try runProcess("/usr/bin/sqlite3", [path, "SELECT version, data FROM actor_state WHERE actor_id = 'v'"])
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "3|3")
        try? FileManager.default.removeItem(at: directory)
    }

    @Test func aBadPathFailsWithAClearError() {
        let error = #expect(throws: SQLiteError.self) {
            _ = try SQLiteActorStateStore(path: "/nonexistent-dir/x/state.sqlite")
        }
        #expect(error?.description.contains("/nonexistent-dir/x/state.sqlite") == true)
    }
}

/// Runs a program to completion and returns its standard output.
func runProcess(_ executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}
