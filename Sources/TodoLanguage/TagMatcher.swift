/// Tags: `#tag`, "tagged work", "tags errands and town", "tag: home", "label(ed) work",
/// and for adds "to my shopping list" (the list's name becomes a tag).
enum TagMatcher {
    private static let introducers: Set<String> = ["tagged", "tag", "tags", "label", "labels", "labeled", "labelled"]
    /// Words that end a list of tag names because they start something else.
    private static let stopWords: Set<String> = [
        "and", "or", "with", "for", "on", "not", "but", "at", "by", "due", "every", "each", "remind", "tomorrow", "today", "tonight",
        "next", "this", "in", "p1", "p2", "p3", "p4", "urgent", "priority", "high", "low", "medium", "to", "the", "a",
        "please", "from", "until", "before", "after",
    ]
    /// "my list", "my todo list": not a tag, just the list.
    private static let plainLists: Set<String> = ["todo", "todos", "to-do", "task", "tasks", "my", "the", "reminder", "reminders", "to", "do", "main", "own"]

    static func match(_ tokens: [Token], _ i: Int) -> ([String], Int)? {
        guard i < tokens.count else { return nil }
        if tokens[i].kind == .hashtag { return ([tokens[i].norm], i + 1) }
        guard tokens[i].isWord, introducers.contains(tokens[i].norm) else { return nil }
        var k = i + 1
        let introduced = k < tokens.count && (tokens[k].isAny(["with", "as", "it"]) || (tokens[k].isPunct && tokens[k].norm == ":"))
        // "tag" and "label" are also nouns ("print label stickers"): they need "tag: x" or "tag with x".
        if !introduced, tokens[i].isAny(["tag", "label", "labels"]) { return nil }
        if introduced { k += 1 }
        if k < tokens.count, tokens[k].isAny(["as"]) { k += 1 }
        var tags: [String] = []
        while k < tokens.count {
            let token = tokens[k]
            if token.kind == .hashtag {
                tags.append(token.norm)
            } else if token.isWord, !stopWords.contains(token.norm), isTagWord(token.norm) {
                tags.append(token.norm)
            } else {
                break
            }
            k += 1
            // "work and home", "errands, town"
            if k + 1 < tokens.count, tokens[k].norm == "and" || tokens[k].norm == "or" || tokens[k].norm == ",",
               tokens[k + 1].kind == .hashtag || (tokens[k + 1].isWord && !stopWords.contains(tokens[k + 1].norm) && isTagWord(tokens[k + 1].norm)) {
                k += 1
            } else {
                break
            }
        }
        return tags.isEmpty ? nil : (tags, k)
    }

    /// "to my shopping list", "on the groceries list", "to my work todo list" → the list name.
    static func listName(_ tokens: [Token], _ i: Int) -> ([String], Int)? {
        guard i + 2 < tokens.count, tokens[i].isAny(["to", "on", "onto"]), tokens[i + 1].isAny(["my", "the", "our"]) else { return nil }
        var k = i + 2
        var names: [String] = []
        while k < tokens.count, tokens[k].isWord || tokens[k].kind == .hashtag, !tokens[k].isAny(["list"]) {
            if !plainLists.contains(tokens[k].norm) { names.append(tokens[k].norm) }
            k += 1
            if names.count > 2 { return nil }
        }
        guard k < tokens.count, tokens[k].is("list"), names.count == 1 || names.isEmpty else { return nil }
        return (names, k + 1)
    }

    private static func isTagWord(_ word: String) -> Bool {
        !word.isEmpty && word.count <= 64 && word.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "/" }
            && TimeMatcher.parseClock(word) == nil
    }
}
