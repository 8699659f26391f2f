import Foundation
import Testing
import Recurrence

@Suite struct RuleParsingTests {
    @Test(arguments: [
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        ("rrule:freq=monthly;byday=-1fr", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("RRULE:FREQ=YEARLY;INTERVAL=1;BYMONTH=11;BYDAY=+1TU", "FREQ=YEARLY;BYMONTH=11;BYDAY=1TU"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1,1,15;", "FREQ=MONTHLY;BYMONTHDAY=1,15,-1"),
        ("FREQ=WEEKLY;BYDAY=FR,MO,FR;WKST=MO", "FREQ=WEEKLY;BYDAY=MO,FR"),
        ("FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=TU,SU", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=SU"),
        ("BYDAY=1SU,-1SU,SU;FREQ=YEARLY;BYMONTH=3", "FREQ=YEARLY;BYMONTH=3;BYDAY=SU,1SU,-1SU"),
        ("FREQ=DAILY;UNTIL=20251231", "FREQ=DAILY;UNTIL=20251231"),
        ("FREQ=DAILY;UNTIL=20251231T235959", "FREQ=DAILY;UNTIL=20251231T235959"),
        ("FREQ=DAILY;UNTIL=20251231T225959Z", "FREQ=DAILY;UNTIL=20251231T225959Z"),
        ("FREQ=YEARLY;BYWEEKNO=20,-1;BYDAY=MO;BYHOUR=9,17;BYMINUTE=30;BYSECOND=0", "FREQ=YEARLY;BYWEEKNO=20,-1;BYDAY=MO;BYHOUR=9,17;BYMINUTE=30;BYSECOND=0"),
        ("FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3", "FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3"),
        ("FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200", "FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200"),
    ])
    func parsesAndWritesCanonicalText(input: String, canonical: String) throws {
        let rule = try RecurrenceRule(parsing: input)
        #expect(rule.rrule == canonical)
        // The canonical text parses back to the same rule.
        #expect(try RecurrenceRule(parsing: rule.rrule) == rule)
    }

    @Test func partsAreReadIntoTheModel() throws {
        let rule = try RecurrenceRule(parsing: "FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU;WKST=SU")
        #expect(rule.frequency == .monthly)
        #expect(rule.interval == 2)
        #expect(rule.count == 10)
        #expect(rule.byDay == [.init(.sunday, ordinal: 1), .init(.sunday, ordinal: -1)])
        #expect(rule.weekStart == .sunday)

        let utc = try RecurrenceRule(parsing: "FREQ=DAILY;UNTIL=19971224T000000Z")
        #expect(utc.until == .utc(Date(timeIntervalSince1970: 882_921_600)))
        let local = try RecurrenceRule(parsing: "FREQ=DAILY;UNTIL=19971224T090000")
        #expect(local.until == .local(LocalDateTime(year: 1997, month: 12, day: 24, hour: 9)!))
        let date = try RecurrenceRule(parsing: "FREQ=DAILY;UNTIL=19971224")
        #expect(date.until == .date(CivilDate(year: 1997, month: 12, day: 24)!))
    }

    @Test func programmaticRulesAreValidatedToo() throws {
        let rule = try RecurrenceRule(frequency: .monthly, byMonthDay: [-1, 15, 1])
        #expect(rule.rrule == "FREQ=MONTHLY;BYMONTHDAY=1,15,-1")
        #expect(throws: RecurrenceError.self) { try RecurrenceRule(frequency: .daily, interval: 0) }
        #expect(throws: RecurrenceError.self) { try RecurrenceRule(frequency: .weekly, byDay: [.init(.monday, ordinal: 2)]) }
        var mutated = rule
        mutated.count = 0
        #expect(throws: RecurrenceError.self) { try mutated.validate() }
    }

    @Test(arguments: [
        ("", RecurrenceError.Code.syntax, "empty rule: expected NAME=VALUE parts"),
        ("FREQ=DAILY;;COUNT=2", .syntax, "empty rule part at position 2: two ';' in a row"),
        ("FREQ=DAILY;COUNT", .syntax, "rule part 'COUNT' has no '='"),
        ("COUNT=3", .missingFrequency, "missing FREQ: a rule needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY"),
        ("FREQ=HOURLY", .unsupportedFrequency, "FREQ=HOURLY is not supported: tasks repeat at most daily; for several times a day use FREQ=DAILY with BYHOUR"),
        ("FREQ=MINUTELY;INTERVAL=15", .unsupportedFrequency, "FREQ=MINUTELY is not supported"),
        ("freq=secondly", .unsupportedFrequency, "FREQ=SECONDLY is not supported"),
        ("FREQ=FORTNIGHTLY", .invalidValue, "FREQ=FORTNIGHTLY is not a frequency: use DAILY, WEEKLY, MONTHLY or YEARLY"),
        ("FREQ=DAILY;FREQ=WEEKLY", .duplicatePart, "FREQ is given twice"),
        ("FREQ=DAILY;BYWEEKDAY=MO", .unknownPart, "unknown rule part BYWEEKDAY: did you mean BYDAY?"),
        ("FREQ=DAILY;BYSETPOST=1", .unknownPart, "unknown rule part BYSETPOST: did you mean BYSETPOS?"),
        ("FREQ=DAILY;FOO=1", .unknownPart, "unknown rule part FOO: expected one of FREQ, INTERVAL"),
        ("FREQ=DAILY;DTSTART=20250101", .unknownPart, "DTSTART is not a rule part"),
        ("FREQ=YEARLY;RSCALE=HEBREW", .unknownPart, "RSCALE (RFC 7529, non-Gregorian calendars) is not supported"),
        ("FREQ=DAILY;COUNT=", .invalidValue, "COUNT has no value"),
        ("FREQ=DAILY;INTERVAL=0", .outOfRange, "INTERVAL=0 is out of range: it must be 1 or more"),
        ("FREQ=DAILY;INTERVAL=-2", .invalidValue, "INTERVAL value '-2' must not have a sign"),
        ("FREQ=DAILY;INTERVAL=two", .invalidValue, "INTERVAL value 'two' is not a whole number"),
        ("FREQ=DAILY;INTERVAL=2000000", .outOfRange, "INTERVAL=2000000 is too large"),
        ("FREQ=DAILY;COUNT=0", .outOfRange, "COUNT=0 is out of range: it must be 1 or more"),
        ("FREQ=DAILY;COUNT=99999999999", .outOfRange, "COUNT value '99999999999' is too large"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20250101", .conflict, "COUNT and UNTIL must not both be given (RFC 5545 §3.3.10)"),
        ("FREQ=DAILY;UNTIL=2025-13-01", .invalidValue, "UNTIL=2025-13-01 is not a date (YYYYMMDD) or date-time"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", .outOfRange, "BYMONTHDAY=0 is out of range: use 1…31 or -31…-1"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", .outOfRange, "BYMONTHDAY=32 is out of range"),
        ("FREQ=YEARLY;BYMONTH=13", .outOfRange, "BYMONTH=13 is out of range: use 1…12"),
        ("FREQ=YEARLY;BYMONTH=-1", .invalidValue, "BYMONTH value '-1' must not have a sign"),
        ("FREQ=YEARLY;BYYEARDAY=367", .outOfRange, "BYYEARDAY=367 is out of range: use 1…366 or -366…-1"),
        ("FREQ=YEARLY;BYWEEKNO=-54", .outOfRange, "BYWEEKNO=-54 is out of range: use 1…53 or -53…-1"),
        ("FREQ=DAILY;BYHOUR=24", .outOfRange, "BYHOUR=24 is out of range: use 0…23"),
        ("FREQ=DAILY;BYMINUTE=60", .outOfRange, "BYMINUTE=60 is out of range: use 0…59"),
        ("FREQ=DAILY;BYSECOND=60", .outOfRange, "BYSECOND=60 (a leap second) is not supported"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", .outOfRange, "BYSETPOS=0 is out of range: use 1…366 or -366…-1"),
        ("FREQ=MONTHLY;BYDAY=XX", .invalidValue, "BYDAY value 'XX' is not a weekday: use MO, TU, WE, TH, FR, SA or SU"),
        ("FREQ=MONTHLY;BYDAY=0MO", .outOfRange, "BYDAY=0MO is out of range: the ordinal must be 1…53 or -53…-1"),
        ("FREQ=YEARLY;BYDAY=54MO", .outOfRange, "BYDAY=54MO is out of range"),
        ("FREQ=MONTHLY;BYDAY=1.5MO", .invalidValue, "BYDAY value '1.5MO' has an invalid ordinal '1.5'"),
        ("FREQ=MONTHLY;BYDAY=MO,,TU", .syntax, "BYDAY=MO,,TU has an empty item"),
        ("FREQ=WEEKLY;BYDAY=1MO", .conflict, "BYDAY=1MO: an ordinal is only allowed with FREQ=MONTHLY or FREQ=YEARLY, not FREQ=WEEKLY (RFC 5545 §3.3.10); use BYDAY=MO"),
        ("FREQ=DAILY;BYDAY=-1FR", .conflict, "not FREQ=DAILY"),
        ("FREQ=YEARLY;BYWEEKNO=1;BYDAY=1MO", .conflict, "BYDAY=1MO: an ordinal is not allowed together with BYWEEKNO"),
        ("FREQ=MONTHLY;BYWEEKNO=1", .conflict, "BYWEEKNO is only allowed with FREQ=YEARLY, not FREQ=MONTHLY"),
        ("FREQ=MONTHLY;BYYEARDAY=1", .conflict, "BYYEARDAY is only allowed with FREQ=YEARLY, not FREQ=MONTHLY"),
        ("FREQ=WEEKLY;BYMONTHDAY=1", .conflict, "BYMONTHDAY is not allowed with FREQ=WEEKLY (RFC 5545 §3.3.10): use FREQ=MONTHLY;BYMONTHDAY=…"),
        ("FREQ=MONTHLY;BYSETPOS=1", .conflict, "BYSETPOS needs another BYxxx part to pick from"),
        ("FREQ=DAILY;WKST=XX", .invalidValue, "WKST=XX is not a weekday"),
    ])
    func refusesWithAPreciseMessage(input: String, code: RecurrenceError.Code, message: String) {
        do {
            let rule = try RecurrenceRule(parsing: input)
            Issue.record("parsed \(input) as \(rule)")
        } catch {
            #expect(error.code == code, "\(input): \(error.message)")
            #expect(error.message.contains(message), "\(input): \(error.message)")
        }
    }

    @Test func errorsNameTheirPart() {
        #expect(throws: RecurrenceError(.outOfRange, part: "BYMONTHDAY", "BYMONTHDAY=0 is out of range: use 1…31 or -31…-1")) {
            try RecurrenceRule(parsing: "FREQ=MONTHLY;BYMONTHDAY=0")
        }
    }
}
