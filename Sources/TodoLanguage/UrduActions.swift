/// Complete, reopen and delete in Urdu: the verb phrase ends the message ("X ho gaya",
/// "X mukammal kar do", "X dobara khol do", "X hata do"); the words before it name the task,
/// or, with "sab"/"tamam" ("sab mukammal kaam hata do"), a filter.
enum UrduActions {
    private static let completeEndings: [[String]] = [
        ["mukammal", "ho", "gaya", "hai"], ["mukammal", "ho", "gaya"], ["ho", "gaya", "hai"], ["ho", "gaya"], ["ho", "chuka", "hai"], ["ho", "chuka"],
        ["mukammal", "kar", "do"], ["mukammal", "karo"], ["mukammal", "kar", "diya"], ["done", "kar", "do"], ["done", "karo"], ["done", "ho", "gaya"],
        ["complete", "kar", "do"], ["complete", "karo"], ["done", "mark", "kar", "do"], ["mukammal", "mark", "kar", "do"], ["kar", "liya", "hai"], ["kar", "liya"], ["done"], ["mukammal"], ["mukammal", "hai"],
    ]
    private static let reopenEndings: [[String]] = [
        ["mukammal", "nahi", "hua"], ["nahi", "hua"], ["dobara", "khol", "do"], ["wapas", "khol", "do"], ["reopen", "kar", "do"], ["reopen", "karo"],
        ["khol", "do"], ["adhoore", "kar", "do"], ["undone", "kar", "do"],
    ]
    private static let deleteEndings: [[String]] = [
        ["delete", "kar", "do"], ["delete", "karo"], ["hazf", "kar", "do"], ["hazf", "karo"], ["hata", "do"], ["hata"], ["mita", "do"], ["mita"],
        ["remove", "kar", "do"], ["remove", "karo"], ["nikal", "do"], ["cancel", "kar", "do"], ["cancel", "karo"], ["khatam", "kar", "do"],
        ["list", "se", "hata", "do"], ["list", "se", "nikal", "do"],
    ]

    static func parse(_ tokens: [Token], _ clock: Clock) -> ParseResult? {
        let w = tokens.map(\.norm)
        if let (start, _) = UrduGrammar.ending(w, reopenEndings) { return action(.reopen, Array(tokens[..<start]), clock) }
        if let (start, _) = UrduGrammar.ending(w, completeEndings) {
            var rest = Array(tokens[..<start])
            if rest.first?.is("maine") == true { rest.removeFirst() }
            // "میں نے ورزش کر لی": "I" is not the task.
            if rest.count > 2, rest[0].is("mein"), rest[1].is("ne") { rest.removeFirst(2) }
            // "X khatam ho gaya", "X ko mukammal": the state word is not the task's name.
            while let last = rest.last, last.isAny(["khatam", "mukammal", "done", "complete", "ko", "poora", "pura"]) { rest.removeLast() }
            // "har roz doodh lena … mukammal": a repeat rule is a new task, not a completion.
            if UrduEntities.extract(rest, clock).rule != nil { return nil }
            return action(.complete, rest, clock)
        }
        if let (start, _) = UrduGrammar.ending(w, deleteEndings) {
            var rest = Array(tokens[..<start])
            // "X se #tag hata do" takes a tag off a task: an update.
            if rest.contains(where: { $0.kind == .hashtag }) { return nil }
            while let last = rest.last, last.isAny(["ko", "list", "se"]) { rest.removeLast() }
            return action(.delete, rest, clock)
        }
        return nil
    }

    static func action(_ intent: Intent, _ tokens: [Token], _ clock: Clock) -> ParseResult {
        if tokens.contains(where: { $0.isAny(["sab", "tamam"]) }) {
            let words = tokens.filter { !$0.isAny(["sab", "tamam"]) }
            return ParseResult(intent: intent, filter: UrduList.filter(words, clock))
        }
        guard let target = UrduGrammar.target(tokens) else {
            return ParseResult(intent: intent, clarification: UrduClarifications.whichTask(intent, tokens))
        }
        return ParseResult(intent: intent, target: target)
    }
}
