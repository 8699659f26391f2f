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
        if w.contains("madad") || w.contains("help"), w.count <= 4, w.contains(where: { ["chahiye", "chahye", "چاہیے", "karo", "kar", "do"].contains($0) }) { return true }
        // "aap kya kar sakte hain?", "tum kya kar sakte ho?"
        if w.contains("kya"), w.contains("sakte"), w.contains("kar") { return true }
        return w.contains("kaise") && w.contains(where: { ["istemal", "use", "استعمال"].contains($0) })
    }

    private static func isSmallTalk(_ w: [String]) -> Bool {
        let courtesy: Set<String> = ["shukriya", "bohat", "aap", "ka", "salam", "alaikum", "o", "u", "va", "wa", "jazakallah", "ok", "okay", "theek", "hello", "hi", "و"]
        if w.allSatisfy({ courtesy.contains($0) }), w.contains(where: { ["shukriya", "salam", "alaikum", "jazakallah", "hello", "hi"].contains($0) }) { return true }
        // "kaise ho", "kya haal hai"
        if w.count <= 4, w.contains("kaise") || w.contains("haal") { return true }
        // "aap kaun hain?", "theek hai", "acha"
        if w.count <= 3, w.contains("aap") && w.contains("kaun") || w.allSatisfy({ ["theek", "acha", "accha", "hai", "ok", "ٹھیک", "اچھا"].contains($0) }) { return true }
        return false
    }

    private static func isUndo(_ w: [String]) -> Bool {
        let words: Set<String> = ["undo", "wapas", "karo", "kar", "do", "lo", "le", "ye", "aakhri", "pichle", "tabdeeli", "please", "plz", "wo", "kaam", "لے", "تبدیلی", "nahi", ",", "!"]
        return w.count <= 7 && w.allSatisfy { words.contains($0) } && (w.contains("undo") || w.contains("wapas"))
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
        let segments = split(tokens)
        var entities = segments.map { UrduEntities.extract($0, clock) }
        // The English shared-date rule: a leading date, or the last task's, goes to tasks without one.
        AddParser.shareDates(&entities)
        var tasks: [ParsedTask] = []
        var question: String?
        for item in entities {
            let title = item.quotedTitle ?? UrduGrammar.title(item.rest)
            let resolved = TaskResolver.resolve(item, title: title, clock)
            if question == nil, let asked = resolved.clarification { question = UrduClarifications.translate(asked, tokens) }
            if title.isEmpty && !item.hasEntities { continue }
            tasks.append(resolved.task)
        }
        if tasks.isEmpty || tasks.contains(where: { $0.title.isEmpty }) {
            return ParseResult(intent: .add, tasks: tasks, clarification: UrduClarifications.emptyTask(tokens))
        }
        return ParseResult(intent: .add, tasks: tasks, clarification: question)
    }

    /// Several tasks in one message: line breaks and ";" always separate; "aur"/"اور" and ","
    /// only between two verb phrases ("doodh lena aur ammi ko call karna"), never inside one
    /// ("ammi aur abbu ko call karna"). At most 20 tasks, like the English splitter's bound.
    static func split(_ tokens: [Token]) -> [[Token]] {
        var segments: [[Token]] = []
        var current: [Token] = []
        for (index, token) in tokens.enumerated() {
            let hard = token.kind == .lineBreak || (token.isPunct && token.norm == ";")
            let soft = (token.is("aur") || (token.isPunct && token.norm == ",")) && endsInVerb(current) && startsTask(tokens, after: index)
            if (hard || soft) && segments.count < 19 {
                if !current.isEmpty { segments.append(current) }
                current = []
            } else {
                current.append(token)
            }
        }
        if !current.isEmpty { segments.append(current) }
        return segments.isEmpty ? [tokens] : segments
    }

    /// Whether the words end in an infinitive ("lena", "karni", "جانا"), "hai" aside.
    private static func endsInVerb(_ tokens: [Token]) -> Bool {
        var words = tokens.filter { $0.isWord }
        while let last = words.last, last.isAny(["hai", "ho"]) { words.removeLast() }
        guard words.count >= 2, let last = words.last else { return false }
        return isInfinitive(last.text.lowercased())
    }

    /// The words after `index` form a task of their own: two or more, ending in a verb, and not
    /// a reminder ("…, ek din pehle yaad dilana" belongs to the task before).
    private static func startsTask(_ tokens: [Token], after index: Int) -> Bool {
        var rest: [Token] = []
        for token in tokens[(index + 1)...] {
            if token.kind == .lineBreak || (token.isPunct && token.norm == ";") { break }
            if token.is("aur") || (token.isPunct && token.norm == ",") { if endsInVerb(rest) { break } }
            rest.append(token)
        }
        if rest.contains(where: { $0.is("yaad") }) || rest.contains(where: { $0.is("pehle") }) { return false }
        return endsInVerb(rest)
    }

    private static func isInfinitive(_ word: String) -> Bool {
        guard word.count >= 3 else { return false }
        if ["dilana", "karana"].contains(UrduLexicon.canonical(word)) { return false }
        for suffix in ["na", "ni", "ne", "nay", "نا", "نی", "نے"] where word.hasSuffix(suffix) { return true }
        return false
    }
}

/// Helpers the Urdu intents share.
enum UrduGrammar {
    /// Glue that belongs to removed phrases or to the sentence, not to a title.
    private static let leadingGlue: Set<String> = ["mujhe", "aur", "ko", ":", ",", ";", "-", "ke", "ki", "ka", "کہ", "ye"]
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
        TitleBuilder.trimmedAndJoined(tokens, leadingGlue: leadingGlue, trailingGlue: trailingGlue)
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
