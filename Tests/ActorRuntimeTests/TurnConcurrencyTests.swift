import ActorRuntime
import ActorRuntimeTesting
import Foundation
import Testing

@Suite struct TurnConcurrencyTests {
    @Test func concurrentIncrementsOnOneActorAllCount() async throws {
        let host = try await makeHost()
        let counter = host.proxy(CounterActor.self, "one")
        let calls = 10_000
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<calls {
                group.addTask { try await counter.increment(1) }
            }
            var results = Set<Int>()
            for try await value in group { results.insert(value) }
            // Every turn saw a distinct value: no two turns interleaved.
            #expect(results == Set(1...calls))
        }
        #expect(try await counter.get() == calls)
        await host.shutdown()
    }

    @Test func turnsOnOneActorNeverOverlapButDifferentActorsDo() async throws {
        let host = try await makeHost()
        let same = host.proxy(SleepyActor.self, "same")
        let sameIntervals = try await withThrowingTaskGroup(of: SleepyActor.Interval.self) { group in
            for _ in 0..<4 { group.addTask { try await same.nap(50) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }.sorted { $0.start < $1.start }
        for (earlier, later) in zip(sameIntervals, sameIntervals.dropFirst()) {
            #expect(earlier.end <= later.start, "turns of one actor overlapped")
        }

        let different = try await withThrowingTaskGroup(of: SleepyActor.Interval.self) { group in
            for index in 0..<4 {
                let actor = host.proxy(SleepyActor.self, "different-\(index)")
                group.addTask { try await actor.nap(200) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let latestStart = different.map(\.start).max()!
        let earliestEnd = different.map(\.end).min()!
        #expect(latestStart < earliestEnd, "turns of different actors did not run at the same time")
        await host.shutdown()
    }

    @Test func turnsAreServedInArrivalOrder() async throws {
        let host = try await makeHost()
        let sleepy = host.proxy(SleepyActor.self, "fifo")
        // Hold the actor, queue callers one after another, and check they ran in that order.
        let holder = Task { try await sleepy.nap(150) }
        try await Task.sleep(for: .milliseconds(30))
        var waiters: [Task<SleepyActor.Interval, any Error>] = []
        for _ in 0..<5 {
            waiters.append(Task { try await sleepy.nap(1) })
            try await Task.sleep(for: .milliseconds(5))
        }
        _ = try await holder.value
        var starts: [ContinuousClock.Instant] = []
        for waiter in waiters { starts.append(try await waiter.value.start) }
        #expect(starts == starts.sorted())
        await host.shutdown()
    }

    @Test func unknownTypesAndMethodsFailClearly() async throws {
        let host = try await makeHost()
        await #expect(throws: ActorError.unknownActorType("Nope")) {
            _ = try await host.invoke(ActorAddress(type: "Nope", id: "x"), method: "get", payload: .empty)
        }
        await #expect(throws: ActorError.methodNotFound(type: "CounterActor", method: "explode")) {
            _ = try await host.invoke(ActorAddress(type: "CounterActor", id: "x"), method: "explode", payload: .empty)
        }
        let error = await #expect(throws: ActorError.self) {
            _ = try await host.invoke(ActorAddress(type: "CounterActor", id: "x"), method: "increment", payload: .json(Data("\"five\"".utf8)))
        }
        #expect(error?.description.contains("invalid argument for CounterActor.increment") == true)
        await host.shutdown()
    }

    @Test func untypedCallsTakeAndReturnJSON() async throws {
        let host = try await makeHost()
        let address = ActorAddress(type: "CounterActor", id: uniqueID())
        let result = try await host.invoke(address, method: "increment", payload: .json(Data("7".utf8)))
        #expect(String(decoding: try result.jsonData(), as: UTF8.self) == "7")
        let value = try await host.invoke(address, method: "get", payload: .empty)
        #expect(try value.decode(Int.self) == 7)
        await host.shutdown()
    }
}
