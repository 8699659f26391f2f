import Foundation
import PropertyBased
import Recurrence
import Testing
import TodoLanguage
@testable import TodoModel

/// Random and adversarial text into every parser a user reaches — the filter language, the
/// chat's language engine, RRULEs and the date readers: none may trap (a trap kills the test
/// process, as it would kill `todo serve`), and each input must be handled in bounded time.
@Suite struct HostileInputPropertyTests {
    /// Generous for a debug build on a shared two-core machine; a release build is ~20× faster.
    static let perInput: Duration = .seconds(2)

    /// Pieces that have broken parsers before: huge numbers, operators, nesting, rule syntax.
    static let pieces = [
        "(", ")", "!", "&", "|", "p1", "#", "#work", "due before:", "due after:", "due on:", "+", "-", " days", " hours",
        "99999999999999999999", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1e308", "0x7f", "000",
        "at ", "in ", "every ", "call mom ", "buy milk ", "remind me ", "before ", "days", "weeks", "years", "h", "d", "w", "m",
        "FREQ=", "DAILY", "YEARLY", "BYSETPOS=-1", "BYHOUR=", "BYSECOND=", "INTERVAL=", "COUNT=", "UNTIL=", ";", "=", ",",
        "T", "Z", ":", ".", "/", "2026-02-30", "9999-12-31T23:59:59", "0000-00-00", "2026-11-25T10:00:00+01:00",
        "٣", "🙂", "\u{0}", "\u{202E}", "  ", "\n", "search:", "today", "overdue", "pm", "am", "o'clock", "half past ",
    ]

    static let adversarial = Gen.int(in: 0...(pieces.count - 1)).map { pieces[$0] }.array(of: 0...40).map { $0.joined() }
    static let randomText = Gen.latin1.string(of: 0...200)
    static let digits = Gen.int(in: 1...3_000).map { String(repeating: "9", count: $0) }

    static let now = Date(timeIntervalSince1970: 1_795_612_142)
    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    static func timed(_ text: String, _ body: () -> Void) {
        let clock = ContinuousClock()
        let elapsed = clock.measure(body)
        #expect(elapsed < perInput, "took \(elapsed) for \(text.prefix(120).debugDescription) (\(text.utf8.count) bytes)")
    }

    @Test func filterParserTakesAnything() async {
        await propertyCheck(count: 300, input: Self.adversarial) { text in
            Self.timed(text) { _ = try? TaskFilter(parsing: text) }
        }
        await propertyCheck(count: 200, input: Self.randomText) { text in
            Self.timed(text) { _ = try? TaskFilter(parsing: text) }
        }
    }

    @Test(arguments: [
        String(repeating: "(", count: 100_000), String(repeating: "!", count: 100_000), String(repeating: "p1&", count: 100_000),
        String(repeating: "(", count: 33) + "p1" + String(repeating: ")", count: 33), String(repeating: "p1 | ", count: 101) + "p1",
        "due before: +99999999999999999999 days", "due before: -9223372036854775808 hours",
    ])
    func filterLimitsRefuseDeepAndLongFilters(text: String) {
        Self.timed(text) {
            #expect(throws: FilterError.self) { try TaskFilter(parsing: text) }
        }
    }

    @Test func filterLimitsStillAcceptWhatPeopleWrite() throws {
        let nested = String(repeating: "(", count: FilterLimits.maxDepth) + "p1" + String(repeating: ")", count: FilterLimits.maxDepth)
        _ = try TaskFilter(parsing: nested)
        _ = try TaskFilter(parsing: Array(repeating: "#work", count: FilterLimits.maxTerms).joined(separator: " | "))
        _ = try TaskFilter(parsing: "(p1 | p2) & !completed & due before: +7 days")
    }

    @Test func languageEngineTakesAnything() async {
        await propertyCheck(count: 200, input: Self.adversarial) { text in
            Self.timed(text) { _ = LanguageEngine.parse(text, now: Self.now, timeZone: Self.berlin) }
        }
        await propertyCheck(count: 100, input: Self.randomText) { text in
            Self.timed(text) { _ = LanguageEngine.parse(text, now: Self.now, timeZone: Self.berlin) }
        }
        await propertyCheck(count: 40, input: Self.digits) { number in
            for text in ["call mom at \(number)", "buy milk in \(number) days", "remind me \(number) minutes before", number, "\(number)h", "every \(number) weeks", "\(number)/\(number)"] {
                Self.timed(text) { _ = LanguageEngine.parse(text, now: Self.now, timeZone: Self.berlin) }
            }
        }
    }

    @Test(arguments: [
        "call mom at 99999999999999999999", "buy milk in 99999999999999999999 days", String(repeating: "9", count: 2_000),
        "buy milk in 99999999999999999999d", "remind me 99999999999999999999h before", "at 9223372036854775808",
        "pay rent every 99999999999999999999 months", "call mom on 99999999999999999999/12", "due in 999999 years",
    ])
    func numbersFromTextNeverTrap(text: String) {
        Self.timed(text) { _ = LanguageEngine.parse(text, now: Self.now, timeZone: Self.berlin) }
    }

    @Test func ruleParserAndExpansionTakeAnything() async {
        let start = RecurrenceSet.Start(parsing: "2026-11-25T09:00:00")!
        await propertyCheck(count: 300, input: Self.adversarial) { text in
            Self.timed(text) {
                guard let rule = try? RecurrenceRule(parsing: text), let set = try? RecurrenceSet(start: start, timeZone: Self.berlin, rule: rule) else { return }
                _ = set.occurrences(count: 20)
                _ = try? set.checkYieldsWithinHorizon()
            }
        }
    }

    /// A wall time every second of the day, BYSETPOS picking one: 86,400 candidates per
    /// occurrence. Expansion stops at its budget (about 5 occurrences) in bounded time.
    @Test func everySecondRuleIsBoundedByTheBudget() throws {
        let text = "FREQ=YEARLY;BYHOUR=\((0..<24).map(String.init).joined(separator: ","));BYMINUTE=\((0..<60).map(String.init).joined(separator: ","));BYSECOND=\((0..<60).map(String.init).joined(separator: ","));BYSETPOS=-1"
        let start = RecurrenceSet.Start(parsing: "2026-11-25T09:00:00")!
        let set = try RecurrenceSet(start: start, timeZone: Self.berlin, rule: RecurrenceRule(parsing: text))
        var found = 0
        Self.timed(text) { found = set.occurrences(count: 100).count }
        #expect(found > 1 && found < 100)
    }

    /// Rules that never occur again: expansion stops (budget or year 9999) and creation refuses them.
    @Test(arguments: [
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31;BYDAY=MO",
    ])
    func costlyOrEmptyRulesAreBoundedAndRefused(rule text: String) throws {
        let start = RecurrenceSet.Start(parsing: "2026-11-25T09:00:00")!
        let set = try RecurrenceSet(start: start, timeZone: Self.berlin, rule: RecurrenceRule(parsing: text))
        Self.timed(text) { _ = set.occurrences(count: 100) }
        Self.timed(text) {
            #expect(throws: RecurrenceError.self) { try set.checkYieldsWithinHorizon() }
        }
        #expect(throws: TaskValidationError.self) {
            try TaskFields.recurrence(TaskRecurrence(rrule: text, anchor: .schedule), due: TaskDue(year: 2026, month: 11, day: 25, secondOfDay: 32_400))
        }
    }

    @Test func dateReadersTakeAnything() async {
        await propertyCheck(count: 300, input: Self.adversarial) { text in
            Self.timed(text) {
                _ = try? TaskDue(parsing: text)
                _ = DateValue(rfc3339: text)
                _ = RecurrenceSet.Start(parsing: text)
            }
        }
        await propertyCheck(count: 300, input: Self.randomText) { text in
            Self.timed(text) {
                _ = try? TaskDue(parsing: text)
                _ = DateValue(rfc3339: text)
                _ = RecurrenceSet.Start(parsing: text)
            }
        }
    }
}
