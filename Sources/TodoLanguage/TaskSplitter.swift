/// Splits one message into several tasks. The rule (docs/language.md, "Several tasks"):
/// line breaks and semicolons always separate tasks; "and", "then", "also", "plus" and commas
/// separate them only when what follows starts with a task verb that has an object of its own
/// (not a pronoun: "write the report and send it to Lisa" is one task) and what precedes is
/// already a task of two or more words that does not end in a verb or particle ("research and
/// write the newsletter", "pick up and drop off" stay whole). So "buy milk and call mom" is
/// two tasks, while "buy bread, eggs and butter" and "call mom and dad" are one.
enum TaskSplitter {
    private static let joiners: Set<String> = ["and", "then", "also", "plus", ","]

    static func split(_ tokens: [Token]) -> [[Token]] {
        var segments: [[Token]] = []
        var current: [Token] = []
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            if token.kind == .lineBreak || (token.isPunct && token.norm == ";") {
                if !current.isEmpty { segments.append(current) }
                current = []
                i += 1
                continue
            }
            if isJoiner(token), let verbIndex = verbAfterJoiners(tokens, i), startsTask(tokens, verbIndex), endsTask(current) {
                segments.append(current)
                current = []
                i = verbIndex
                continue
            }
            current.append(token)
            i += 1
        }
        if !current.isEmpty { segments.append(current) }
        return segments.filter { $0.contains { $0.isWord || $0.kind == .quoted || $0.kind == .hashtag } }
    }

    private static func isJoiner(_ token: Token) -> Bool {
        (token.isWord || token.isPunct) && joiners.contains(token.norm)
    }

    /// Skips ", and then also" and returns the index of the word after them.
    private static func verbAfterJoiners(_ tokens: [Token], _ i: Int) -> Int? {
        var k = i
        while k < tokens.count, isJoiner(tokens[k]) { k += 1 }
        guard k < tokens.count, TaskVerbs.isVerb(tokens[k]) else { return nil }
        return k
    }

    /// A verb with an object of its own: "call the plumber", "walk the dog", "pick up …".
    private static func startsTask(_ tokens: [Token], _ verb: Int) -> Bool {
        let next = verb + 1
        guard next < tokens.count, tokens[next].isWord || tokens[next].kind == .quoted || tokens[next].kind == .hashtag else { return false }
        return !TaskVerbs.pronouns.contains(tokens[next].norm)
    }

    private static func endsTask(_ segment: [Token]) -> Bool {
        let words = segment.filter { $0.isWord || $0.kind == .quoted || $0.kind == .hashtag }
        guard words.count >= 2, let last = words.last else { return false }
        return !(TaskVerbs.verbs.contains(last.norm) && last.isWord) && !TaskVerbs.particles.contains(last.norm)
    }
}
