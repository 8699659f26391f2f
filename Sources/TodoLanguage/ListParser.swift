/// List questions: searches ("find the board deck"), filters ("what's overdue?", "show my
/// urgent tasks for today") and orders ("… sorted by due date").
enum ListParser {
    private static let listVerbs: Set<String> = ["show", "list", "display", "view", "filter", "sort", "lookup"]
    private static let searchVerbs: Set<String> = ["find", "search", "lookup"]
    /// Words that make a question about tasks rather than about the world.
    private static let strongDomain: Set<String> = [
        "task", "tasks", "todo", "todos", "to-do", "list", "agenda", "due", "overdue", "reminders", "items", "plate", "recurring",
        "tagged", "priority", "urgent", "pending", "completed", "finished", "finish", "done", "left", "unfinished",
        "outstanding", "remaining", "repeating",
    ]
    private static let timeDomain: Set<String> = ["today", "tomorrow", "tonight", "week", "weekend", "month", "next", "yesterday"]
    private static let searchCues: Set<String> = ["about", "mentioning", "containing", "called", "named", "regarding", "titled"]

    /// Whether the message is a list question, and if so its filter and sort.
    static func parse(_ tokens: [Token], _ clock: Clock) -> ParseResult? {
        let words = tokens.filter { $0.isWord || $0.kind == .hashtag || $0.kind == .quoted }
        guard let first = words.first else { return nil }
        let isQuestion = tokens.last.map { $0.isPunct && $0.norm == "?" } ?? false
        let norms = words.map(\.norm)

        // "what's next", "what should I do next"
        if norms == ["what's", "next"] || norms == ["what", "is", "next"] || norms == ["what", "next"] || norms == ["what", "should", "i", "do", "next"] || norms == ["what's", "up", "next"] {
            return ParseResult(intent: .list, filter: "!completed", sort: "due:asc")
        }
        // "find X", "search for X", "look for X", "look up X"
        if searchVerbs.contains(first.norm) || (first.is("look") && words.count > 1 && words[1].is("for")) {
            var rest = Array(tokens.drop { !($0.isWord && ($0.norm == first.norm)) }.dropFirst())
            if first.is("look") { rest = Array(rest.dropFirst()) }
            // "find out …" is a task.
            if rest.first?.isAny(["out"]) == true { return nil }
            if rest.first?.is("for") == true { rest.removeFirst() }
            // "find a plumber", "search for a new apartment" are tasks: an indefinite object is
            // something to find in the world, not a task to look up.
            if rest.first?.isAny(["a", "an", "some", "someone", "somebody", "somewhere", "new", "cheap", "good"]) == true { return nil }
            return search(rest, clock)
        }
        // "when is X (due)?", "where is X?"
        if ["when", "when's", "where", "where's"].contains(first.norm) {
            var rest = Array(tokens.drop { !$0.isWord }.dropFirst())
            if rest.first?.isAny(["is", "was", "are", "do", "does"]) == true { rest.removeFirst() }
            if rest.first?.isAny(["i", "my"]) == true, rest.count > 1, rest[1].isAny(["have", "supposed", "need"]) {
                // "when do I have to …" is a filter question; fall through.
            } else {
                while let last = rest.last, last.isPunct || last.isAny(["due", "scheduled", "planned", "again", "on", "set", "for"]) { rest.removeLast() }
                return search(rest, clock)
            }
        }
        let startsQuestion = ConversationIntents.questionStarters.contains(first.norm)
        let hasStrong = words.contains { strongDomain.contains($0.norm) || $0.kind == .hashtag } || norms.contains("have") && norms.contains("i")
        let hasTime = words.contains { timeDomain.contains($0.norm) || Lexicon.weekday($0.norm) != nil }
        let opensList = listVerbs.contains(first.norm) || (first.isAny(["give", "get"]) && words.count > 1 && words[1].is("me"))
            || (first.is("see") && words.count > 1 && words[1].isAny(["my", "all"]))
        // "my tasks", "today's tasks", "tasks for today", "overdue items": a short noun phrase
        // naming tasks, with no verb to make it a task of its own.
        let taskNouns: Set<String> = ["tasks", "todos", "agenda", "items", "list"]
        let nounPhrase = words.count <= 6 && first.isAny(["my", "today", "tomorrow", "overdue", "all", "open", "completed", "urgent", "upcoming", "tasks", "todos", "agenda", "this", "next", "unfinished", "pending", "recurring"])
            && words.prefix(3).contains { taskNouns.contains($0.norm) } && !words.contains { TaskVerbs.isVerb($0) }
        guard opensList || nounPhrase || ((startsQuestion || isQuestion) && (hasStrong || (hasTime && ["what", "what's", "which", "any", "anything"].contains(first.norm)))) else {
            return nil
        }
        // A search cue inside: "do I have anything about taxes?", "tasks mentioning the lease".
        if let cue = tokens.firstIndex(where: { $0.isWord && searchCues.contains($0.norm) }) {
            let before = FilterBuilder.build(Array(tokens[..<cue]), clock)
            let after = FilterBuilder.build(Array(tokens[(cue + 1)...]), clock, searchAll: true)
            let filter = [before.filter, after.filter].filter { !$0.isEmpty }.joined(separator: " & ")
            return ParseResult(intent: .list, filter: filter, sort: before.sort ?? after.sort)
        }
        let output = FilterBuilder.build(tokens, clock)
        return ParseResult(intent: .list, filter: output.filter, sort: output.sort)
    }

    private static func search(_ tokens: [Token], _ clock: Clock) -> ParseResult {
        let output = FilterBuilder.build(tokens, clock, searchAll: true)
        return ParseResult(intent: .list, filter: output.filter, sort: output.sort)
    }
}
