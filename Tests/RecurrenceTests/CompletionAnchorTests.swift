import Foundation
import Testing
import Recurrence

/// The two anchors: `schedule` (the rule's own dates, never back into the past) and
/// `completion` (counted from when the task was done).
@Suite struct CompletionAnchorTests {
    let daily = try! RecurrenceSet(rule: "FREQ=DAILY", start: "2025-03-01T08:00:00", timeZone: "Europe/Berlin")

    @Test func completingAThreeWeeksOverdueTaskMovesItToTheNextOccurrenceAfterNow() {
        let due = instant("2025-03-05T08:00:00+01:00")
        let now = instant("2025-03-26T14:00:00+01:00")
        #expect(daily.nextAfterCompleting(dueAt: due, completedAt: now)?.rfc3339 == "2025-03-27T08:00:00+01:00")
        // Completed before today's 08:00: today's occurrence is still ahead.
        #expect(daily.nextAfterCompleting(dueAt: due, completedAt: instant("2025-03-26T07:00:00+01:00"))?.rfc3339 == "2025-03-26T08:00:00+01:00")
    }

    @Test func completingEarlyMovesToTheOccurrenceAfterTheDueOne() {
        let due = instant("2025-03-10T08:00:00+01:00")
        #expect(daily.nextAfterCompleting(dueAt: due, completedAt: instant("2025-03-08T20:00:00+01:00"))?.rfc3339 == "2025-03-11T08:00:00+01:00")
    }

    @Test func everyThreeDaysFromCompletionKeepsTheSeriesTime() throws {
        let set = try RecurrenceSet(rule: "FREQ=DAILY;INTERVAL=3", start: "2025-03-01T08:00:00", timeZone: "Europe/Berlin")
        #expect(set.nextFromCompletion(at: instant("2025-03-05T14:37:00+01:00"))?.rfc3339 == "2025-03-08T08:00:00+01:00")
        // Or the completion's own time of day.
        #expect(set.nextFromCompletion(at: instant("2025-03-05T14:37:00+01:00"), timeOfDay: .completion)?.rfc3339 == "2025-03-08T14:37:00+01:00")
        // The completion's date is read in the series' zone: 23:30 UTC is already the next day in Berlin.
        #expect(set.nextFromCompletion(at: instant("2025-03-05T23:30:00Z"))?.rfc3339 == "2025-03-09T08:00:00+01:00")
    }

    @Test func everyTwoWeeksFromCompletion() throws {
        let set = try RecurrenceSet(rule: "FREQ=WEEKLY;INTERVAL=2", start: "2025-03-03T09:00:00", timeZone: "UTC")
        #expect(set.nextFromCompletion(at: instant("2025-03-05T10:00:00Z"))?.rfc3339 == "2025-03-19T09:00:00+00:00")
        // With BYDAY: the first Monday on or after the shifted date.
        let mondays = try RecurrenceSet(rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", start: "2025-03-03T09:00:00", timeZone: "UTC")
        #expect(mondays.nextFromCompletion(at: instant("2025-03-05T10:00:00Z"))?.rfc3339 == "2025-03-24T09:00:00+00:00")
    }

    @Test func monthlyAndYearlyShiftsClampToTheMonthEnd() throws {
        let monthly = try RecurrenceSet(rule: "FREQ=MONTHLY", start: "2025-01-31", timeZone: "UTC")
        #expect(monthly.nextFromCompletion(at: instant("2025-01-31T18:00:00Z"))?.rfc3339 == "2025-02-28")
        let lastDay = try RecurrenceSet(rule: "FREQ=MONTHLY;BYMONTHDAY=-1", start: "2025-01-31", timeZone: "UTC")
        #expect(lastDay.nextFromCompletion(at: instant("2025-03-10T12:00:00Z"))?.rfc3339 == "2025-04-30")
        let yearly = try RecurrenceSet(rule: "FREQ=YEARLY", start: "2024-02-29", timeZone: "UTC")
        #expect(yearly.nextFromCompletion(at: instant("2024-02-29T12:00:00Z"))?.rfc3339 == "2025-02-28")
    }

    @Test func countUntilAndExdatesEndOrSkip() throws {
        let counted = try RecurrenceSet(rule: "FREQ=DAILY;INTERVAL=2;COUNT=3", start: "2025-03-01T08:00:00", timeZone: "UTC")
        #expect(counted.nextFromCompletion(at: instant("2025-03-02T09:00:00Z"), completedCount: 2)?.rfc3339 == "2025-03-04T08:00:00+00:00")
        #expect(counted.nextFromCompletion(at: instant("2025-03-04T09:00:00Z"), completedCount: 3) == nil)

        let until = try RecurrenceSet(rule: "FREQ=WEEKLY;UNTIL=20250320T000000Z", start: "2025-03-01T08:00:00", timeZone: "UTC")
        #expect(until.nextFromCompletion(at: instant("2025-03-10T09:00:00Z"))?.rfc3339 == "2025-03-17T08:00:00+00:00")
        #expect(until.nextFromCompletion(at: instant("2025-03-14T09:00:00Z")) == nil)

        let skipping = try RecurrenceSet(rule: "FREQ=DAILY;INTERVAL=3", start: "2025-03-01", timeZone: "UTC", exdates: ["2025-03-08"])
        #expect(skipping.nextFromCompletion(at: instant("2025-03-05T09:00:00Z"))?.rfc3339 == "2025-03-09")
        #expect(try RecurrenceSet(rule: nil, start: "2025-03-01", timeZone: "UTC").nextFromCompletion(at: instant("2025-03-05T09:00:00Z")) == nil)
    }

    @Test func aCompletionAnchoredTimeInADSTGapMovesForward() throws {
        let set = try RecurrenceSet(rule: "FREQ=DAILY", start: "2025-03-01T02:30:00", timeZone: "Europe/Berlin")
        let next = set.nextFromCompletion(at: instant("2025-03-29T10:00:00+01:00"))
        #expect(next?.rfc3339 == "2025-03-30T03:30:00+02:00")
        #expect(next?.resolution == .shiftedForward(seconds: 3600))
    }

    @Test func oneCallForBothAnchors() throws {
        let set = try RecurrenceSet(rule: "FREQ=DAILY;INTERVAL=7", start: "2025-03-03T09:00:00", timeZone: "UTC")
        let due = instant("2025-03-10T09:00:00Z"), done = instant("2025-03-12T18:00:00Z")
        #expect(set.next(anchor: .schedule, dueAt: due, completedAt: done)?.rfc3339 == "2025-03-17T09:00:00+00:00")
        #expect(set.next(anchor: .completion, dueAt: due, completedAt: done)?.rfc3339 == "2025-03-19T09:00:00+00:00")
    }
}
