import TodoModel

/// The grammar of Urdu and Roman Urdu messages, over canonical keys (`UrduTokens`). Urdu puts
/// the verb last, so intents are read from the end of the message ("… ho gaya" done, "… hata
/// do" delete, "… dikhao" list, "X ko … kar do" update); anything else is an add. Entities go
/// into the English slots (`UrduEntities`) and resolve by the English rules.
enum UrduParser {
    static func parse(_ input: [Token], _ clock: Clock) -> ParseResult {
        var tokens = input
        var question = false
        while let last = tokens.last, last.isPunct || last.kind == .lineBreak {
            if last.norm == "?" { question = true }
            tokens.removeLast()
        }
        while let first = tokens.first, first.isPunct { tokens.removeFirst() }
        // Politeness at the end changes nothing: "… kar do please".
        while let last = tokens.last, last.isAny(["please", "plz", "pls", "جی", "ji"]) { tokens.removeLast() }
        let w = tokens.map(\.norm)
        guard !w.isEmpty else { return ParseResult(intent: .unknown) }
        if isHelp(w) { return ParseResult(intent: .help) }
        if isSmallTalk(w) { return ParseResult(intent: .unknown) }
        if isUndo(w) { return ParseResult(intent: .undo) }
        if let result = UrduActions.parse(tokens, clock) { return result }
        if let result = UrduUpdate.parse(tokens, clock) { return result }
        if let result = UrduList.parse(tokens, question: question, clock) { return result }
        return add(tokens, clock)
    }

    // MARK: Conversation

    private static func isHelp(_ w: [String]) -> Bool {
        if w == ["madad"] || w == ["help"] || w == ["?"] { return true }
        if w.contains("madad"), w.count <= 4, w.contains(where: { ["chahiye", "chahye", "چاہیے", "karo", "kar", "do"].contains($0) }) { return true }
        // "aap kya kar sakte hain?", "tum kya kar sakte ho?"
        if w.contains("kya"), w.contains("sakte"), w.contains("kar") { return true }
        return w.contains("kaise") && w.contains(where: { ["istemal", "use", "استعمال"].contains($0) })
    }

    private static func isSmallTalk(_ w: [String]) -> Bool {
        let courtesy: Set<String> = ["shukriya", "bohat", "aap", "ka", "salam", "alaikum", "o", "u", "va", "wa", "jazakallah", "ok", "okay", "theek", "hello", "hi", "و"]
        if w.allSatisfy({ courtesy.contains($0) }), w.contains(where: { ["shukriya", "salam", "alaikum", "jazakallah", "hello", "hi"].contains($0) }) { return true }
        // "kaise ho", "kya haal hai"
        if w.count <= 4, w.contains("kaise") || w.contains("haal") || w.contains("کیسے") || w.contains("حال") { return true }
        return false
    }

    private static func isUndo(_ w: [String]) -> Bool {
        let words: Set<String> = ["undo", "wapas", "karo", "kar", "do", "lo", "le", "ye", "aakhri", "pichla", "tabdeeli", "please", "plz", "wo", "kaam"]
        return w.count <= 5 && w.allSatisfy { words.contains($0) } && (w.contains("undo") || w.first == "wapas" || w.dropFirst().first == "wapas")
    }

    // MARK: Add

    /// The cues that say "add" and are not the title: "… add kar do", "… list mein daal do".
    private static let addEndings: [[String]] = [
        ["list", "mein", "add", "kar", "do"], ["list", "mein", "daal", "do"], ["add", "kar", "do"], ["add", "karo"], ["shamil", "kar", "do"],
        ["shamil", "karo"], ["likh", "lo"], ["note", "kar", "lo"], ["yaad", "rakhna"],
    ]

    static func add(_ input: [Token], _ clock: Clock) -> ParseResult {
        var tokens = input
        if let (start, _) = UrduGrammar.ending(tokens.map(\.norm), addEndings) { tokens.removeSubrange(start...) }
        let entities = UrduEntities.extract(tokens, clock)
        let title = entities.quotedTitle ?? UrduGrammar.title(entities.rest)
        var resolved = TaskResolver.resolve(entities, title: title, clock)
        if let question = resolved.clarification { resolved.clarification = UrduClarifications.translate(question, tokens) }
        if title.isEmpty {
            return ParseResult(intent: .add, tasks: entities.hasEntities ? [resolved.task] : [], clarification: UrduClarifications.emptyTask(tokens))
        }
        return ParseResult(intent: .add, tasks: [resolved.task], clarification: resolved.clarification)
    }
}

/// Helpers the Urdu intents share.
enum UrduGrammar {
    /// Glue that belongs to removed phrases or to the sentence, not to a title.
    private static let leadingGlue: Set<String> = ["mujhe", "aur", "ko", ":", ",", ";", "-", "ke", "ki", "ka", "کہ"]
    private static let trailingGlue: Set<String> = ["hai", "ko", "aur", "tak", "par", ":", ",", ";", "-", ".", "ka", "ke", "ki", "se", "mein"]

    /// The start of the first of `endings` that ends `w`, and the ending's index.
    static func ending(_ w: [String], _ endings: [[String]]) -> (Int, Int)? {
        for (index, ending) in endings.enumerated() where w.count >= ending.count {
            if Array(w.suffix(ending.count)) == ending { return (w.count - ending.count, index) }
        }
        return nil
    }

    /// A title from the words left over: glue trimmed at both ends, the typed words joined.
    static func title(_ tokens: [Token]) -> String {
        var start = 0
        var end = tokens.count
        var changed = true
        while changed {
            changed = false
            while start < end, tokens[start].kind == .lineBreak || leadingGlue.contains(tokens[start].norm) && tokens[start].kind != .quoted {
                start += 1
                changed = true
            }
            while end > start, tokens[end - 1].kind == .lineBreak || trailingGlue.contains(tokens[end - 1].norm) && tokens[end - 1].kind != .quoted {
                end -= 1
                changed = true
            }
        }
        var text = ""
        for token in tokens[start..<end] {
            if text.isEmpty {
                text = token.text
            } else if token.isPunct && [",", ".", "!", "?", ":", ";", ")"].contains(token.norm) {
                text += token.text
            } else {
                text += " " + token.text
            }
        }
        return text
    }

    /// The words that name an existing task: "gym wala kaam" → "gym", "X ka task" → "X";
    /// pronouns ("ye", "wo", "ye kaam") name none.
    static func target(_ input: [Token]) -> String? {
        var tokens = input
        while let first = tokens.first, first.isPunct { tokens.removeFirst() }
        while let last = tokens.last, last.isPunct { tokens.removeLast() }
        if let quoted = tokens.first(where: { $0.kind == .quoted }) { return quoted.text.isEmpty ? nil : quoted.text }
        var changed = true
        while changed, !tokens.isEmpty {
            changed = false
            if let last = tokens.last, last.isAny(["kaam", "task", "wala", "ko", "ka", "ki", "ke", "item", "reminder"]) {
                tokens.removeLast()
                changed = true
            }
            if tokens.count > 1, let first = tokens.first, first.isAny(["meri", "mera", "mere", "wo", "ye"]) && !isPronounPhrase(Array(tokens.dropFirst())) {
                tokens.removeFirst()
                changed = true
            }
        }
        if tokens.isEmpty || isPronounPhrase(tokens) { return nil }
        let text = title(tokens)
        return text.isEmpty ? nil : text
    }

    private static func isPronounPhrase(_ tokens: [Token]) -> Bool {
        tokens.allSatisfy { $0.isAny(["ye", "wo", "is", "us", "kaam", "task", "wala", "sab", "it", "this", "that"]) }
    }
}
