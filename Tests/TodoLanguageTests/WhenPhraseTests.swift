import Foundation
import Testing
import TodoLanguage

/// Date phrases on their own (what the tool set hands the engine), resolved against
/// Wednesday 2025-11-26 10:00 in Berlin.
@Suite struct WhenPhraseTests {
    static func resolve(_ phrase: String, tz: String = "Europe/Berlin") -> WhenPhrase.Resolution {
        WhenPhrase.resolve(phrase, now: DateValue(rfc3339: wednesdayBerlin)!.date!, timeZone: TimeZone(identifier: tz)!)
    }

    @Test(arguments: [
        ("next friday 5pm", "2025-11-28T17:00:00+01:00"),
        ("tomorrow", "2025-11-27"),
        ("tomorrow morning", "2025-11-27T09:00:00+01:00"),
        ("in 3 days", "2025-11-29"),
        ("end of the month", "2025-11-30"),
        ("dec 12 at 6:45am", "2025-12-12T06:45:00+01:00"),
        ("on monday at noon", "2025-12-01T12:00:00+01:00"),
        ("5pm", "2025-11-26T17:00:00+01:00"),
        ("9am", "2025-11-27T09:00:00+01:00"),
    ])
    func resolvesWords(_ phrase: String, _ expected: String) {
        #expect(Self.resolve(phrase) == .resolved(DateValue(rfc3339: expected)!, timeZone: nil))
    }

    @Test func aNamedZoneIsReported() {
        #expect(Self.resolve("friday 9am Tokyo time") == .resolved(DateValue(rfc3339: "2025-11-28T09:00:00+09:00")!, timeZone: "Asia/Tokyo"))
    }

    @Test func theUsersZoneDecides() {
        #expect(Self.resolve("tomorrow 8am", tz: "America/New_York") == .resolved(DateValue(rfc3339: "2025-11-27T08:00:00-05:00")!, timeZone: nil))
    }

    @Test func ambiguityIsAskedBack() {
        guard case .ambiguous(let question) = Self.resolve("next thursday") else {
            Issue.record("expected a question")
            return
        }
        #expect(question.lowercased().contains("thursday") || question.contains("Thu"), "\(question)")
    }

    @Test(arguments: ["buy milk tomorrow", "every monday", "p1", "#work", "whenever", ""])
    func refusesWhatIsNotOnlyADate(_ phrase: String) {
        guard case .notADate = Self.resolve(phrase) else {
            Issue.record("'\(phrase)' was read as a date")
            return
        }
    }
}
