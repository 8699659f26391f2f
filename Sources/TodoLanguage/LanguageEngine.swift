import Foundation

/// The offline language engine: reads one chat message into a structured request (intent,
/// tasks, target and changes, filter) without any network or model. Pure and fast: the same
/// text, instant and zone always give the same result.
public enum LanguageEngine {
    /// Parses `text` as said at `now` by a user in `timeZone` (relative dates such as
    /// "tomorrow" and "next week" are resolved in that zone).
    public static func parse(_ text: String, now: Date, timeZone: TimeZone) -> ParseResult {
        let clock = Clock(now: now, zone: timeZone)
        let tokens = Tokenizer.tokenize(text)
        let language = MessageLanguage.detect(tokens)
        // Urdu and Roman Urdu have their own grammar (UrduParser) over the same slots and resolvers.
        var result = language == .english ? route(tokens, clock) : UrduParser.parse(UrduTokens.make(tokens), clock)
        result.language = language.rawValue
        return result
    }

    /// The order matters: conversational intents first, then the specific shapes (update,
    /// complete/reopen/delete, list), and add as the default for anything else that is not a
    /// question about something other than tasks.
    static func route(_ tokens: [Token], _ clock: Clock) -> ParseResult {
        if ConversationIntents.isHelp(tokens) { return ParseResult(intent: .help) }
        let request = MessageCues.polite(tokens)
        if ConversationIntents.isSmallTalk(request) || ConversationIntents.isSmallTalk(tokens) { return ParseResult(intent: .unknown) }
        if ConversationIntents.isUndo(request) { return ParseResult(intent: .undo) }
        if ConversationIntents.isHelp(request) { return ParseResult(intent: .help) }
        if let update = UpdateParser.parse(request, clock) { return update }
        if let action = ActionParser.parse(request, clock) { return action }
        if let list = ListParser.parse(request, clock) { return list }
        if isOffTopicQuestion(request) { return ParseResult(intent: .unknown) }
        return AddParser.parse(request, clock)
    }

    /// A question that is not about tasks ("what's the weather like in Paris?").
    private static func isOffTopicQuestion(_ tokens: [Token]) -> Bool {
        guard let first = tokens.first(where: { $0.isWord }) else { return false }
        let endsWithQuestionMark = tokens.last.map { $0.isPunct && $0.norm == "?" } ?? false
        let starters: Set<String> = ["how's", "what're", "what", "what's", "which", "who", "who's", "why", "how", "where", "where's", "is", "are", "does", "did", "will", "would", "could", "can"]
        return starters.contains(first.norm) || (endsWithQuestionMark && ["do", "have", "has", "should"].contains(first.norm))
    }
}
