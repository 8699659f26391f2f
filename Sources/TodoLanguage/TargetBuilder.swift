/// The words that identify an existing task, from the user's phrase: "the laundry task" →
/// "laundry", "the task called water plants" → "water plants", "'Call Anna'" → "Call Anna".
/// Pronouns ("it", "that") identify nothing by themselves, so they give nil and the caller asks.
enum TargetBuilder {
    private static let pronounPhrases: Set<String> = [
        "it", "that", "this", "them", "those", "these", "that one", "this one", "the last one", "the task", "that task",
        "this task", "the one", "one", "the todo", "everything", "all", "all of them", "both", "it all", "the last task",
        "the previous one", "the item", "my task",
    ]
    private static let trailingNouns: Set<String> = ["task", "tasks", "todo", "todos", "item", "reminder", "one", "entry"]

    static func build(_ input: [Token]) -> String? {
        var tokens = input
        while let first = tokens.first, first.isPunct || first.kind == .lineBreak { tokens.removeFirst() }
        while let last = tokens.last, last.isPunct || last.kind == .lineBreak { tokens.removeLast() }
        if let quoted = tokens.first(where: { $0.kind == .quoted }) { return quoted.text.isEmpty ? nil : quoted.text }
        let phrase = tokens.map(\.norm).joined(separator: " ")
        if tokens.isEmpty || pronounPhrases.contains(phrase) { return nil }
        // "from my list", "off my todo list", "on my list"
        if let index = tokens.lastIndex(where: { $0.isAny(["from", "off", "on"]) }), index > 0,
           tokens[(index + 1)...].contains(where: { $0.is("list") }), tokens[(index + 1)...].allSatisfy({ $0.isAny(["my", "the", "list", "todo", "todos", "task", "tasks", "to-do", "our"]) }) {
            tokens.removeSubrange(index...)
        }
        // "the task called …", "the one named …", "task: …"
        if let index = tokens.firstIndex(where: { $0.isAny(["called", "named", "titled"]) }), index + 1 < tokens.count,
           tokens[..<index].allSatisfy({ $0.isAny(["the", "a", "my", "task", "todo", "one", "item", "reminder"]) }) {
            tokens.removeSubrange(...index)
        }
        // "delete the dentist appointment tomorrow": the date helped say which, it is not a title word.
        if let cut = trailingDate(tokens) { tokens.removeSubrange(cut...) }
        var changed = true
        while changed, !tokens.isEmpty {
            changed = false
            if tokens.count > 1, let first = tokens.first, first.isAny(["the", "my", "a", "an", "our", "task", "todo"]) || (first.isPunct) {
                tokens.removeFirst()
                changed = true
            }
            if tokens.count > 1, let last = tokens.last, trailingNouns.contains(last.norm) && last.isWord || last.isPunct || last.isAny(["please", "now", "too", "as", "yet"]) {
                tokens.removeLast()
                changed = true
            }
        }
        let cleaned = tokens.map(\.norm).joined(separator: " ")
        if tokens.isEmpty || pronounPhrases.contains(cleaned) { return nil }
        let text = TitleBuilder.build(tokens)
        return text.isEmpty ? nil : text
    }

    /// The start of a date or time phrase that runs to the end of `tokens`, if any.
    private static func trailingDate(_ tokens: [Token]) -> Int? {
        // Date phrases are short: only the last few positions can start one.
        for start in max(1, tokens.count - 10)..<max(tokens.count, 1) {
            var k = start
            while k < tokens.count, let match = EntityExtractor.temporal(tokens, k), match.end > k { k = match.end }
            if k == tokens.count, k > start { return start }
        }
        return nil
    }
}
