/// Messages about the conversation rather than tasks: undo, help, and small talk (unknown).
enum ConversationIntents {
    private static let fillers: Set<String> = ["oops", "please", "ok", "okay", "ah", "uh", "sorry", "actually", "now", "hey", "pls", "wait", "no", "just"]
    private static let undoRest: Set<String> = ["that", "it", "the", "last", "change", "changes", "thing", "action", "step", "you", "did", "one", "what", "i", "just", "my", "previous", "please", "again"]

    /// Words of the message without punctuation, as normalised.
    static func words(_ tokens: [Token]) -> [String] {
        tokens.filter { $0.isWord || $0.kind == .hashtag || $0.kind == .quoted }.map(\.norm)
    }

    static func isUndo(_ tokens: [Token]) -> Bool {
        var words = words(tokens)[...]
        while let first = words.first, fillers.contains(first) { words.removeFirst() }
        guard let first = words.first else { return false }
        if first == "undo" || first == "revert" || first == "reverse" || first == "rollback" {
            return words.dropFirst().allSatisfy { undoRest.contains($0) }
        }
        // "take that back", "go back", "roll back"
        if Array(words.prefix(3)) == ["take", "that", "back"] || Array(words.prefix(3)) == ["take", "it", "back"] { return words.count <= 4 }
        if Array(words) == ["roll", "back"] || Array(words) == ["roll", "that", "back"] || Array(words) == ["go", "back"] { return true }
        // "scratch that", "forget that": take back the last thing.
        if words.count == 2, ["scratch", "forget", "strike"].contains(words[words.startIndex]), ["that", "it"].contains(words[words.startIndex + 1]) { return true }
        return false
    }

    private static let helpPhrases: [[String]] = [
        ["help"], ["what", "can", "you", "do"], ["what", "do", "you", "do"], ["how", "does", "this", "work"], ["how", "do", "i"],
        ["how", "can", "i"], ["how", "to"], ["what", "commands"], ["commands"], ["what", "can", "i", "say"], ["what", "can", "i", "ask"],
        ["what", "do", "you", "understand"], ["show", "help"], ["usage"], ["how", "do", "you", "work"], ["what", "are", "you"],
        ["what", "can", "i", "do"], ["instructions"], ["examples"], ["show", "me", "examples"], ["how", "does", "it", "work"],
    ]

    static func isHelp(_ tokens: [Token]) -> Bool {
        let words = words(tokens)
        if words.isEmpty { return tokens.contains { $0.isPunct && $0.norm == "?" } }
        var rest = words[...]
        while let first = rest.first, fillers.contains(first) || first == "hi" || first == "hello" { rest.removeFirst() }
        if rest.first == "help" { return true }
        return helpPhrases.contains { phrase in phrase.count <= rest.count && Array(rest.prefix(phrase.count)) == phrase }
    }

    private static let smallTalk: [[String]] = [
        ["hello"], ["hi"], ["hey"], ["yo"], ["hiya"], ["howdy"], ["thanks"], ["thank", "you"], ["thank", "you", "so", "much"],
        ["cool"], ["great"], ["nice"], ["awesome"], ["lol"], ["haha"], ["ok"], ["okay"], ["k"], ["yes"], ["no"], ["yep"], ["nope"],
        ["good", "morning"], ["good", "afternoon"], ["good", "evening"], ["good", "night"], ["bye"], ["goodbye"], ["see", "you"],
        ["how", "are", "you"], ["who", "are", "you"], ["what's", "up"], ["sup"], ["hello", "there"], ["hi", "there"],
        ["never", "mind"], ["nevermind"], ["cheers"], ["perfect"], ["got", "it"], ["sounds", "good"], ["you", "rock"],
    ]

    /// Greetings, thanks and the like: the whole message is one such phrase.
    static func isSmallTalk(_ tokens: [Token]) -> Bool {
        let words = words(tokens)
        if words.isEmpty { return true }
        if !tokens.contains(where: { $0.isWord && $0.norm.contains(where: { $0.isLetter || $0.isNumber }) }) && !tokens.contains(where: { $0.kind == .quoted || $0.kind == .hashtag }) {
            return true
        }
        var trimmed = words
        while let last = trimmed.last, ["there", "again", "so", "much", "bot", "buddy", "mate", "lots"].contains(last), trimmed.count > 1 { trimmed.removeLast() }
        return smallTalk.contains { $0 == trimmed }
    }

    /// Questions that are not about tasks ("what's the weather like?").
    static let questionStarters: Set<String> = ["how's", "what're", "who're", "what", "what's", "which", "when", "when's", "where", "where's", "who", "who's", "why", "how", "is", "are", "do", "does", "did", "can", "could", "will", "would", "should", "any", "anything", "have", "has"]
}
