import Foundation

/// A date or time said in words ("next friday 5pm", "tomorrow morning", "in 3 days",
/// "dec 12 at 6:45am Tokyo time"), resolved by the same matchers and rules as chat messages.
/// The tool set (MCP and LLM mode) hands such phrases here so that no model ever does date
/// arithmetic: it passes the user's words through and the engine resolves them against the
/// user's zone and the current instant.
public enum WhenPhrase {
    public enum Resolution: Sendable, Equatable {
        /// The date (date-only) or date-time (with its offset), and the zone the phrase named
        /// ("9am Tokyo time"), if any.
        case resolved(DateValue, timeZone: String?)
        /// The phrase is ambiguous; ask this question instead of guessing.
        case ambiguous(String)
        /// The words are not (only) a date: what was left over.
        case notADate(String)
    }

    /// Resolves `phrase` as said at `now` by a user in `timeZone`. Every word must belong to
    /// the date: "buy milk tomorrow" is not a date phrase, and neither is "every monday" (a
    /// rule) or "p1" (a priority).
    public static func resolve(_ phrase: String, now: Date, timeZone: TimeZone) -> Resolution {
        let clock = Clock(now: now, zone: timeZone)
        let tokens = Tokenizer.tokenize(phrase)
        let entities = EntityExtractor.extract(tokens, options: .init(listNamesAreTags: false))
        let leftover = entities.rest.filter { !$0.isPunct && $0.kind != .lineBreak }.map(\.text)
        guard leftover.isEmpty, entities.rule == nil, entities.priority == nil, entities.tags.isEmpty, entities.reminders.isEmpty,
              entities.quotedTitle == nil, entities.hasDate else {
            let rest = leftover.isEmpty ? phrase : leftover.joined(separator: " ")
            return .notADate(rest)
        }
        let resolved = TaskResolver.resolve(entities, title: "", clock)
        if let question = resolved.clarification { return .ambiguous(question) }
        guard let due = resolved.task.due else { return .notADate(phrase) }
        return .resolved(due, timeZone: resolved.task.timeZone)
    }
}
