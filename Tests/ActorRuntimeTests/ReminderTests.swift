import ActorRuntime
import ActorRuntimeTesting
import ActorStoreSQLite
import Foundation
import Testing

@Suite struct ReminderTests {
    @Test func aReminderFiresAtItsDueTimeAndNeverBefore() async throws {
        let clock = ManualClock()
        let host = try await makeHost(clock: clock)
        let counter = host.proxy(CounterActor.self, uniqueID())
        let due = clock.now().addingTimeInterval(60)
        _ = try await counter.scheduleReminder(.init(name: "once", dueTime: due))
        clock.advance(by: .seconds(59))
        try await Task.sleep(for: .milliseconds(100))
        #expect(try await counter.firedCount("once") == 0)
        clock.advance(by: .seconds(1))
        #expect(try await eventually { try await counter.firedCount("once") == 1 })
        // One-shot: it is gone afterwards.
        #expect(await eventually { host.scheduledReminderCount == 0 })
        clock.advance(by: .seconds(3600))
        try await Task.sleep(for: .milliseconds(50))
        #expect(try await counter.firedCount("once") == 1)
        await host.shutdown()
    }

    @Test func periodicRemindersFireOncePerPeriod() async throws {
        let clock = ManualClock()
        let host = try await makeHost(clock: clock)
        let counter = host.proxy(CounterActor.self, uniqueID())
        let start = clock.now()
        _ = try await counter.scheduleReminder(.init(name: "every", dueTime: start.addingTimeInterval(10), periodMilliseconds: 10_000))
        for step in 1...5 {
            clock.advance(to: start.addingTimeInterval(Double(step) * 10))
            #expect(try await eventually { try await counter.firedCount("every") == step })
        }
        let record = try #require(try await host.storedReminder(counter.address, named: "every"))
        #expect(record.dueTime == start.addingTimeInterval(60))
        _ = try await counter.cancelReminder("every")
        clock.advance(by: .seconds(100))
        try await Task.sleep(for: .milliseconds(50))
        #expect(try await counter.firedCount("every") == 5)
        await host.shutdown()
    }

    @Test func missedPointsFireOnceThenRealign() {
        let start = Date(timeIntervalSince1970: 1_000)
        let record = ReminderRecord(actor: ActorAddress(type: "T", id: "1"), name: "r", dueTime: start, period: .seconds(60))
        // Down from 1,000 to 1,250 (points 1,000 … 1,240 missed): one firing at 1,250, next
        // point 1,300 on the original grid.
        #expect(ReminderSchedule.nextDue(record, after: Date(timeIntervalSince1970: 1_250)) == Date(timeIntervalSince1970: 1_300))
        // Fired exactly on a point: the next one.
        #expect(ReminderSchedule.nextDue(record, after: Date(timeIntervalSince1970: 1_120)) == Date(timeIntervalSince1970: 1_180))
        // On time.
        #expect(ReminderSchedule.nextDue(record, after: start) == Date(timeIntervalSince1970: 1_060))
        var expiring = record
        expiring.expiresAt = Date(timeIntervalSince1970: 1_100)
        #expect(ReminderSchedule.nextDue(expiring, after: Date(timeIntervalSince1970: 1_090)) == nil)
        var oneShot = record
        oneShot.period = nil
        #expect(ReminderSchedule.nextDue(oneShot, after: start) == nil)
    }

    @Test func remindersSurviveARestartAndMissedOnesFireOnce() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("state.sqlite").path
        let clock = ManualClock()
        let id = uniqueID()
        let start = clock.now()

        let first = try await makeHost(store: try SQLiteActorStateStore(path: path), clock: clock)
        _ = try await first.proxy(CounterActor.self, id).scheduleReminder(.init(name: "p", dueTime: start.addingTimeInterval(10), periodMilliseconds: 10_000))
        await first.shutdown()

        // Down for 35 s: points at 10, 20 and 30 were missed.
        clock.advance(by: .seconds(35))
        let second = try await makeHost(store: try SQLiteActorStateStore(path: path), clock: clock)
        let counter = second.proxy(CounterActor.self, id)
        #expect(try await eventually { try await counter.firedCount("p") == 1 })
        try await Task.sleep(for: .milliseconds(100))
        #expect(try await counter.firedCount("p") == 1, "missed points fire once, not three times")
        let record = try #require(try await second.storedReminder(counter.address, named: "p"))
        #expect(record.dueTime == start.addingTimeInterval(40), "realigned to the original grid")
        clock.advance(by: .seconds(5))
        #expect(try await eventually { try await counter.firedCount("p") == 2 })
        await second.shutdown()
    }

    @Test func tenThousandSimultaneousRemindersAllFireOnce() async throws {
        let clock = ManualClock()
        let host = try await makeHost(clock: clock)
        let due = clock.now().addingTimeInterval(1)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<10_000 {
                let counter = host.proxy(CounterActor.self, "burst-\(index)")
                group.addTask { _ = try await counter.scheduleReminder(.init(name: "b", dueTime: due)) }
            }
            try await group.waitForAll()
        }
        clock.advance(by: .seconds(1))
        #expect(await eventually(timeout: .seconds(30)) { host.scheduledReminderCount == 0 })
        for index in stride(from: 0, to: 10_000, by: 997) {
            #expect(try await host.proxy(CounterActor.self, "burst-\(index)").firedCount("b") == 1)
        }
        await host.shutdown()
    }
}
