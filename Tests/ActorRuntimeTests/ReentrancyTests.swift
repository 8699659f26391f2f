import ActorRuntime
import ActorRuntimeTesting
import Testing

@Suite struct ReentrancyTests {
    @Test func reentrancyOnLetsACallChainComeBack() async throws {
        let host = try await makeHost { $0.reentrancy = ReentrancyConfiguration(enabled: true, maxStackDepth: 32) }
        let a = host.proxy(RelayActor.self, "a")
        #expect(try await a.relay(["b", "a"]) == ["a", "b", "a"])
        // The nested visit joined the outer turn and was saved with it.
        #expect(try await host.invoke(a.address, method: "relay", payload: .value([String]())).decode([String].self) == ["a"])
        #expect(try await host.store.loadState(a.address, key: "visits")?.decode(Int.self) == 3)
        await host.shutdown()
    }

    @Test func reentrancyOffRejectsTheCycleInsteadOfHanging() async throws {
        let host = try await makeHost()
        let a = host.proxy(RelayActor.self, "a")
        let error = await #expect(throws: ActorError.self) { _ = try await a.relay(["b", "a"]) }
        #expect(error == .reentrancyDisabled(chain: [
            ActorAddress(type: "RelayActor", id: "a"),
            ActorAddress(type: "RelayActor", id: "b"),
            ActorAddress(type: "RelayActor", id: "a"),
        ]))
        #expect(error?.description.contains("RelayActor/a -> RelayActor/b -> RelayActor/a") == true)
        // The failed chain saved nothing and left both actors usable.
        #expect(try await a.relay(["b"]) == ["a", "b"])
        await host.shutdown()
    }

    @Test func callDepthIsLimited() async throws {
        let host = try await makeHost { $0.reentrancy = ReentrancyConfiguration(enabled: true, maxStackDepth: 4) }
        #expect(try await host.proxy(RelayActor.self, "d0").relay(["d1", "d2", "d3"]).count == 4)
        let error = await #expect(throws: ActorError.self) {
            _ = try await host.proxy(RelayActor.self, "e0").relay(["e1", "e2", "e3", "e4"])
        }
        guard case .callDepthExceeded(_, let limit) = error else {
            Issue.record("expected callDepthExceeded, got \(String(describing: error))")
            return
        }
        #expect(limit == 4)
        await host.shutdown()
    }

    @Test func independentChainsToTheSameActorStillQueue() async throws {
        let host = try await makeHost { $0.reentrancy = ReentrancyConfiguration(enabled: true) }
        let counter = host.proxy(CounterActor.self, uniqueID())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<1_000 { group.addTask { _ = try await counter.increment(1) } }
            try await group.waitForAll()
        }
        #expect(try await counter.get() == 1_000)
        await host.shutdown()
    }
}
