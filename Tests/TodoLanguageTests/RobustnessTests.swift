import Foundation
import Testing
import TodoLanguage
import TodoModel

/// Thousands of generated messages, from keyword soup to stray punctuation: the engine must
/// never trap (an index out of range would kill the test process), and whatever it returns
/// must be well-formed.
@Suite struct RobustnessTests {
    /// A small deterministic generator, so a failure reproduces.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let vocabulary = [
        "every", "each", "other", "next", "this", "last", "first", "2nd", "the", "of", "month", "week", "day", "year",
        "monday", "fri", "sat", "sundays", "weekday", "weekend", "tomorrow", "today", "tonight", "morning", "evening",
        "at", "on", "by", "in", "for", "until", "from", "starting", "before", "after", "and", "or", ",", ":", ";", "!", "?",
        "5pm", "17:00", "9", "12/11", "2026-02-30", "dec", "12th", "31st", "3", "two", "a", "an", "hour", "hours", "minutes",
        "remind", "me", "to", "about", "reminder", "p1", "urgent", "priority", "high", "#work", "tagged", "tags",
        "mark", "done", "as", "not", "delete", "remove", "move", "push", "rename", "make", "repeat", "show", "what's",
        "overdue", "due", "tasks", "find", "undo", "help", "buy", "milk", "call", "mom", "'quoted title'", "\"", "'",
        "end", "couple", "few", "half", "quarter", "past", "noon", "midnight", "times", "except", "weekends", "Tokyo",
        "time", "PST", "UTC", "2-3pm", "530pm", "1915", "from", "when", "I", "last", "did", "it", "\n", "all", "everything",
    ]

    @Test func generatedMessagesAreHandled() async throws {
        var generator = SplitMix(state: 20_251_126)
        let zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "UTC"].map { TimeZone(identifier: $0)! }
        let base = DateValue(rfc3339: "2025-10-25T23:30:00+02:00")!.date!
        for round in 0..<4_000 {
            let length = Int.random(in: 0...9, using: &generator)
            let words = (0..<length).map { _ in Self.vocabulary.randomElement(using: &generator)! }
            let text = words.joined(separator: Bool.random(using: &generator) ? " " : "")
            let now = base.addingTimeInterval(Double(Int.random(in: -200...200, using: &generator)) * 86_400 + Double(round))
            let zone = zones.randomElement(using: &generator)!
            let result = LanguageEngine.parse(text, now: now, timeZone: zone)
            try check(result, text)
            // Seconds of parsing in a debug build: give the (two-thread) cooperative pool back
            // now and then, so timing-sensitive tests running alongside are not starved.
            if round % 50 == 0 { await Task.yield() }
        }
    }

    @Test(arguments: ["", " ", "\n\n", "'", "\"", "''", "#", "##", "!!!", ",,,", ":", "a", "every", "every every every", "remind me", "remind me to",
                      "at", "in", "next", "the", "mark", "mark as done", "move to", "rename to", "tag with", "🙂🙂", "日本語のタスク", "ÉTÉ à Paris demain",
                      String(repeating: "buy milk and ", count: 200), String(repeating: "x", count: 5_000)])
    func edgeInputs(text: String) throws {
        let result = LanguageEngine.parse(text, now: DateValue(rfc3339: "2025-11-26T10:00:00+01:00")!.date!, timeZone: TimeZone(identifier: "Europe/Berlin")!)
        try check(result, text)
    }

    private func check(_ result: ParseResult, _ text: String) throws {
        if let filter = result.filter {
            #expect(throws: Never.self, "filter '\(filter)' of '\(text)'") { try TaskFilter(parsing: filter) }
        }
        if let sort = result.sort {
            #expect(throws: Never.self, "sort '\(sort)' of '\(text)'") { try TaskSort(parsing: sort) }
        }
        for task in result.tasks ?? [] {
            if let due = task.due { #expect(DateValue(rfc3339: due.description) == due, "due of '\(text)'") }
            for reminder in task.reminders { #expect(reminder.hasTime, "reminder of '\(text)'") }
            #expect(task.tags.allSatisfy { !$0.isEmpty && !$0.contains(" ") }, "tags of '\(text)'")
            if let rrule = task.rrule {
                #expect(throws: Never.self, "rrule \(rrule) of '\(text)'") {
                    try TaskFields.recurrence(TaskRecurrence(rrule: rrule, anchor: task.anchor), due: task.due?.local)
                }
            }
        }
        if result.intent == .add { #expect(result.tasks != nil) }
        if result.intent == .update { #expect(result.changes != nil) }
        // The JSON form always reads back.
        let data = try JSONEncoder().encode(result)
        #expect(try JSONDecoder().decode(ParseResult.self, from: data) == result)
    }

    /// Long messages stay linear: the update and target matchers try only short tails.
    @Test(arguments: ["move ", "change ", "delete ", "what's due ", "buy milk for the next 3 days and "])
    func longMessagesAreFast(prefix: String) {
        let text = prefix + String(repeating: "the thing for x ", count: 300) + "to friday"
        let start = ThreadCPUTime.now()
        let result = LanguageEngine.parse(text, now: DateValue(rfc3339: "2025-11-26T10:00:00+01:00")!.date!, timeZone: TimeZone(identifier: "Europe/Berlin")!)
        let seconds = ThreadCPUTime.now() - start
        #expect(seconds < 0.25, "\(prefix)… took \(seconds) s")
        #expect(result.intent != .unknown)
    }
}
