import Testing
import TodoLanguage

/// Dates and times, resolved against Wednesday 2025-11-26 10:00 in Berlin unless stated.
@Suite struct DateParsingTests {
    @Test(arguments: [
        ("pay rent today", "2025-11-26"),
        ("pay rent tomorrow", "2025-11-27"),
        ("pay rent the day after tomorrow", "2025-11-28"),
        ("pay rent in 3 days", "2025-11-29"),
        ("pay rent in a week", "2025-12-03"),
        ("pay rent in 2 weeks and 3 days", "2025-12-13"),
        ("pay rent in a couple of days", "2025-11-28"),
        ("pay rent in 2 months", "2026-01-26"),
        ("pay rent 3 days from now", "2025-11-29"),
        ("pay rent a week from friday", "2025-12-05"),
        ("pay rent next week", "2025-12-01"),
        ("pay rent next month", "2025-12-01"),
        ("pay rent next year", "2026-01-01"),
        ("pay rent this weekend", "2025-11-29"),
        ("pay rent end of the week", "2025-11-28"),
        ("pay rent end of next week", "2025-12-05"),
        ("pay rent end of the month", "2025-11-30"),
        ("pay rent end of next month", "2025-12-31"),
        ("pay rent by the end of the year", "2025-12-31"),
        ("pay rent end of february", "2026-02-28"),
        ("pay rent on the last day of the month", "2025-11-30"),
        ("pay rent beginning of next month", "2025-12-01"),
        ("pay rent mid next month", "2025-12-15"),
    ])
    func relativeDays(text: String, expected: String) {
        #expect(due(text) == expected)
    }

    @Test(arguments: [
        ("gym friday", "2025-11-28"),
        ("gym this friday", "2025-11-28"),
        ("gym next friday", "2025-11-28"),
        ("gym friday next week", "2025-12-05"),
        ("gym next week friday", "2025-12-05"),
        ("gym wednesday", "2025-11-26"),
        ("gym next wednesday", "2025-12-03"),
        ("gym on sun", "2025-11-30"),
        ("gym friday the 12th", "2025-12-12"),
    ])
    func weekdays(text: String, expected: String) {
        #expect(due(text) == expected)
    }

    @Test func bareWeekdayWithPassedTimeMeansNextWeek() {
        // Wednesday 10:00: "wednesday 9am" has passed today.
        #expect(due("gym wednesday 9am") == "2025-12-03T09:00:00+01:00")
        #expect(due("gym wednesday 11am") == "2025-11-26T11:00:00+01:00")
    }

    @Test func nextWeekdayThatIsTomorrowIsAsked() {
        let result = parse("gym next thursday")
        #expect(result.tasks?.first?.due == nil)
        #expect(result.clarification?.contains("Thursday, November 27") == true)
        #expect(result.clarification?.contains("December 4") == true)
    }

    @Test(arguments: [
        ("book flights dec 12", "2025-12-12"),
        ("book flights december 12th", "2025-12-12"),
        ("book flights 12 dec", "2025-12-12"),
        ("book flights the 12th of december", "2025-12-12"),
        ("book flights dec 12, 2026", "2026-12-12"),
        ("book flights on the 15th", "2025-12-15"),
        ("book flights on the 31st", "2025-12-31"),
        ("book flights 12/20", "2025-12-20"),
        ("book flights 20/12", "2025-12-20"),
        ("book flights 20.12.", "2025-12-20"),
        ("book flights 2026-01-15", "2026-01-15"),
        ("book flights nov 3", "2026-11-03"),
        ("book flights feb 29", "2028-02-29"),
    ])
    func absoluteDates(text: String, expected: String) {
        #expect(due(text) == expected)
    }

    @Test func numericDateThatReadsBothWaysIsAsked() {
        let result = parse("call Bob on 12/11")
        #expect(result.tasks?.first?.due == nil)
        #expect(result.clarification != nil)
    }

    @Test(arguments: [
        ("call mom at 5pm", "2025-11-26T17:00:00+01:00"),
        ("call mom at 5", "2025-11-26T17:00:00+01:00"),
        ("call mom at 7", "2025-11-27T07:00:00+01:00"),
        ("call mom at 11", "2025-11-26T11:00:00+01:00"),
        ("call mom at 12", "2025-11-26T12:00:00+01:00"),
        ("call mom at 17:30", "2025-11-26T17:30:00+01:00"),
        ("call mom at 5.30pm", "2025-11-26T17:30:00+01:00"),
        ("call mom at 530pm", "2025-11-26T17:30:00+01:00"),
        ("call mom at 1915", "2025-11-26T19:15:00+01:00"),
        ("call mom at 14h30", "2025-11-26T14:30:00+01:00"),
        ("call mom at noon", "2025-11-26T12:00:00+01:00"),
        ("call mom at half past 4", "2025-11-26T16:30:00+01:00"),
        ("call mom at quarter to 5", "2025-11-26T16:45:00+01:00"),
        ("call mom 5 o'clock", "2025-11-26T17:00:00+01:00"),
        ("call mom at 8 tonight", "2025-11-26T20:00:00+01:00"),
        ("call mom at 8 in the morning", "2025-11-27T08:00:00+01:00"),
        ("call mom tomorrow 2-3pm", "2025-11-27T14:00:00+01:00"),
        ("call mom by midnight", "2025-11-26T23:59:00+01:00"),
        ("call mom by eod", "2025-11-26T17:00:00+01:00"),
    ])
    func clockTimes(text: String, expected: String) {
        #expect(due(text) == expected)
    }

    @Test(arguments: [
        ("call mom tomorrow morning", "2025-11-27T09:00:00+01:00"),
        ("call mom tomorrow at lunch", "2025-11-27T12:00:00+01:00"),
        ("call mom tomorrow afternoon", "2025-11-27T15:00:00+01:00"),
        ("call mom tomorrow evening", "2025-11-27T19:00:00+01:00"),
        ("call mom tonight", "2025-11-26T19:00:00+01:00"),
        ("call mom tomorrow night", "2025-11-27T22:00:00+01:00"),
        ("call mom this afternoon", "2025-11-26T15:00:00+01:00"),
    ])
    func documentedPeriodDefaults(text: String, expected: String) {
        #expect(due(text) == expected)
    }

    @Test func aTimeAloneThatHasPassedMeansTomorrow() {
        #expect(due("call the bank at 9am") == "2025-11-27T09:00:00+01:00")
        // An explicit "today" is kept even when the time has passed.
        #expect(due("call the bank today at 9am") == "2025-11-26T09:00:00+01:00")
    }

    @Test func exactAmountsFromNow() {
        #expect(due("stretch in 2 hours") == "2025-11-26T12:00:00+01:00")
        #expect(due("stretch in 45 min") == "2025-11-26T10:45:00+01:00")
        #expect(due("stretch in an hour and a half") == "2025-11-26T11:30:00+01:00")
        #expect(due("stretch in 1 day and 2 hours") == "2025-11-27T12:00:00+01:00")
    }

    @Test func offsetsFollowDaylightSavingTime() {
        // Berlin leaves DST on Sunday 2025-10-26: 09:00 the Monday after is +01:00.
        #expect(due("inspection next monday at 9am", at: "2025-10-22T08:15:00+02:00") == "2025-10-27T09:00:00+01:00")
        // 72 real hours from 14:30 EST cross New York's spring-forward: 15:30 EDT.
        #expect(due("check the starter in 72 hours", at: "2025-03-06T14:30:00-05:00", tz: "America/New_York") == "2025-03-09T15:30:00-04:00")
        #expect(due("call the bank tomorrow 9am", at: "2025-11-26T10:00:00Z", tz: "UTC") == "2025-11-27T09:00:00Z")
    }

    @Test func wallClockTimesInDaylightSavingChanges() {
        let thursday = "2025-03-06T14:30:00-05:00"
        // 02:30 does not exist on 2025-03-09 in New York: read with the offset before the gap
        // (RFC 5545 §3.3.5), which is 03:30 EDT.
        #expect(due("call mom sunday 2:30am", at: thursday, tz: "America/New_York") == "2025-03-09T03:30:00-04:00")
        // 01:30 happens twice on 2025-11-02: the first one (EDT).
        #expect(due("call mom sunday 1:30am", at: "2025-10-30T12:00:00-04:00", tz: "America/New_York") == "2025-11-02T01:30:00-04:00")
    }

    @Test func namedZonesSetTheTimeZone() throws {
        let task = try #require(onlyTask("call the Tokyo office friday 9am Tokyo time"))
        #expect(task.title == "call the Tokyo office")
        #expect(task.timeZone == "Asia/Tokyo")
        #expect(task.due?.description == "2025-11-28T09:00:00+09:00")
        #expect(onlyTask("webinar dec 3 at 4pm PST")?.timeZone == "America/Los_Angeles")
        #expect(onlyTask("sync at 10am in New York time")?.timeZone == "America/New_York")
        // Abbreviations only count after a time, and in capitals.
        #expect(onlyTask("call et about the project")?.timeZone == nil)
    }

    @Test func holidayNamesAndTitlesAreNotDates() {
        #expect(onlyTask("black friday shopping list")?.due == nil)
        #expect(onlyTask("read the first chapter")?.due == nil)
        #expect(onlyTask("send the report to Sunday Times editor")?.due == nil)
        #expect(onlyTask("I may call Bob")?.due == nil)
        #expect(onlyTask("buy 3 apples")?.due == nil)
    }

    @Test func quotedTitlesAreNotReadForDates() throws {
        let task = try #require(onlyTask("add 'Meeting on Monday notes' tomorrow"))
        #expect(task.title == "Meeting on Monday notes")
        #expect(task.due?.description == "2025-11-27")
    }
}
