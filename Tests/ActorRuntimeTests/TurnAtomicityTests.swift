import ActorRuntime
import ActorRuntimeTesting
import ActorStoreSQLite
import Foundation
import Synchronization
import Testing

@Suite struct TurnAtomicityTests {
    @Test(arguments: ["memory", "sqlite"])
    func aThrowingTurnLeavesNoPartialState(storeKind: String) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store: any ActorStateStore = storeKind == "memory"
            ? MemoryStateStore()
            : try SQLiteActorStateStore(path: directory.appendingPathComponent("state.sqlite").path)
        let host = try await makeHost(store: store)
        let counter = host.proxy(CounterActor.self, uniqueID())
        #expect(try await counter.increment(5) == 5)
        await #expect(throws: ActorProblem.self) { try await counter.incrementThenFail(100) }
        // Neither the cached state nor the store kept the failed turn's change or reminder.
        #expect(try await counter.get() == 5)
        #expect(try await store.loadState(counter.address, key: "count")?.decode(Int.self) == 5)
        #expect(try await store.loadReminders().isEmpty)
        #expect(host.scheduledReminderCount == 0)
        await host.shutdown()
    }

    @Test func aThrowingTurnPublishesNothing() async throws {
        let bus = EventBus()
        let received = Mutex(0)
        bus.subscribe(Subscription(topic: "t", consumer: "test") { _ in
            received.withLock { $0 += 1 }
            return .success
        })
        let store = MemoryStateStore()
        let host = try await makeHost(store: store, bus: bus)
        let counter = host.proxy(CounterActor.self, uniqueID())
        await #expect(throws: ActorProblem.self) { try await counter.publishAndFail("t") }
        _ = try await counter.publishCount("t")
        #expect(await eventually { received.withLock { $0 } == 1 })
        try await Task.sleep(for: .milliseconds(50))
        #expect(received.withLock { $0 } == 1)
        await host.shutdown()
    }
}
