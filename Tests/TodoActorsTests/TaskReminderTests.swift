import ActorRuntime
import ActorRuntimeTesting
import Foundation
import Synchronization
import Testing
import TodoActors
import TodoEvents
import TodoModel

/// Task reminders as actor reminders, on the embedded host with a manual clock: they fire
/// at the right instant, once, move when the task changes, stop when it is completed, and
/// follow the wall clock across a DST change.
@Suite struct TaskReminderTests {
    /// 2026-11-25T10:00:00Z.
    static let start = Date(timeIntervalSince1970: 1_795_600_800)

    final class Received: Sendable {
        let events = Mutex<[ReminderEvent]>([])
        var all: [ReminderEvent] { events.withLock { $0 } }
    }

    struct World {
        let clock: ManualClock
        let host: EmbeddedActorHost
        let received: Received
        let userID = "u-\(UUID().uuidString.prefix(8))"

        static func make(zone: String = "Europe/Berlin", now: Date = TaskReminderTests.start) async throws -> World {
            let clock = ManualClock(now: now)
            let bus = EventBus()
            let received = Received()
            bus.subscribe(Subscription(topic: Topics.reminders, consumer: "test") { event in
                let reminder = try event.data.decode(ReminderEvent.self)
                received.events.withLock { $0.append(reminder) }
                return .success
            })
            let host = EmbeddedActorHost(configuration: .init(appID: "test"), store: MemoryStateStore(), clock: clock, bus: bus)
            TasksServiceActors.register(on: host)
            try await host.start()
            let world = World(clock: clock, host: host, received: received)
            _ = try await host.proxy(UserActor.self, world.userID).register(UserProfile(id: world.userID, email: "\(world.userID)@example.com", timeZone: zone, createdAt: now))
            return world
        }

        func create(_ draft: TaskDraft) async throws -> ActorProxy<TaskActor> {
            let task = host.proxy(TaskActor.self, "t-\(UUID().uuidString.prefix(8))")
            _ = try await task.create(.init(userID: userID, draft: draft))
            return task
        }

        /// Moves the clock and gives the host time to run what became due.
        func advance(to date: Date) async throws {
            clock.advance(to: date)
            try await Task.sleep(for: .milliseconds(150))
        }
    }

    static func date(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    @Test func aReminderBeforeTheDueFiresOnceAtItsInstant() async throws {
        let world = try await World.make()
        // Due 2026-11-26 09:00 Berlin (08:00Z); remind 60 minutes before: 07:00Z.
        let task = try await world.create(TaskDraft(title: "Standup", due: try TaskDue(parsing: "2026-11-26T09:00"), timeZone: "Europe/Berlin", reminders: [TaskReminder(id: "r1", minutesBefore: 60)]))
        #expect(try await task.pendingReminders(.init(userID: world.userID)) == ["notify/r1": Self.date("2026-11-26T07:00:00Z")])
        try await world.advance(to: Self.date("2026-11-26T06:59:59Z"))
        #expect(world.received.all.isEmpty, "never before its time")
        try await world.advance(to: Self.date("2026-11-26T07:00:00Z"))
        #expect(await eventually { world.received.all.count == 1 })
        let event = try #require(world.received.all.first)
        #expect(event.title == "Standup")
        #expect(event.remindAt == Self.date("2026-11-26T07:00:00Z"))
        #expect(event.dueAt == Self.date("2026-11-26T08:00:00Z"))
        #expect(event.reminderId == "r1")
        #expect(event.userId == world.userID)
        try await world.advance(to: Self.date("2026-11-27T00:00:00Z"))
        #expect(world.received.all.count == 1, "fired once")
        #expect(try await task.pendingReminders(.init(userID: world.userID)).isEmpty)
        await world.host.shutdown()
    }

    @Test func changingTheDueMovesTheReminderAndCompletingCancelsIt() async throws {
        let world = try await World.make()
        let task = try await world.create(TaskDraft(title: "Dentist", due: try TaskDue(parsing: "2026-11-26T15:00"), timeZone: "UTC", reminders: [TaskReminder(id: "r", minutesBefore: 30)]))
        _ = try await task.update(.init(userID: world.userID, patch: TaskPatch(due: .set(try TaskDue(parsing: "2026-11-27T15:00")))))
        #expect(try await task.pendingReminders(.init(userID: world.userID)) == ["notify/r": Self.date("2026-11-27T14:30:00Z")])
        try await world.advance(to: Self.date("2026-11-26T14:31:00Z"))
        #expect(world.received.all.isEmpty, "the old instant no longer fires")

        let other = try await world.create(TaskDraft(title: "Call back", reminders: [TaskReminder(id: "a", at: Self.date("2026-11-26T16:00:00Z"))]))
        _ = try await other.complete(.init(userID: world.userID))
        #expect(try await other.pendingReminders(.init(userID: world.userID)).isEmpty)
        try await world.advance(to: Self.date("2026-11-26T16:00:01Z"))
        #expect(world.received.all.isEmpty, "a completed task reminds nobody")

        // Reopened: its reminder is armed again, if still ahead.
        _ = try await task.complete(.init(userID: world.userID))
        _ = try await task.reopen(.init(userID: world.userID))
        try await world.advance(to: Self.date("2026-11-27T14:30:00Z"))
        #expect(await eventually { world.received.all.map(\.title) == ["Dentist"] })
        await world.host.shutdown()
    }

    @Test func dateOnlyTasksAreRemindedRelativeToNineInTheMorning() async throws {
        let world = try await World.make(zone: "America/New_York")
        // Floating date-only task in the user's zone: 2026-11-27 09:00 New York is 14:00Z;
        // a day before is 2026-11-26 09:00 New York.
        let task = try await world.create(TaskDraft(title: "Pay rent", due: try TaskDue(parsing: "2026-11-27"), reminders: [TaskReminder(id: "d", minutesBefore: 1_440), TaskReminder(id: "h", minutesBefore: 0)]))
        #expect(try await task.pendingReminders(.init(userID: world.userID)) == [
            "notify/d": Self.date("2026-11-26T14:00:00Z"),
            "notify/h": Self.date("2026-11-27T14:00:00Z"),
        ])
        await world.host.shutdown()
    }

    @Test func aDayBeforeFollowsTheWallClockAcrossDST() async throws {
        // Berlin leaves summer time on 2026-10-25 at 03:00. A task due 2026-10-25 08:00
        // (UTC+1) reminded a day before is reminded 2026-10-24 08:00 (UTC+2): 25 hours earlier.
        let world = try await World.make(now: Self.date("2026-10-20T00:00:00Z"))
        let task = try await world.create(TaskDraft(title: "Flight", due: try TaskDue(parsing: "2026-10-25T08:00"), timeZone: "Europe/Berlin", reminders: [TaskReminder(id: "d", minutesBefore: 1_440), TaskReminder(id: "m", minutesBefore: 90)]))
        let pending = try await task.pendingReminders(.init(userID: world.userID))
        #expect(pending["notify/d"] == Self.date("2026-10-24T06:00:00Z"))
        #expect(pending["notify/m"] == Self.date("2026-10-25T05:30:00Z"))
        try await world.advance(to: Self.date("2026-10-24T06:00:00Z"))
        #expect(await eventually { world.received.all.count == 1 })
        await world.host.shutdown()
    }

    @Test func snoozeRemindsAgainOnceAndIsCancelledByCompletion() async throws {
        let world = try await World.make()
        let task = try await world.create(TaskDraft(title: "Stretch"))
        _ = try await task.snooze(.init(userID: world.userID, minutes: 10))
        try await world.advance(to: Self.start.addingTimeInterval(599))
        #expect(world.received.all.isEmpty)
        try await world.advance(to: Self.start.addingTimeInterval(600))
        #expect(await eventually { world.received.all.map(\.reminderId) == ["snooze"] })

        let done = try await world.create(TaskDraft(title: "Done soon"))
        _ = try await done.snooze(.init(userID: world.userID, minutes: 5))
        _ = try await done.complete(.init(userID: world.userID))
        try await world.advance(to: Self.start.addingTimeInterval(1_200))
        #expect(world.received.all.count == 1)

        await #expect(throws: ActorProblem.self) { try await task.snooze(.init(userID: world.userID, minutes: 0)) }
        await #expect(throws: ActorProblem.self) { try await task.snooze(.init(userID: "someone-else", minutes: 5)) }
        await world.host.shutdown()
    }
}
