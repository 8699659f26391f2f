import TodoModel

/// Priority words: p1–p4 (p1 urgent … p4 low), "priority 2", "priority: high", "high
/// priority", "urgent", "asap", "important", "very important", "not urgent", "low prio".
enum PriorityMatcher {
    private static let levelWords: [String: Priority] = [
        "urgent": .urgent, "critical": .urgent, "top": .urgent, "highest": .urgent, "max": .urgent,
        "high": .high, "important": .high, "medium": .medium, "normal": .medium, "mid": .medium, "moderate": .medium,
        "low": .low, "lowest": .low, "minor": .low, "none": .none, "no": .none,
    ]
    private static let intensifiers: Set<String> = ["very", "super", "really", "extremely", "highly", "most", "top"]

    static func match(_ tokens: [Token], _ i: Int) -> (Priority, Int)? {
        guard i < tokens.count, tokens[i].isWord else { return nil }
        let word = tokens[i].norm
        if let level = Priority(pLevel: word) { return (level, i + 1) }
        // "priority 1", "priority: high", "prio high", "priority is high"
        if word == "priority" || word == "prio" {
            var k = i + 1
            if k < tokens.count, tokens[k].is(":") || tokens[k].isAny(["is", "of"]) || (tokens[k].isPunct && tokens[k].norm == ":") { k += 1 }
            if k < tokens.count, let number = Lexicon.number(tokens[k].norm), (1...4).contains(number) {
                return (Priority(pLevel: "p\(number)")!, k + 1)
            }
            if k < tokens.count, let level = levelWords[tokens[k].norm], tokens[k].norm != "no" {
                return (level, k + 1)
            }
            return nil
        }
        // "high priority", "low prio", "top priority", "medium-priority"
        if let level = levelWords[word], i + 1 < tokens.count, tokens[i + 1].isAny(["priority", "prio"]) {
            return (word == "no" ? .none : level, i + 2)
        }
        for (suffix, _) in [("-priority", 0), ("-prio", 0)] where word.hasSuffix(suffix) {
            if let level = levelWords[String(word.dropLast(suffix.count))] { return (level, i + 1) }
        }
        // "not urgent", "not important", "no rush"
        if word == "not", i + 1 < tokens.count, tokens[i + 1].isAny(["urgent", "important"]) { return (.low, i + 2) }
        if word == "no", i + 1 < tokens.count, tokens[i + 1].isAny(["rush", "hurry"]) { return (.low, i + 2) }
        if intensifiers.contains(word), i + 1 < tokens.count, tokens[i + 1].isAny(["important", "urgent"]) {
            return (.urgent, i + 2)
        }
        switch word {
        case "urgent", "urgently":
            // "urgent care" is a place.
            if i + 1 < tokens.count, tokens[i + 1].is("care") { return nil }
            return (.urgent, i + 1)
        case "asap", "critical": return (.urgent, i + 1)
        case "important": return (.high, i + 1)
        default: return nil
        }
    }
}
