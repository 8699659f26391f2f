import Foundation
import TodoLanguage

/// A Wednesday morning in Berlin (CET): the reference "now" of most unit tests.
let wednesdayBerlin = "2025-11-26T10:00:00+01:00"

func parse(_ text: String, at now: String = wednesdayBerlin, tz: String = "Europe/Berlin") -> ParseResult {
    LanguageEngine.parse(text, now: DateValue(rfc3339: now)!.date!, timeZone: TimeZone(identifier: tz)!)
}

/// The single task of an add, or nil.
func onlyTask(_ text: String, at now: String = wednesdayBerlin, tz: String = "Europe/Berlin") -> ParsedTask? {
    let result = parse(text, at: now, tz: tz)
    guard result.intent == .add, let tasks = result.tasks, tasks.count == 1 else { return nil }
    return tasks[0]
}

func due(_ text: String, at now: String = wednesdayBerlin, tz: String = "Europe/Berlin") -> String? {
    onlyTask(text, at: now, tz: tz)?.due?.description
}
