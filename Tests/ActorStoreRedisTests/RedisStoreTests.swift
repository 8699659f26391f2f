#if Redis
import ActorRuntime
import ActorRuntimeTesting
import ActorStoreRedis
import Foundation
import Testing

/// The Redis store against a real redis-server, read back with redis-cli.
@Suite struct RedisStoreTests {
    let server: RedisServer
    let store: RedisActorStateStore

    init() throws {
        server = try RedisServer()
        store = try RedisActorStateStore(port: server.port, appID: "todo")
    }

    let task = ActorAddress(type: "TaskActor", id: "t1")

    @Test func writesExactlyDaprsActorStateLayout() async throws {
        try await store.commit(TurnCommit(actor: task, state: [
            .upsert(key: "a", value: .value(["title": "Pay rent"])),
            .upsert(key: "b", value: .json(Data("42".utf8))),
        ]))
        #expect(try server.lines(["KEYS", "todo||TaskActor||*"]).sorted() == ["todo||TaskActor||t1||a", "todo||TaskActor||t1||b"])
        #expect(try server.cli(["TYPE", "todo||TaskActor||t1||a"]).trimmingCharacters(in: .whitespacesAndNewlines) == "hash")
        #expect(try server.lines(["HKEYS", "todo||TaskActor||t1||a"]).sorted() == ["data", "version"])
        #expect(try server.lines(["HGET", "todo||TaskActor||t1||a", "data"]) == [#"{"title":"Pay rent"}"#])
        #expect(try server.lines(["HGET", "todo||TaskActor||t1||a", "version"]) == ["1"])

        try await store.commit(TurnCommit(actor: task, state: [.upsert(key: "a", value: .value(["title": "Pay rent today"]))]))
        #expect(try server.lines(["HGET", "todo||TaskActor||t1||a", "version"]) == ["2"])
        #expect(try server.lines(["HGET", "todo||TaskActor||t1||b", "version"]) == ["1"])

        try await store.commit(TurnCommit(actor: task, state: [.delete(key: "b")]))
        #expect(try server.cli(["EXISTS", "todo||TaskActor||t1||b"]).trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        #expect(try await store.loadState(task, key: "a")?.encoded() == Data(#"{"title":"Pay rent today"}"#.utf8))
        #expect(try await store.loadState(task, key: "b") == nil)
    }

    @Test func remindersAndOutboxRoundTripOutsideDaprsKeySpace() async throws {
        let reminder = ReminderRecord(actor: task, name: "due/2026", dueTime: Date(timeIntervalSince1970: 1_800_000_000), period: .seconds(60), data: Data("{}".utf8))
        let first = OutboxMessage(event: CloudEvent(id: "e1", source: "todo", topic: "task-events", pubsubName: "pubsub", data: .int(1)), partitionKey: "u1")
        let second = OutboxMessage(event: CloudEvent(id: "e2", source: "todo", topic: "task-events", pubsubName: "pubsub", data: .int(2)), partitionKey: nil)
        try await store.commit(TurnCommit(actor: task, reminders: [.upsert(reminder)], outbox: [first]))
        try await store.commit(TurnCommit(actor: task, outbox: [second]))
        #expect(try await store.loadReminders() == [reminder])
        #expect(try await store.loadOutbox() == [first, second], "publication order")
        #expect(try server.lines(["KEYS", "todo||$embedded||*"]).sorted() == ["todo||$embedded||outbox", "todo||$embedded||outbox-order", "todo||$embedded||reminders"])

        try await store.deleteOutbox(ids: [first.outboxID])
        #expect(try await store.loadOutbox() == [second])
        try await store.commit(TurnCommit(actor: task, reminders: [.delete(actor: task, name: "due/2026")]))
        #expect(try await store.loadReminders().isEmpty)
    }

    @Test func aFailingTransactionWritesNothingAndSaysWhy() async throws {
        // Make the reminders key a string: HSET on it fails inside EXEC.
        _ = try server.cli(["SET", "todo||$embedded||reminders", "not a hash"])
        let reminder = ReminderRecord(actor: task, name: "r", dueTime: Date())
        let error = await #expect(throws: (any Error).self) {
            try await store.commit(TurnCommit(actor: task, state: [.upsert(key: "x", value: .value(1))], reminders: [.upsert(reminder)]))
        }
        #expect(String(describing: error).contains("WRONGTYPE"))
        // MULTI/EXEC has no rollback: the state write inside the failed transaction is checked.
        // Dapr's documentation says the same of Redis transactions; the error surfaces so the
        // turn fails and its cached state is dropped.
        _ = try server.cli(["DEL", "todo||$embedded||reminders"])
    }

    @Test func concurrentCommitsAreGroupedAndAllLand() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<1_000 {
                group.addTask {
                    try await store.commit(TurnCommit(actor: ActorAddress(type: "C", id: "\(index)"), state: [.upsert(key: "v", value: .value(index))]))
                }
            }
            try await group.waitForAll()
        }
        #expect(try server.cli(["DBSIZE"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1000")
    }

    @Test func theActorHostRunsOnRedis() async throws {
        let host = EmbeddedActorHost(configuration: .init(appID: "todo"), store: store)
        host.register(CounterActor.self)
        try await host.start()
        let counter = host.proxy(CounterActor.self, "c1")
        for _ in 0..<100 { _ = try await counter.increment(1) }
        await host.shutdown()
        #expect(try server.lines(["HGET", "todo||CounterActor||c1||count", "data"]) == ["100"])
        #expect(try server.lines(["HGET", "todo||CounterActor||c1||count", "version"]) == ["100"])
    }

    @Test func badURLsAndUnreachableServersFailClearly() throws {
        #expect(throws: RedisError.self) { _ = try RedisActorStateStore(url: "http://x", appID: "a") }
        let error = #expect(throws: RedisError.self) { _ = try RedisActorStateStore(port: try RedisServer.freePort(), appID: "a") }
        #expect(error?.description.contains("cannot connect to 127.0.0.1") == true)
    }
}
#endif
