import Testing
import Recurrence

@Suite struct WarningTests {
    @Test(arguments: [
        ("FREQ=MONTHLY;BYMONTHDAY=31", RecurrenceWarning.Code.skipsShortMonths, "BYMONTHDAY=31 skips months with fewer days; did you mean BYMONTHDAY=-1?"),
        ("FREQ=MONTHLY;BYMONTHDAY=30", .skipsShortMonths, "BYMONTHDAY=30 skips months with fewer days; did you mean BYMONTHDAY=-1?"),
        ("FREQ=MONTHLY;BYMONTHDAY=31,-1", .skipsShortMonths, "BYMONTHDAY=31 skips months with fewer days"),
        ("FREQ=MONTHLY;BYMONTHDAY=-31", .skipsShortMonths, "BYMONTHDAY=-31 skips months with fewer days; did you mean BYMONTHDAY=1?"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", .neverOccurs, "BYMONTHDAY=30 never occurs: February has fewer days"),
        ("FREQ=YEARLY;BYMONTH=4,6;BYMONTHDAY=31", .neverOccurs, "BYMONTHDAY=31 never occurs: April and June have fewer days"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", .leapYearsOnly, "BYMONTHDAY=29 in February occurs only in leap years"),
        ("FREQ=YEARLY;BYYEARDAY=366", .leapYearsOnly, "BYYEARDAY=366 occurs only in leap years"),
        ("FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO", .notEveryPeriod, "BYWEEKNO=53 occurs only in years with 53 weeks"),
        ("FREQ=MONTHLY;BYDAY=5FR", .notEveryPeriod, "BYDAY=5FR occurs only in months with five Fridays; the others are skipped"),
        ("FREQ=MONTHLY;BYDAY=-6MO", .neverOccurs, "BYDAY=-6MO never occurs: a month has at most five Mondays"),
        ("FREQ=DAILY;WKST=SU", .noEffect, "WKST=SU has no effect here"),
    ])
    func ruleWarnings(rule: String, code: RecurrenceWarning.Code, message: String) throws {
        let warnings = try RecurrenceRule(parsing: rule).warnings
        #expect(warnings.count == 1)
        #expect(warnings.first?.code == code)
        #expect(warnings.first?.message.hasPrefix(message) == true, "\(warnings)")
    }

    @Test(arguments: [
        "FREQ=YEARLY;BYMONTH=1,3;BYMONTHDAY=31", "FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=MONTHLY;BYMONTHDAY=28",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU;WKST=SU", "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO;WKST=SU", "FREQ=MONTHLY;BYDAY=4FR",
    ])
    func cleanRulesHaveNoWarnings(rule: String) throws {
        #expect(try RecurrenceRule(parsing: rule).warnings.isEmpty)
    }

    @Test func warningsThatDependOnTheStart() throws {
        func codes(_ rule: String, _ start: String) throws -> [RecurrenceWarning.Code] {
            try RecurrenceSet(rule: rule, start: start, timeZone: "Europe/Berlin").warnings.map(\.code)
        }
        #expect(try codes("FREQ=MONTHLY", "2025-01-31T09:00:00") == [.skipsShortMonths])
        #expect(try codes("FREQ=YEARLY", "2024-02-29") == [.leapYearsOnly])
        #expect(try codes("FREQ=WEEKLY;BYDAY=MO", "2025-03-05T09:00:00") == [.startNotInRule])
        #expect(try codes("FREQ=DAILY;UNTIL=20200101T000000Z", "2025-03-05T09:00:00") == [.untilBeforeStart])
        #expect(try codes("FREQ=DAILY;UNTIL=20250401", "2025-03-05T09:00:00") == [.untilValueType])
        #expect(try codes("FREQ=DAILY;UNTIL=20250401T000000Z", "2025-03-05") == [.untilValueType])
        #expect(try codes("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "2025-01-01") == [.neverOccurs, .startNotInRule, .neverOccurs])
        #expect(try codes("FREQ=DAILY", "2025-03-05T09:00:00").isEmpty)
        let message = try RecurrenceSet(rule: "FREQ=MONTHLY", start: "2025-01-31T09:00:00", timeZone: "UTC").warnings.first?.message
        #expect(message == "DTSTART is on day 31: FREQ=MONTHLY repeats on day 31 and skips months with fewer days (RFC 5545); add BYMONTHDAY=-1 for the last day of every month")
    }
}
