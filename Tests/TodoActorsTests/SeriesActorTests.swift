import ActorRuntime
import ActorRuntimeTesting
import ActorStoreSQLite
import Foundation
import Testing
import TodoActors
import TodoEvents
import TodoModel

/// SeriesActor scenarios with a manual clock: one open occurrence at most, the schedule
/// reminder, idempotence against repeated reminders and events, pause/resume, edits, delete,
/// and reminders that outlive the process.
@Suite struct SeriesActorTests {
    static func date(_ text: String) -> Date { TaskReminderTests.date(text) }
    static func daily(_ due: String, zone: String? = "Europe/Berlin", title: String = "Vitamins") throws -> TaskDraft {
        TaskDraft(title: title, due: try TaskDue(parsing: due), timeZone: zone, recurrence: TaskRecurrence(rrule: "FREQ=DAILY"))
    }

    @Test func aThreeWeeksOverdueDailyTaskNeverPilesUpAndCompletingItMovesPastNow() async throws {
        // Now: 2026-11-25 11:00 Berlin; due daily at 08:00 since 2026-11-04.
        let world = try await SeriesWorld.make()
        let task = try await world.create(try Self.daily("2026-11-04T08:00"))
        // The series adopts the task from its created event; its schedule reminder (at
        // 11-05 08:00, long past) finds the occurrence open and records the missed ones.
        #expect(await eventually { (try? await world.seriesRecord(task.address.id).missedCount) == 21 })
        let series = try await world.seriesRecord(task.address.id)
        #expect(series.missed.last?.due.description == "2026-11-25T08:00:00")
        #expect(series.missed.count == SeriesRecord.missedKept)
        #expect(series.nextCheckAt == Self.date("2026-11-26T07:00:00Z"), "re-armed at the next occurrence")
        #expect(try await world.open().map(\.id) == [task.address.id], "one open occurrence, no pile-up")

        let (_, next) = try await world.complete(task)
        let nextTask = try await world.get(try #require(next))
        #expect(nextTask.due?.description == "2026-11-26T08:00:00", "the first 08:00 after now")
        #expect(nextTask.id == "\(task.address.id)-2")
        try await world.settle()
        #expect(try await world.open().map(\.id) == [nextTask.id])
        #expect(try await world.seriesRecord(task.address.id).counter == 2)
        #expect(world.deadLetters() == 0)
        await world.host.shutdown()
    }

    @Test func whenNothingIsOpenTheScheduleReminderMaterialisesTheDueOccurrence() async throws {
        // recurring-task-service is not subscribed (down): the completion's event never
        // reaches the series, and the schedule reminder at the next occurrence finds the
        // open one closed and materialises the due occurrence itself.
        let world = try await SeriesWorld.make(recurringSubscription: false)
        let task = try await world.create(try Self.daily("2026-11-25T20:00"))
        let created = try await world.series(task.address.id).occurrenceChanged(.init(kind: .created, task: try await world.get(task.address.id)))
        #expect(created.series?.nextCheckAt == Self.date("2026-11-26T19:00:00Z"))
        _ = try await task.complete(.init(userID: world.userID))
        try await world.advance(to: Self.date("2026-11-26T18:59:59Z"))
        #expect(try await world.open().isEmpty, "nothing before the occurrence's time")
        try await world.advance(to: Self.date("2026-11-26T19:00:00Z"))
        #expect(await eventually { (try? await world.open().count) == 1 })
        #expect(try await world.open().map(\.id) == ["\(task.address.id)-2"])
        #expect(try await world.get("\(task.address.id)-2").due?.description == "2026-11-26T20:00:00")
        #expect(try await world.get(task.address.id).nextOccurrenceID == "\(task.address.id)-2")
        try await world.advance(to: Self.date("2026-11-26T19:00:05Z"))
        #expect(try await world.list().count == 2, "no second occurrence")
        #expect(try await world.seriesRecord(task.address.id).nextCheckAt == Self.date("2026-11-27T19:00:00Z"))
        await world.host.shutdown()
    }

    @Test func monthEndRulesSkipShortMonthsOrTakeTheLastDay() async throws {
        let world = try await SeriesWorld.make(now: Self.date("2027-01-31T12:00:00Z"))
        let on31 = try await world.create(TaskDraft(title: "Rent", due: try TaskDue(parsing: "2027-01-31"), timeZone: "UTC", recurrence: TaskRecurrence(rrule: "FREQ=MONTHLY;BYMONTHDAY=31")))
        let last = try await world.create(TaskDraft(title: "Books", due: try TaskDue(parsing: "2027-01-31"), timeZone: "UTC", recurrence: TaskRecurrence(rrule: "FREQ=MONTHLY;BYMONTHDAY=-1")))
        let a = try await world.complete(on31)
        let b = try await world.complete(last)
        #expect(try await world.get(try #require(a.next)).due?.description == "2027-03-31", "BYMONTHDAY=31 skips February")
        #expect(try await world.get(try #require(b.next)).due?.description == "2027-02-28", "BYMONTHDAY=-1 is the last day")
        await world.host.shutdown()
    }

    @Test func everyTwoWeeksFromCompletionHasNoScheduleReminder() async throws {
        let world = try await SeriesWorld.make(zone: "America/New_York")
        let task = try await world.create(TaskDraft(title: "Clean the fridge", due: try TaskDue(parsing: "2026-11-10T18:00"), recurrence: TaskRecurrence(rrule: "FREQ=WEEKLY;INTERVAL=2", anchor: .completion)))
        let (_, next) = try await world.complete(task, at: Self.date("2026-11-24T15:00:00Z"))
        #expect(try await world.get(try #require(next)).due?.description == "2026-12-08T18:00:00", "two weeks from the completion day")
        let series = try await world.seriesRecord(task.address.id)
        #expect(series.nextCheckAt == nil, "the completion anchor waits for completions, not for the calendar")
        #expect(series.recurrence.anchor == .completion)
        await world.host.shutdown()
    }

    @Test func aTaskEventDeliveredTwiceMakesOneOccurrence() async throws {
        let world = try await SeriesWorld.make()
        let task = try await world.create(try Self.daily("2026-11-26T08:00"))
        let done = try await task.complete(.init(userID: world.userID))
        // The same CloudEvent twice, through the service's own handler (a redelivery).
        let event = CloudEvent(id: "evt-1", source: "tasks-service", topic: Topics.taskEvents, pubsubName: "pubsub", data: try JSONValue(encoding: TaskEvent(type: .completed, task: done, occurredAt: world.clock.now())))
        let handler = try #require(RecurringTaskService.subscriptions(actors: world.host).first?.handler)
        #expect(try await handler(event) == .success)
        #expect(try await handler(event) == .success)
        // And the gateway's synchronous call on top.
        let outcome = try await world.series(task.address.id).occurrenceChanged(.init(kind: .completed, task: done))
        #expect(outcome.nextOccurrenceID == "\(task.address.id)-2")
        try await world.settle()
        #expect(try await world.list().count == 2)
        #expect(await eventually { world.createdEvents().contains { $0.taskId == "\(task.address.id)-2" } })
        try await world.settle()
        #expect(world.createdEvents().filter { $0.taskId == "\(task.address.id)-2" }.count == 1, "created once")
        #expect(try await world.seriesRecord(task.address.id).counter == 2)
        await world.host.shutdown()
    }

    @Test func theScheduleReminderDeliveredTwiceMakesOneOccurrence() async throws {
        // Behind Dapr: the Scheduler delivers at least once, with an empty dueTime.
        let clock = ManualClock(now: TaskReminderTests.start)
        let sidecar = LoopbackSidecar()
        let host = SidecarActorHost(configuration: .init(appID: "recurring-task-service"), sidecar: sidecar, clock: clock)
        sidecar.attach(host)
        TasksServiceActors.register(on: host)
        RecurringTaskService.register(on: host)
        let userID = "u-dapr"
        _ = try await host.proxy(UserActor.self, userID).register(UserProfile(id: userID, email: "dapr@example.com", timeZone: "Europe/Berlin", createdAt: clock.now()))
        let task = host.proxy(TaskActor.self, "t-dapr")
        let created = try await task.create(.init(userID: userID, draft: try Self.daily("2026-11-26T08:00")))
        let series = host.proxy(SeriesActor.self, "t-dapr")
        _ = try await series.occurrenceChanged(.init(kind: .created, task: created))
        let address = ActorAddress(type: SeriesActor.actorType, id: "t-dapr")
        #expect(sidecar.reminderRecord(address, "schedule")?.dueTime == Self.date("2026-11-27T07:00:00Z"))

        // Still open at the next occurrence: recorded as missed once, however often delivered.
        clock.advance(to: Self.date("2026-11-27T07:00:01Z"))
        try await sidecar.deliver(address, "schedule", times: 2)
        var record = try await series.get(.init(userID: userID))
        #expect(record.missedCount == 1)
        #expect(record.openTaskID == "t-dapr")
        #expect(sidecar.reminderRecord(address, "schedule")?.dueTime == Self.date("2026-11-28T07:00:00Z"))

        // Closed without the series hearing of it: the reminder materialises the due
        // occurrence, once.
        _ = try await task.complete(.init(userID: userID))
        clock.advance(to: Self.date("2026-11-28T07:00:00Z"))
        try await sidecar.deliver(address, "schedule", times: 2)
        record = try await series.get(.init(userID: userID))
        #expect(record.counter == 2)
        #expect(record.openTaskID == "t-dapr-2")
        let tasks = try await host.proxy(UserActor.self, userID).listTasks(.init(filter: "", sort: "due")).items
        #expect(tasks.map(\.id).sorted() == ["t-dapr", "t-dapr-2"])
        #expect(try await host.proxy(TaskActor.self, "t-dapr-2").get(.init(userID: userID)).due?.description == "2026-11-28T08:00:00")
        #expect(try await task.get(.init(userID: userID)).nextOccurrenceID == "t-dapr-2")
    }

    @Test func pauseAndResume() async throws {
        let world = try await SeriesWorld.make()
        let task = try await world.create(TaskDraft(title: "Gym", due: try TaskDue(parsing: "2026-11-26T07:00"), timeZone: "Europe/Berlin", recurrence: TaskRecurrence(rrule: "FREQ=WEEKLY")))
        _ = try await world.series(task.address.id).occurrenceChanged(.init(kind: .created, task: try await world.get(task.address.id)))
        let paused = try await world.series(task.address.id).pause(.init(userID: world.userID))
        #expect(paused.status == .paused)
        #expect(paused.nextCheckAt == nil)
        // Completing while paused makes nothing, and neither does the calendar.
        let (_, next) = try await world.complete(task)
        #expect(next == nil)
        try await world.advance(to: Self.date("2026-12-04T12:00:00Z"))
        #expect(try await world.open().isEmpty)
        // Resuming on Friday 12-04: the next occurrence after now, at once.
        let resumed = try await world.series(task.address.id).resume(.init(userID: world.userID))
        #expect(resumed.status == .active)
        let open = try await world.open()
        #expect(open.count == 1)
        #expect(try await world.get(try #require(open.first?.id)).due?.description == "2026-12-10T07:00:00")
        #expect(resumed.nextCheckAt == Self.date("2026-12-17T06:00:00Z"))
        // Resuming again changes nothing.
        _ = try await world.series(task.address.id).resume(.init(userID: world.userID))
        #expect(try await world.open().count == 1)
        await world.host.shutdown()
    }

    @Test func editSeriesLeavesWhatWasEditedOnOneOccurrence() async throws {
        let world = try await SeriesWorld.make()
        let task = try await world.create(try Self.daily("2026-11-26T08:00"))
        let (_, second) = try await world.complete(task)
        let secondID = try #require(second)
        // Edit this occurrence only.
        _ = try await world.task(secondID).update(.init(userID: world.userID, patch: TaskPatch(title: "Vitamins (with food)")))
        // Edit the series: a new title and a priority.
        let edited = try await world.series(task.address.id).edit(.init(userID: world.userID, title: "Supplements", priority: .high))
        #expect(edited.template.title == "Supplements")
        #expect(edited.overrides[secondID] == ["title"])
        let open = try await world.get(secondID)
        #expect(open.title == "Vitamins (with food)", "its own edit stays")
        #expect(open.priority == .high, "the series edit reaches the open occurrence")
        // Future occurrences follow the series.
        let (_, third) = try await world.complete(world.task(secondID))
        let next = try await world.get(try #require(third))
        #expect(next.title == "Supplements")
        #expect(next.priority == .high)
        // A bad rule is refused with the reason.
        await #expect(throws: ActorProblem.self) {
            _ = try await world.series(task.address.id).edit(.init(userID: world.userID, recurrence: TaskRecurrence(rrule: "FREQ=SOMETIMES")))
        }
        await world.host.shutdown()
    }

    @Test func deletingTheOpenOccurrenceRollsOnAndDeletingTheSeriesStopsIt() async throws {
        let world = try await SeriesWorld.make()
        let task = try await world.create(try Self.daily("2026-11-26T08:00"))
        _ = try await world.complete(task)
        // Deleting the open occurrence (by any path) materialises the next one.
        _ = try await world.task("\(task.address.id)-2").delete(.init(userID: world.userID))
        #expect(await eventually { (try? await world.open().map(\.id)) == ["\(task.address.id)-3"] })
        #expect(try await world.get("\(task.address.id)-3").due?.description == "2026-11-28T08:00:00")
        // Deleting the series deletes its open occurrence; history stays; late events
        // do not bring it back.
        _ = try await world.series(task.address.id).delete(.init(userID: world.userID))
        try await world.settle()
        #expect(try await world.open().isEmpty)
        #expect(try await world.list("completed").map(\.id) == [task.address.id])
        await #expect(throws: ActorProblem.self) { _ = try await world.seriesRecord(task.address.id) }
        try await world.advance(to: Self.date("2026-12-05T00:00:00Z"))
        #expect(try await world.open().isEmpty)
        try await Task.sleep(for: .seconds(1)) // longer than the bus's retries before a dead letter
        #expect(world.deadLetters() == 0, "every event reached the series (no refused re-entry)")
        await world.host.shutdown()
    }

    @Test func clearingTheRuleOnTheOpenOccurrenceEndsTheSeries() async throws {
        let world = try await SeriesWorld.make()
        let task = try await world.create(try Self.daily("2026-11-26T08:00"))
        #expect(await eventually { (try? await world.seriesRecord(task.address.id).nextCheckAt) == Self.date("2026-11-27T07:00:00Z") })
        let plain = try await task.update(.init(userID: world.userID, patch: TaskPatch(recurrence: .clear)))
        #expect(plain.seriesID == nil)
        // The update's event still names the series it left: the series ends without waiting
        // for its schedule reminder.
        #expect(await eventually { (try? await world.seriesRecord(task.address.id).status) == .ended })
        try await world.advance(to: Self.date("2026-11-27T07:00:00Z"))
        #expect(try await world.list().map(\.id) == [task.address.id], "no new occurrence of a task that no longer recurs")
        await world.host.shutdown()
    }

    @Test func reopeningTakesBackTheUntouchedNextOccurrence() async throws {
        let world = try await SeriesWorld.make()
        let task = try await world.create(try Self.daily("2026-11-26T08:00"))
        let (_, next) = try await world.complete(task)
        let reopened = try await task.reopen(.init(userID: world.userID))
        let outcome = try await world.series(task.address.id).occurrenceChanged(.init(kind: .reopened, task: reopened))
        #expect(outcome.retractedTaskID == next)
        try await world.settle()
        #expect(try await world.open().map(\.id) == [task.address.id], "one open occurrence again")
        #expect(try await world.seriesRecord(task.address.id).openTaskID == task.address.id)
        // Completing it again makes the next occurrence again, under the same id.
        let again = try await world.complete(task)
        #expect(again.next == next)
        await world.host.shutdown()
    }

    @Test func scheduleRemindersSurviveARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("series-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("actors.sqlite").path
        let userID = "u-restart"

        let first = try await SeriesWorld.make(store: try SQLiteActorStateStore(path: path), userID: userID)
        var draft = try Self.daily("2026-11-26T08:00")
        draft.reminders = [TaskReminder(id: "r", minutesBefore: 30)]
        let task = try await first.create(draft, id: "t-restart")
        _ = try await first.complete(task)
        // Completed early: t-restart-2 is due 11-27 08:00 (its task reminder at 07:30), the
        // series' schedule reminder stands at 11-28 08:00.
        #expect(try await first.seriesRecord("t-restart").nextCheckAt == Self.date("2026-11-28T07:00:00Z"))
        #expect(try await first.task("t-restart-2").pendingReminders(.init(userID: userID)) == ["notify/r": Self.date("2026-11-27T06:30:00Z")])
        await first.host.shutdown()

        // A new process on the same file, later: both reminders are still there and fire.
        let second = try await SeriesWorld.make(now: Self.date("2026-11-26T12:00:00Z"), store: try SQLiteActorStateStore(path: path), userID: userID, registerUser: false)
        try await second.advance(to: Self.date("2026-11-27T06:30:00Z"))
        #expect(await eventually { second.reminders().map(\.taskId) == ["t-restart-2"] }, "the occurrence's own reminder, once")
        try await second.advance(to: Self.date("2026-11-28T07:00:00Z"))
        #expect(await eventually { (try? await second.seriesRecord("t-restart").missedCount) == 1 })
        #expect(try await second.open().map(\.id) == ["t-restart-2"], "still one open occurrence")
        // Completing it now (11-28 08:30 Berlin) moves past the missed 11-28 08:00.
        try await second.advance(to: Self.date("2026-11-28T07:30:00Z"))
        let (_, next) = try await second.complete(second.task("t-restart-2"))
        #expect(try await second.get(try #require(next)).due?.description == "2026-11-29T08:00:00")
        await second.host.shutdown()
    }
}
