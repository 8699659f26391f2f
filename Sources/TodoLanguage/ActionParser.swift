/// Complete, reopen and delete: which of them, and which task (a target, or a filter for
/// "all …"). Returns nil when the message is none of them.
struct ActionParser {
    let clock: Clock

    private static let doneWords: Set<String> = ["done", "complete", "completed", "finished", "checked", "ticked", "crossed"]
    private static let notDoneWords: Set<String> = ["undone", "incomplete", "uncompleted", "unfinished", "open", "todo", "pending"]
    private static let deleteVerbs: Set<String> = ["delete", "remove", "erase", "trash", "scrap", "discard", "ditch", "del"]
    private static let listWords: Set<String> = ["list", "lists", "tasks", "todos", "todo", "to-do", "agenda", "inbox"]

    static func parse(_ tokens: [Token], _ clock: Clock) -> ParseResult? {
        ActionParser(clock: clock).run(tokens)
    }

    private func run(_ tokens: [Token]) -> ParseResult? {
        var t = tokens
        while let last = t.last, last.isPunct { t.removeLast() }
        guard let first = t.first, first.isWord || first.kind == .quoted else { return nil }
        let w = t.map(\.norm)
        let n = w.count

        // mark X (as) done | not done | …
        if w[0] == "mark" || w[0] == "set" && n > 2 && Self.doneWords.contains(w[n - 1]) {
            if let result = mark(t) { return result }
        }
        // check off X, tick off X, cross off X; check X off
        if ["check", "tick", "cross"].contains(w[0]), n >= 2 {
            if w[1] == "off" { return action(.complete, Array(t[2...])) }
            if w[n - 1] == "off", n > 2 { return action(.complete, Array(t[1..<(n - 1)])) }
        }
        // done, all done, done with X, done: X
        if w[0] == "done" || (w.count >= 2 && w[0] == "all" && w[1] == "done") {
            var rest = Array(t.dropFirst(w[0] == "done" ? 1 : 2))
            if rest.first?.isAny(["with"]) == true { rest.removeFirst() }
            return action(.complete, rest)
        }
        // finished X, completed X, finished: X
        if w[0] == "finished" || w[0] == "completed" {
            return action(.complete, Array(t.dropFirst()))
        }
        // complete X (an add when X carries a date or priority: "complete the tax form by friday")
        if w[0] == "complete", n >= 1 {
            let rest = Array(t.dropFirst())
            if rest.first?.isAny(["all", "everything", "every"]) == true { return action(.complete, rest) }
            let entities = EntityExtractor.extract(rest)
            if entities.hasDate || entities.rule != nil || entities.priority != nil { return nil }
            return action(.complete, rest)
        }
        // I finished X, I've done X, we completed X, I'm done with X, I did X
        if let result = firstPerson(t, w) { return result }
        // got X done
        if w[0] == "got", n >= 3, w[n - 1] == "done" { return action(.complete, Array(t[1..<(n - 1)])) }
        // reopen X, uncheck X, unmark X, restore X, bring back X
        if ["reopen", "uncheck", "unmark", "untick", "restore", "resurrect", "undelete"].contains(w[0]) {
            return action(.reopen, Array(t.dropFirst()))
        }
        if n >= 3, w[0] == "bring", w[1] == "back" { return action(.reopen, Array(t.dropFirst(2))) }
        // X is done / X isn't done yet / X done
        if let result = stateSentence(t, w) { return result }
        // delete X, remove X, get rid of X, forget about X, cancel the X task
        if let result = delete(t, w) { return result }
        return nil
    }

    // MARK: mark

    private func mark(_ t: [Token]) -> ParseResult? {
        let w = t.map(\.norm)
        let n = w.count
        guard n >= 2 else { return nil }
        // Find the state at the end: "as done", "done", "as not done", "complete", "as incomplete".
        var end = n
        var negated = false
        var matched = false
        if Self.doneWords.contains(w[end - 1]) {
            end -= 1
            matched = true
            if end > 1, ["not", "un"].contains(w[end - 1]) {
                negated = true
                end -= 1
            }
        } else if Self.notDoneWords.contains(w[end - 1]) {
            end -= 1
            matched = true
            negated = true
            if end > 1, w[end - 1] == "not" { negated = false; end -= 1 }
        } else if n >= 3, w[n - 2] == "to", w[n - 1] == "do" {
            end -= 2
            matched = true
            negated = true
        }
        guard matched else { return nil }
        if end > 1, w[end - 1] == "as" { end -= 1 }
        let target = Array(t[1..<max(end, 1)])
        return action(negated ? .reopen : .complete, target)
    }

    // MARK: I finished X

    private func firstPerson(_ t: [Token], _ w: [String]) -> ParseResult? {
        guard ["i", "i've", "we", "we've", "i'm", "just", "already"].contains(w[0]) else { return nil }
        var k = 0
        while k < w.count, ["i", "i've", "we", "we've", "i'm", "we're", "just", "already", "have", "actually", "finally", "am", "are", "also"].contains(w[k]) { k += 1 }
        guard k < w.count else { return nil }
        // Negative: "I didn't (actually) finish X", "I haven't done X"
        if ["didn't", "haven't", "hasn't"].contains(w[k]) || (w[k] == "did" && k + 1 < w.count && w[k + 1] == "not") || (w[k] == "have" && k + 1 < w.count && w[k + 1] == "not") {
            var m = k + 1
            if m < w.count, w[m] == "not" { m += 1 }
            while m < w.count, ["actually", "really", "yet", "quite"].contains(w[m]) { m += 1 }
            guard m < w.count, ["finish", "complete", "do", "done", "finished", "completed"].contains(w[m]) else { return nil }
            return action(.reopen, Array(t[(m + 1)...]))
        }
        if ["finished", "completed", "did", "done"].contains(w[k]) {
            var rest = Array(t[(k + 1)...])
            if rest.first?.is("with") == true { rest.removeFirst() }
            return action(.complete, rest)
        }
        return nil
    }

    // MARK: X is done, X isn't done yet

    private func stateSentence(_ t: [Token], _ w: [String]) -> ParseResult? {
        let n = w.count
        // "what's due today that isn't done" asks; it does not report.
        guard n >= 2, !ConversationIntents.questionStarters.contains(w[0]), !w.contains("whether"), !w.contains("if") else { return nil }
        var end = n
        while end > 1, ["yet", "now", "already", "after", "all", "anymore", "actually"].contains(w[end - 1]) { end -= 1 }
        guard end >= 2 else { return nil }
        let last = w[end - 1]
        if Self.doneWords.contains(last) {
            var m = end - 1
            let negatedBy: Set<String> = ["isn't", "not", "wasn't", "aren't", "never"]
            if m >= 1, negatedBy.contains(w[m - 1]) {
                var s = m - 1
                if w[s] == "not", s >= 1, ["is", "was", "are"].contains(w[s - 1]) { s -= 1 }
                guard s >= 1 else { return nil }
                return action(.reopen, Array(t[0..<s]))
            }
            while m >= 1, ["is", "are", "was", "has", "been", "now", "all", "have", ":", "-"].contains(w[m - 1]) { m -= 1 }
            guard m >= 1 else { return nil }
            // "X done" needs an explicit link or a short target; "report done" reads as done.
            return action(.complete, Array(t[0..<m]))
        }
        return nil
    }

    // MARK: delete

    private func delete(_ t: [Token], _ w: [String]) -> ParseResult? {
        let n = w.count
        var rest: [Token]
        if Self.deleteVerbs.contains(w[0]) {
            // "trash out", "clear out": a phrasal verb is a task, not a command.
            if n > 1, ["out", "up", "off", "away", "down"].contains(w[1]) { return nil }
            rest = Array(t.dropFirst())
            // "remove X from <somewhere that is not the list>" is a task ("remove the stain from the carpet").
            if w[0] == "remove", let from = rest.lastIndex(where: { $0.is("from") }), from > 0 {
                let place = rest[(from + 1)...].filter { !$0.isAny(["my", "the", "our", "this"]) }
                if !place.isEmpty, !place.contains(where: { Self.listWords.contains($0.norm) }) { return nil }
            }
        } else if n >= 3, w[0] == "get", w[1] == "rid", w[2] == "of" {
            rest = Array(t.dropFirst(3))
        } else if w[0] == "forget" {
            rest = Array(t.dropFirst(w.count > 1 && w[1] == "about" ? 2 : 1))
        } else if w[0] == "clear", n >= 2, w.contains(where: { ["completed", "done", "finished", "tasks", "everything", "all"].contains($0) }) {
            // "clear completed tasks", "clear everything tagged old": a bulk delete.
            rest = Array(t.dropFirst())
            if rest.first?.isAny(["all", "everything"]) != true { rest.insert(Token(text: "all", norm: "all", kind: .word, spaceBefore: true), at: 0) }
        } else if w[0] == "cancel" || w[0] == "kill" || w[0] == "drop" {
            // Cancelling is itself a common task ("cancel gym membership"): only a task reference deletes.
            rest = Array(t.dropFirst())
            let names = rest.map(\.norm)
            let refersToTask = names.contains { ["task", "todo", "reminder", "to-do", "item"].contains($0) } || rest.contains { $0.kind == .quoted }
                || ["it", "that", "this", "everything"].contains(names.first ?? "")
            guard refersToTask || names.isEmpty else { return nil }
        } else {
            return nil
        }
        // "trash every tuesday night": deleting has no repeat rule, so this is a task.
        if EntityExtractor.extract(rest).rule != nil { return nil }
        return action(.delete, rest)
    }

    // MARK: target or filter

    func action(_ intent: Intent, _ tokens: [Token]) -> ParseResult {
        var t = tokens
        while let first = t.first, first.isPunct { t.removeFirst() }
        if let filter = bulkFilter(t) {
            return ParseResult(intent: intent, filter: filter)
        }
        guard let target = TargetBuilder.build(t) else {
            return ParseResult(intent: intent, clarification: Clarifications.whichTask(intent))
        }
        return ParseResult(intent: intent, target: target)
    }

    /// "all overdue tasks", "everything tagged errands", "all completed tasks": a filter.
    private func bulkFilter(_ tokens: [Token]) -> String? {
        guard let first = tokens.first, first.isAny(["all", "everything", "every"]) else { return nil }
        var rest = Array(tokens.dropFirst())
        if first.is("every"), rest.first?.isAny(["task", "todo", "item"]) != true { return nil }
        if rest.first?.is("of") == true { rest.removeFirst() }
        return FilterBuilder.build(rest, clock).filter
    }
}
