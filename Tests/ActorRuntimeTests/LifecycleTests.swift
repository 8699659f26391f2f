import ActorRuntime
import ActorRuntimeTesting
import ActorStoreSQLite
import Foundation
import Testing

@Suite struct LifecycleTests {
    // These tests run on a ManualClock: idle timeouts, timers and reminders move only when the
    // test advances time, so a loaded machine cannot make them flaky.

    @Test func idleActorsAreCollectedAndComeBackWithTheirState() async throws {
        let clock = ManualClock()
        let host = try await makeHost(clock: clock) { $0.idleTimeout = .seconds(60) }
        let id = uniqueID()
        let address = ActorAddress(type: CounterActor.actorType, id: id)
        let counter = host.proxy(CounterActor.self, id)
        #expect(try await counter.increment(3) == 3)
        #expect(LifecycleRecorder.shared.count(.activate, address) == 1)
        #expect(host.activeActorCounts()[CounterActor.actorType] == 1)

        clock.advance(by: .seconds(59))
        await host.collectIdleActors()
        #expect(LifecycleRecorder.shared.count(.deactivate, address) == 0)
        clock.advance(by: .seconds(2))
        await host.collectIdleActors()
        #expect(LifecycleRecorder.shared.count(.deactivate, address) == 1)
        #expect(host.activeActorCounts()[CounterActor.actorType] == nil)

        #expect(try await counter.increment(1) == 4)
        #expect(LifecycleRecorder.shared.count(.activate, address) == 2)
        await host.shutdown()
    }

    @Test func theSweeperCollectsOnItsOwn() async throws {
        let host = try await makeHost {
            $0.idleTimeout = .milliseconds(100)
            $0.sweepInterval = .milliseconds(20)
        }
        let id = uniqueID()
        _ = try await host.proxy(CounterActor.self, id).increment(1)
        #expect(await eventually { LifecycleRecorder.shared.count(.deactivate, ActorAddress(type: CounterActor.actorType, id: id)) == 1 })
        await host.shutdown()
    }

    @Test func everyTurnResetsTheIdleClock() async throws {
        let clock = ManualClock()
        let host = try await makeHost(clock: clock) { $0.idleTimeout = .seconds(150) }
        let id = uniqueID()
        let address = ActorAddress(type: CounterActor.actorType, id: id)
        let counter = host.proxy(CounterActor.self, id)
        for _ in 0..<10 {
            _ = try await counter.increment(1)
            clock.advance(by: .seconds(100))
            await host.collectIdleActors()
        }
        #expect(LifecycleRecorder.shared.count(.deactivate, address) == 0)
        await host.shutdown()
        #expect(LifecycleRecorder.shared.count(.deactivate, address) == 1, "shutdown collects live activations")
    }

    @Test func timersStopOnDeactivationButRemindersGoOn() async throws {
        let clock = ManualClock()
        let host = try await makeHost(clock: clock) { $0.idleTimeout = .seconds(150) }
        let id = uniqueID()
        let address = ActorAddress(type: CounterActor.actorType, id: id)
        let counter = host.proxy(CounterActor.self, id)
        // A timer every 400 s outlives the 150 s idle timeout; it must die with the activation.
        _ = try await counter.startTimer(.init(name: "tick", dueMilliseconds: 400_000, periodMilliseconds: 400_000))
        clock.advance(by: .seconds(151))
        await host.collectIdleActors()
        #expect(LifecycleRecorder.shared.count(.deactivate, address) == 1)
        clock.advance(by: .seconds(1_000))
        try await Task.sleep(for: .milliseconds(100))
        #expect(LifecycleRecorder.shared.count(.timer, address, detail: "tick") == 0)
        #expect(LifecycleRecorder.shared.count(.activate, address) == 1, "a dead timer does not reactivate")

        // A reminder wakes the collected actor up.
        _ = try await counter.scheduleReminder(.init(name: "wake", dueTime: clock.now().addingTimeInterval(400)))
        clock.advance(by: .seconds(151))
        await host.collectIdleActors()
        #expect(LifecycleRecorder.shared.count(.deactivate, address) == 2)
        clock.advance(by: .seconds(300))
        #expect(await eventually { LifecycleRecorder.shared.count(.reminder, address, detail: "wake") == 1 })
        #expect(LifecycleRecorder.shared.count(.activate, address) == 3)
        #expect(try await counter.firedCount("wake") == 1)
        await host.shutdown()
    }

    @Test func timerTurnsKeepTheActorAliveUntilStopped() async throws {
        let clock = ManualClock()
        let host = try await makeHost(clock: clock) { $0.idleTimeout = .seconds(200) }
        let id = uniqueID()
        let address = ActorAddress(type: CounterActor.actorType, id: id)
        let counter = host.proxy(CounterActor.self, id)
        _ = try await counter.startTimer(.init(name: "beat", dueMilliseconds: 50_000, periodMilliseconds: 50_000))
        for tick in 1...10 {
            clock.advance(by: .seconds(50))
            #expect(await eventually { LifecycleRecorder.shared.count(.timer, address, detail: "beat") == tick })
            await host.collectIdleActors()
        }
        #expect(LifecycleRecorder.shared.count(.deactivate, address) == 0, "timer turns count as use")
        _ = try await counter.stopTimer("beat")
        clock.advance(by: .seconds(201))
        await host.collectIdleActors()
        #expect(LifecycleRecorder.shared.count(.deactivate, address) == 1)
        #expect(LifecycleRecorder.shared.count(.timer, address, detail: "beat") == 10)
        await host.shutdown()
    }

    @Test func touchingManyActorsOnceKeepsActivationsBounded() async throws {
        let host = try await makeHost { configuration in
            configuration.maxActiveActors = 1_000
        }
        let touched = 20_000
        var peak = 0
        for batch in 0..<(touched / 500) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<500 {
                    let counter = host.proxy(CounterActor.self, "many-\(batch)-\(index)")
                    group.addTask { _ = try await counter.get() }
                }
                try await group.waitForAll()
            }
            peak = max(peak, host.activeActorCount)
        }
        #expect(await eventually { host.activeActorCount <= 1_000 })
        // Eviction keeps up with creation: the table never grows far past the cap.
        #expect(peak <= 1_600, "peak activations \(peak)")
        await host.shutdown()
    }

    @Test func shutdownDrainsTurnsInProgressAndRefusesNewCalls() async throws {
        let host = try await makeHost()
        let sleepy = host.proxy(SleepyActor.self, uniqueID())
        let inFlight = Task { try await sleepy.nap(200) }
        try await Task.sleep(for: .milliseconds(50))
        let shutdown = Task { await host.shutdown() }
        try await Task.sleep(for: .milliseconds(20))
        await #expect(throws: ActorError.shuttingDown) { _ = try await host.proxy(CounterActor.self, "late").get() }
        _ = try await inFlight.value  // finished, not cancelled
        await shutdown.value
    }

    @Test func onDeactivateChangesAreSaved() async throws {
        let store = MemoryStateStore()
        let host = try await makeHost(store: store)
        let counter = host.proxy(CounterActor.self, uniqueID())
        _ = try await counter.increment(2)
        await host.shutdown()
        #expect(try await store.loadState(counter.address, key: "count")?.decode(Int.self) == 2)
    }
}
