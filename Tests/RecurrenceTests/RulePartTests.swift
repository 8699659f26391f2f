import Foundation
import Testing
import Recurrence

/// Each BYxxx part, month ends, leap years and week numbers, beyond the RFC's own examples.
@Suite struct RulePartTests {
    @Test func monthEnds() throws {
        #expect(try days("FREQ=MONTHLY;BYMONTHDAY=-1", from: "2024-01-31T08:00:00", count: 4) == ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"])
        #expect(try days("FREQ=MONTHLY;BYMONTHDAY=-1", from: "2025-01-31T08:00:00", count: 2) == ["2025-01-31", "2025-02-28"])
        // DTSTART on the 31st without BYMONTHDAY: day 31 every month, shorter months skipped.
        #expect(try days("FREQ=MONTHLY", from: "2025-01-31T08:00:00", count: 4) == ["2025-01-31", "2025-03-31", "2025-05-31", "2025-07-31"])
        // The 31st counted from the end is the 1st of 31-day months only.
        #expect(try days("FREQ=MONTHLY;BYMONTHDAY=-31", from: "2025-01-01T08:00:00", count: 3) == ["2025-01-01", "2025-03-01", "2025-05-01"])
        #expect(try days("FREQ=MONTHLY;BYMONTHDAY=30", from: "2025-01-30", count: 3) == ["2025-01-30", "2025-03-30", "2025-04-30"])
    }

    @Test func leapYears() throws {
        #expect(try days("FREQ=YEARLY", from: "2024-02-29T12:00:00", count: 3) == ["2024-02-29", "2028-02-29", "2032-02-29"])
        // 2100 is not a leap year.
        #expect(try days("FREQ=YEARLY", from: "2096-02-29", count: 2) == ["2096-02-29", "2104-02-29"])
        #expect(try days("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1", from: "2024-02-29", count: 3) == ["2024-02-29", "2025-02-28", "2026-02-28"])
        #expect(try days("FREQ=MONTHLY;BYMONTHDAY=29", from: "2023-01-29", count: 3) == ["2023-01-29", "2023-03-29", "2023-04-29"])
        #expect(try days("FREQ=YEARLY;BYYEARDAY=366", from: "2023-01-01", count: 3) == ["2023-01-01", "2024-12-31", "2028-12-31"])
        #expect(try days("FREQ=YEARLY;BYYEARDAY=60", from: "2023-01-01", count: 3) == ["2023-01-01", "2023-03-01", "2024-02-29"])
        #expect(try days("FREQ=YEARLY;BYYEARDAY=-1,-366", from: "2023-06-01", count: 4) == ["2023-06-01", "2023-12-31", "2024-01-01", "2024-12-31"])
    }

    @Test func byMonthLimitsDailyAndWeeklyAndExpandsYearly() throws {
        #expect(try days("FREQ=DAILY;BYMONTH=2", from: "2025-01-30", count: 3) == ["2025-01-30", "2025-02-01", "2025-02-02"])
        #expect(try days("FREQ=WEEKLY;BYMONTH=1,3", from: "2025-01-27", count: 3) == ["2025-01-27", "2025-03-03", "2025-03-10"])
        #expect(try days("FREQ=YEARLY;BYMONTH=1,7", from: "2025-01-15", count: 3) == ["2025-01-15", "2025-07-15", "2026-01-15"])
    }

    @Test func byDayOrdinalsCountWithinTheYearOrTheMonth() throws {
        #expect(try days("FREQ=YEARLY;BYDAY=1MO", from: "2025-01-06", count: 3) == ["2025-01-06", "2026-01-05", "2027-01-04"])
        #expect(try days("FREQ=YEARLY;BYDAY=-1FR", from: "2025-12-26", count: 2) == ["2025-12-26", "2026-12-25"])
        #expect(try days("FREQ=YEARLY;BYDAY=10FR", from: "2025-03-07", count: 2) == ["2025-03-07", "2026-03-06"])
        #expect(try days("FREQ=YEARLY;BYMONTH=3;BYDAY=1MO", from: "2025-03-03", count: 2) == ["2025-03-03", "2026-03-02"])
        #expect(try days("FREQ=MONTHLY;BYDAY=5FR", from: "2025-01-31", count: 3) == ["2025-01-31", "2025-05-30", "2025-08-29"])
        #expect(try days("FREQ=MONTHLY;BYDAY=-1SU,2WE", from: "2025-03-12", count: 4) == ["2025-03-12", "2025-03-30", "2025-04-09", "2025-04-27"])
    }

    @Test func weekNumbersFollowWeekStart() throws {
        // 2025 starts on a Wednesday. With weeks from Monday, week 1 runs Dec 30 – Jan 5, so its
        // Sunday is Jan 5; with weeks from Sunday it runs Dec 29 – Jan 4 and its Sunday is Dec 29.
        #expect(try days("FREQ=YEARLY;BYWEEKNO=1;BYDAY=SU", from: "2024-06-01", count: 3) == ["2024-06-01", "2025-01-05", "2026-01-04"])
        #expect(try days("FREQ=YEARLY;BYWEEKNO=1;BYDAY=SU;WKST=SU", from: "2024-06-01", count: 3) == ["2024-06-01", "2024-12-29", "2026-01-04"])
        // Years with 53 ISO weeks: 2015, 2020, 2026.
        #expect(try days("FREQ=YEARLY;BYWEEKNO=53;BYDAY=TH", from: "2015-01-01", count: 3) == ["2015-01-01", "2015-12-31", "2020-12-31"])
        #expect(try days("FREQ=YEARLY;BYWEEKNO=53;BYDAY=TH", from: "2015-12-31", count: 3) == ["2015-12-31", "2020-12-31", "2026-12-31"])
        #expect(try days("FREQ=YEARLY;BYWEEKNO=-1;BYDAY=MO", from: "2025-12-22", count: 2) == ["2025-12-22", "2026-12-28"])
        // Without BYDAY the weekday comes from DTSTART.
        #expect(try days("FREQ=YEARLY;BYWEEKNO=20", from: "2025-05-14", count: 2) == ["2025-05-14", "2026-05-13"])
    }

    @Test func bySetPosWithTimesAndDays() throws {
        #expect(try expand("FREQ=DAILY;BYHOUR=9,12,18;BYSETPOS=-1", from: "2025-06-02T09:00:00", in: "UTC", count: 3)
            == ["2025-06-02T09:00:00+00:00", "2025-06-02T18:00:00+00:00", "2025-06-03T18:00:00+00:00"])
        // The last weekday of the month.
        #expect(try days("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", from: "2025-01-31", count: 3) == ["2025-01-31", "2025-02-28", "2025-03-31"])
        // Positions beyond the period's size select nothing.
        #expect(try days("FREQ=MONTHLY;BYMONTHDAY=1,2;BYSETPOS=3", from: "2025-01-01", count: 2) == ["2025-01-01"])
    }

    @Test func hoursMinutesAndSecondsMultiplyOut() throws {
        #expect(try expand("FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0,30", from: "2025-06-02T08:00:00", in: "UTC", count: 5) == [
            "2025-06-02T08:00:00+00:00", "2025-06-02T08:30:00+00:00", "2025-06-02T20:00:00+00:00", "2025-06-02T20:30:00+00:00", "2025-06-03T08:00:00+00:00",
        ])
        #expect(try expand("FREQ=WEEKLY;BYDAY=SA;BYSECOND=0,30", from: "2025-06-07T07:15:00", in: "Asia/Kolkata", count: 3)
            == ["2025-06-07T07:15:00+05:30", "2025-06-07T07:15:30+05:30", "2025-06-14T07:15:00+05:30"])
        // Missing BYMINUTE takes DTSTART's minute.
        #expect(try expand("FREQ=DAILY;BYHOUR=7", from: "2025-06-02T07:45:00", in: "UTC", count: 2) == ["2025-06-02T07:45:00+00:00", "2025-06-03T07:45:00+00:00"])
    }

    @Test func largeIntervalsAndTheEndOfTheCalendar() throws {
        #expect(try days("FREQ=YEARLY;INTERVAL=100", from: "2000-01-01", count: 3) == ["2000-01-01", "2100-01-01", "2200-01-01"])
        #expect(try days("FREQ=DAILY;INTERVAL=1000", from: "2000-01-01", count: 2) == ["2000-01-01", "2002-09-27"])
        // Expansion ends with year 9999.
        #expect(try days("FREQ=MONTHLY", from: "9999-11-15", count: 5) == ["9999-11-15", "9999-12-15"])
    }

    @Test func aRuleThatNeverMatchesEndsAfterDTSTART() throws {
        let clock = ContinuousClock()
        let started = clock.now
        #expect(try days("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", from: "2025-01-01", count: 5) == ["2025-01-01"])
        #expect(try days("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31", from: "2025-01-01", count: 5) == ["2025-01-01"])
        #expect(clock.now - started < .seconds(20))
    }
}
