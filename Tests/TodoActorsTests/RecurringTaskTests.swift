import ActorRuntime
import ActorRuntimeTesting
import Foundation
import Testing
import TodoActors
import TodoModel

/// Recurring tasks with a manual clock: the next occurrence appears when one is completed
/// (SeriesActor materialises it), never in the past, once, and the series ends by COUNT or UNTIL.
@Suite struct RecurringTaskTests {
    typealias World = SeriesWorld
    static func date(_ text: String) -> Date { TaskReminderTests.date(text) }

    func list(_ world: World, _ filter: String = "") async throws -> [TaskSummary] {
        try await world.list(filter)
    }

    @Test func completingAThreeWeeksOverdueDailyTaskMovesItToTheNextOccurrenceAfterNow() async throws {
        // Now: 2026-11-25 11:00 Berlin. Due daily at 08:00 since 2026-11-04.
        let world = try await World.make()
        let task = try await world.create(TaskDraft(title: "Vitamins", due: try TaskDue(parsing: "2026-11-04T08:00"), timeZone: "Europe/Berlin", recurrence: TaskRecurrence(rrule: "FREQ=DAILY")))
        let (done, next0) = try await world.complete(task)
        let nextID = try #require(next0)
        #expect(try await world.get(done.id).nextOccurrenceID == nextID, "the completed occurrence links to the next")
        let next = try await world.host.proxy(TaskActor.self, nextID).get(.init(userID: world.userID))
        #expect(next.due?.description == "2026-11-26T08:00:00", "the first 08:00 after now, not a past day")
        #expect(next.status == .open)
        #expect(next.seriesID == done.seriesID)
        #expect(next.seriesStart?.description == "2026-11-04T08:00:00")
        #expect(next.occurrence == 2)
        // History: the completed occurrence stays; one open occurrence.
        #expect(try await list(world, "open").map(\.id) == [nextID])
        #expect(try await list(world, "completed").map(\.id) == [done.id])
        await world.host.shutdown()
    }

    @Test func aRetriedCompletionNeverCreatesASecondOccurrence() async throws {
        let world = try await World.make()
        let task = try await world.create(TaskDraft(title: "Water plants", due: try TaskDue(parsing: "2026-11-26"), recurrence: TaskRecurrence(rrule: "FREQ=WEEKLY")))
        let first = try await world.complete(task)
        let again = try await world.complete(task)
        #expect(first.next != nil)
        #expect(first.next == again.next)
        try await world.settle()
        #expect(try await list(world).count == 2)
        // Creating the next occurrence again (a redelivered call) finds it.
        let next = world.host.proxy(TaskActor.self, try #require(first.next))
        let existing = try await next.get(.init(userID: world.userID))
        #expect(existing.due?.description == "2026-12-03", "completed early: the occurrence after the one it was due")
        await world.host.shutdown()
    }

    @Test func everyTwoWeeksFromCompletionCountsFromTheCompletion() async throws {
        let world = try await World.make(zone: "America/New_York")
        let task = try await world.create(TaskDraft(title: "Clean the fridge", due: try TaskDue(parsing: "2026-11-10T18:00"), recurrence: TaskRecurrence(rrule: "FREQ=WEEKLY;INTERVAL=2", anchor: .completion)))
        // Completed on 2026-11-25 (a Wednesday) at 05:00 New York: next is two weeks on, at the series' 18:00.
        let (_, nextID) = try await world.complete(task)
        let next = try await world.host.proxy(TaskActor.self, try #require(nextID)).get(.init(userID: world.userID))
        #expect(next.due?.description == "2026-12-09T18:00:00")
        await world.host.shutdown()
    }

    @Test func monthEndRulesAndCountEndTheSeries() async throws {
        let world = try await World.make()
        let task = try await world.create(TaskDraft(title: "Close the books", due: try TaskDue(parsing: "2026-11-30"), timeZone: "UTC", recurrence: TaskRecurrence(rrule: "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3")))
        #expect(try await task.occurrences(.init(userID: world.userID, count: 5)).map(\.due.description) == ["2026-11-30", "2026-12-31", "2027-01-31"])
        var current = task
        var dues: [String] = []
        for _ in 0..<3 {
            let (done, nextID) = try await world.complete(current, at: Self.date("2026-11-25T09:00:00Z"))
            dues.append(done.due!.description)
            guard let next = nextID else { break }
            current = world.host.proxy(TaskActor.self, next)
        }
        #expect(dues == ["2026-11-30", "2026-12-31", "2027-01-31"])
        let last = try await current.get(.init(userID: world.userID))
        #expect(last.nextOccurrenceID == nil, "COUNT=3 ends the series")
        #expect(try await list(world, "open").isEmpty)
        #expect(try await world.seriesRecord(task.address.id).status == .ended)
        await world.host.shutdown()
    }

    @Test func skippingMovesToTheNextDueAndKeepsWallClockAcrossDST() async throws {
        // Weekly on Sundays 08:00 Berlin around the end of summer time (2026-10-25).
        let world = try await World.make(now: Self.date("2026-10-01T00:00:00Z"))
        let task = try await world.create(TaskDraft(title: "Long run", due: try TaskDue(parsing: "2026-10-18T08:00"), timeZone: "Europe/Berlin", reminders: [TaskReminder(id: "r", minutesBefore: 60)], recurrence: TaskRecurrence(rrule: "FREQ=WEEKLY;BYDAY=SU")))
        let skipped = try await task.skip(.init(userID: world.userID))
        #expect(skipped.due?.description == "2026-10-25T08:00:00")
        #expect(skipped.occurrence == 2)
        // 08:00 stays 08:00: UTC+1 after the change, so 07:00Z; the reminder moved with it.
        #expect(try await task.pendingReminders(.init(userID: world.userID)) == ["notify/r": Self.date("2026-10-25T06:00:00Z")])
        let upcoming = try await task.occurrences(.init(userID: world.userID, count: 3))
        #expect(upcoming.map(\.at) == [Self.date("2026-10-25T07:00:00Z"), Self.date("2026-11-01T07:00:00Z"), Self.date("2026-11-08T07:00:00Z")])
        await world.host.shutdown()
    }

    @Test func badRulesAreRefusedWithTheReason() async throws {
        let world = try await World.make()
        let cases: [(TaskDraft, String)] = [
            (TaskDraft(title: "x", due: try TaskDue(parsing: "2026-12-01"), recurrence: TaskRecurrence(rrule: "FREQ=FORTNIGHTLY")), "FREQ"),
            (TaskDraft(title: "x", due: try TaskDue(parsing: "2026-12-01"), recurrence: TaskRecurrence(rrule: "FREQ=HOURLY")), "HOURLY"),
            (TaskDraft(title: "x", recurrence: TaskRecurrence(rrule: "FREQ=DAILY")), "needs a due date"),
        ]
        for (draft, mention) in cases {
            do {
                _ = try await world.create(draft)
                Issue.record("\(draft.recurrence!.rrule) was accepted")
            } catch let problem as ActorProblem {
                #expect(problem.status == 422)
                #expect(problem.detail.contains(mention), "\(problem.detail)")
            }
        }
        let warned = TaskRecurrence(rrule: "FREQ=MONTHLY;BYMONTHDAY=31")
        #expect(warned.warnings.contains { $0.contains("BYMONTHDAY=-1") })
        await world.host.shutdown()
    }
}
