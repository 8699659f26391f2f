import Foundation
import PropertyBased
import Recurrence
import Testing
import TodoLanguage
@testable import TodoModel

/// The one range of absolute dates (`TaskFields.years`) and the numbers the chat names instead
/// of using (`LanguageEngine.unusableNumbers`), issue #20.
@Suite struct DateAndNumberBoundsTests {
    static let now = Date(timeIntervalSince1970: 1_795_612_142)  // 2026-11-25

    @Test func dueDatesOutsideTheYears1970To9999AreRefused() throws {
        for text in ["0001-01-01", "1969-12-31T23:59", "0000-06-15"] {
            let due = try TaskDue(parsing: text)
            #expect(throws: TaskValidationError.invalid(field: "due", "\(due) is outside the years 1970 to 9999")) { try TaskFields.due(due) }
        }
        for text in ["1970-01-01", "2026-12-01T09:00", "9999-12-31T23:59:59"] {
            #expect(try TaskFields.due(TaskDue(parsing: text)) == TaskDue(parsing: text))
        }
        // A due computed past 9999 (a duration in words) is refused too, not written back as
        // a date the API cannot read.
        #expect(throws: TaskValidationError.self) { try TaskFields.due(TaskDue(year: 1_002_025, month: 12, day: 3)) }
    }

    @Test func instantsOutsideTheRangeAreRefusedWithAReadableDate() throws {
        let edges = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 253_402_300_799)]  // 9999-12-31T23:59:59Z
        for date in edges { #expect(try TaskFields.instant(date, field: "completedAt") == date) }
        #expect(throws: TaskValidationError.invalid(field: "completedAt", "10000-01-01T00:00:00Z is outside the years 1970 to 9999")) {
            try TaskFields.instant(Date(timeIntervalSince1970: 253_402_300_800), field: "completedAt")
        }
        #expect(throws: TaskValidationError.invalid(field: "reminders", "at 99999-01-01T00:00:00Z is outside the years 1970 to 9999")) {
            try TaskFields.reminders([TaskReminder(id: "r", at: Date(timeIntervalSince1970: 3_093_496_444_800))])
        }
        #expect(throws: TaskValidationError.self) { try TaskFields.reminders([TaskReminder(id: "r", at: Date(timeIntervalSince1970: -1))]) }
        #expect(throws: TaskValidationError.self) { try TaskFields.instant(Date(timeIntervalSinceReferenceDate: -1e10), field: "completedAt") }
    }

    @Test func untilOutsideTheRangeIsRefused() throws {
        let due = TaskDue(year: 2026, month: 12, day: 1)
        for rule in ["FREQ=DAILY;UNTIL=00010101", "FREQ=DAILY;UNTIL=19691231T235959Z"] {
            #expect(throws: TaskValidationError.self) { try TaskFields.recurrence(TaskRecurrence(rrule: rule, anchor: .schedule), due: due) }
        }
        #expect(try TaskFields.recurrence(TaskRecurrence(rrule: "FREQ=DAILY;UNTIL=99991231", anchor: .schedule), due: due) != nil)
    }

    @Test(arguments: [
        ("call mom at 99999999999999999999", "I can't use 99999999999999999999 as a time of day: I read numbers of at most 6 digits."),
        ("buy milk in 99999999999999999999 days", "I can't use 99999999999999999999 as a number of days: I read numbers of at most 6 digits."),
        ("call mom in 99999999999999999999h", "I can't use 99999999999999999999 as a number of hours: I read numbers of at most 6 digits."),
        ("pay rent every 99999999999999999999 months", "I can't use 99999999999999999999 as a number of months: I read numbers of at most 6 digits."),
        ("water plants every 1234567 days", "I can't use 1234567 as a number of days: I read numbers of at most 6 digits."),
        ("buy milk in 999999 years", "I can't use 999999 as a number of years: that is past the year 9999, the last a date may have."),
        ("buy milk in 500000 weeks", "I can't use 500000 as a number of weeks: that is past the year 9999, the last a date may have."),
        ("call mom on 1 March 12345", "I can't use 12345 as a year: years go up to 9999."),
        ("call mom on 12/31/99999", "I can't use 99999 as part of a date: years go up to 9999."),
        ("meet at " + String(repeating: "9", count: 2_000), "I can't use 99999999999999999999… (2000 digits) as a time of day: I read numbers of at most 6 digits."),
    ])
    func theReplyNamesTheNumberItCannotUse(message: String, sentence: String) {
        #expect(LanguageEngine.unusableNumbers(in: message, now: Self.now).map(\.sentence) == [sentence])
    }

    @Test(arguments: [
        "call mom at 6pm", "buy milk in 3 days", "pay rent every 2 months", "in 999999 days",  // 4764: within the range
        "call the bank about account 12345678901", "order 4000000 paper clips", "\"call mom at 99999999999999999999\"",
        "call mom on 1 March 2027", "12/31/2026",
    ])
    func ordinaryNumbersAreNotNamed(message: String) {
        #expect(LanguageEngine.unusableNumbers(in: message, now: Self.now).isEmpty, "\(message)")
    }

    @Test func findingUnusableNumbersTakesAnything() async {
        await propertyCheck(count: 300, input: HostileInputPropertyTests.adversarial) { text in
            HostileInputPropertyTests.timed(text) { #expect(LanguageEngine.unusableNumbers(in: text, now: Self.now).count <= 3) }
        }
        await propertyCheck(count: 40, input: HostileInputPropertyTests.digits) { number in
            for text in ["at \(number)", "in \(number) years", "\(number)h", "\(number)/\(number)/\(number)", "march 1 \(number)"] {
                HostileInputPropertyTests.timed(text) { _ = LanguageEngine.unusableNumbers(in: text, now: Self.now) }
            }
        }
    }
}
