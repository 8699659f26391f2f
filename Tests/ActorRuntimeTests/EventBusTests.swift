import ActorRuntime
import ActorRuntimeTesting
import ActorStoreSQLite
import Foundation
import Synchronization
import Testing

@Suite struct EventBusTests {
    private static let fastRetry = RetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(1), maxBackoff: .milliseconds(5))

    /// A subscriber may call back the actor whose turn published the event: the delivery is
    /// not part of that turn's call chain (regression: the drain task inherited it, and the
    /// call failed as reentrancy).
    @Test func aSubscriberCanCallThePublishingActor() async throws {
        let bus = EventBus(retry: Self.fastRetry)
        let totals = Mutex<[Int]>([])
        let hostBox = Mutex<EmbeddedActorHost?>(nil)
        let id = uniqueID()
        bus.subscribe(Subscription(topic: "echo", consumer: "echo") { _ in
            let host = try #require(hostBox.withLock { $0 })
            let total = try await host.proxy(CounterActor.self, id).increment(1)
            totals.withLock { $0.append(total) }
            return .success
        })
        let host = try await makeHost(bus: bus)
        hostBox.withLock { $0 = host }
        _ = try await host.proxy(CounterActor.self, id).publishCount("echo")
        #expect(await eventually { totals.withLock { $0 } == [2] }, "publishCount counted 1; the subscriber's call counts 2")
        await host.shutdown()
    }

    @Test func eventsArriveInADaprShapedCloudEvent() async throws {
        let bus = EventBus()
        let events = Mutex<[CloudEvent]>([])
        bus.subscribe(Subscription(topic: "counts", consumer: "audit") { event in
            events.withLock { $0.append(event) }
            return .success
        })
        let host = try await makeHost(bus: bus)
        let id = uniqueID()
        _ = try await host.proxy(CounterActor.self, id).publishCount("counts")
        #expect(await eventually { events.withLock { $0.count } == 1 })
        let event = try #require(events.withLock { $0.first })
        #expect(event.specversion == "1.0")
        #expect(event.type == "com.dapr.event.sent")
        #expect(event.source == "test")
        #expect(event.topic == "counts")
        #expect(event.pubsubname == "pubsub")
        #expect(event.datacontenttype == "application/json")
        #expect(event.data == .object(["actor": .string(id), "count": .string("1")]))
        let json = try JSONValue(json: JSONEncoder().encode(event))
        #expect(json["data"]?["count"] == .string("1"))
        await host.shutdown()
    }

    @Test func retriesThenDeadLettersAfterTheLastAttempt() async throws {
        let bus = EventBus(retry: Self.fastRetry)
        let attempts = Mutex(0)
        let dead = Mutex<[CloudEvent]>([])
        bus.subscribe(Subscription(topic: "work", consumer: "flaky", deadLetterTopic: "work-dead") { _ in
            attempts.withLock { $0 += 1 }
            return .retry
        })
        bus.subscribe(Subscription(topic: "work-dead", consumer: "dlq") { event in
            dead.withLock { $0.append(event) }
            return .success
        })
        let store = MemoryStateStore()
        let host = try await makeHost(store: store, bus: bus)
        try await host.publish(["job": 1], topic: "work")
        #expect(await eventually { dead.withLock { $0.count } == 1 })
        #expect(attempts.withLock { $0 } == 3)
        #expect(dead.withLock { $0.first?.topic } == "work-dead")
        #expect(await eventually { (try? await store.loadOutbox().isEmpty) == true })
        await host.shutdown()
    }

    @Test func aThrowingHandlerIsRetriedUntilItSucceeds() async throws {
        struct Flaky: Error {}
        let bus = EventBus(retry: RetryPolicy(maxAttempts: 5, initialBackoff: .milliseconds(1), maxBackoff: .milliseconds(2)))
        let attempts = Mutex(0)
        bus.subscribe(Subscription(topic: "t", consumer: "c") { _ in
            let attempt = attempts.withLock { $0 += 1; return $0 }
            if attempt < 3 { throw Flaky() }
            return .success
        })
        let host = try await makeHost(bus: bus)
        try await host.publish("x", topic: "t")
        #expect(await eventually { attempts.withLock { $0 } == 3 })
        try await Task.sleep(for: .milliseconds(30))
        #expect(attempts.withLock { $0 } == 3)
        await host.shutdown()
    }

    @Test func dropEndsDeliveryWithoutDeadLetter() async throws {
        let bus = EventBus(retry: Self.fastRetry)
        let attempts = Mutex(0)
        let dead = Mutex(0)
        bus.subscribe(Subscription(topic: "t", consumer: "c", deadLetterTopic: "t-dead") { _ in
            attempts.withLock { $0 += 1 }
            return .drop
        })
        bus.subscribe(Subscription(topic: "t-dead", consumer: "d") { _ in
            dead.withLock { $0 += 1 }
            return .success
        })
        let host = try await makeHost(bus: bus)
        try await host.publish("x", topic: "t")
        #expect(await eventually { attempts.withLock { $0 } == 1 })
        try await Task.sleep(for: .milliseconds(30))
        #expect(attempts.withLock { $0 } == 1)
        #expect(dead.withLock { $0 } == 0)
        await host.shutdown()
    }

    @Test func oneEntitysEventsArriveInOrder() async throws {
        let bus = EventBus()
        let seen = Mutex<[String: [Int]]>([:])
        bus.subscribe(Subscription(topic: "counts", consumer: "c") { event in
            let data = try event.decodeData([String: String].self)
            // Slow, jittery consumer: ordering must not depend on timing.
            try await Task.sleep(for: .microseconds(Int.random(in: 0...300)))
            seen.withLock { $0[data["actor"]!, default: []].append(Int(data["count"]!)!) }
            return .success
        })
        let host = try await makeHost(bus: bus)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for actor in 0..<10 {
                let counter = host.proxy(CounterActor.self, "ordered-\(actor)")
                group.addTask { for _ in 0..<50 { _ = try await counter.publishCount("counts") } }
            }
            try await group.waitForAll()
        }
        #expect(await eventually { seen.withLock { $0.values.map(\.count).reduce(0, +) } == 500 })
        for (_, counts) in seen.withLock({ $0 }) {
            #expect(counts == Array(1...50))
        }
        await host.shutdown()
    }

    @Test func undeliveredEventsAreDeliveredAfterARestart() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("state.sqlite").path

        // First run: the subscriber never succeeds before shutdown.
        let firstBus = EventBus(retry: RetryPolicy(maxAttempts: 1_000, initialBackoff: .milliseconds(5), maxBackoff: .milliseconds(5)))
        firstBus.subscribe(Subscription(topic: "t", consumer: "c") { _ in .retry })
        let first = try await makeHost(store: try SQLiteActorStateStore(path: path), bus: firstBus)
        _ = try await first.proxy(CounterActor.self, "outbox").publishCount("t")
        try await Task.sleep(for: .milliseconds(30))
        await first.shutdown()

        let secondBus = EventBus()
        let received = Mutex<[CloudEvent]>([])
        secondBus.subscribe(Subscription(topic: "t", consumer: "c") { event in
            received.withLock { $0.append(event) }
            return .success
        })
        let store = try SQLiteActorStateStore(path: path)
        let second = try await makeHost(store: store, bus: secondBus)
        #expect(await eventually { received.withLock { $0.count } == 1 })
        #expect(await eventually { (try? await store.rowCounts()["outbox"]) == 0 })
        await second.shutdown()
    }
}
