/// The words around a request that are not part of it: politeness ("please", "can you"),
/// add cues ("add a task", "new task:", "I need to", "don't forget to") and reminder cues
/// ("remind me to"). Stripping them first lets every parser see just the request.
enum MessageCues {
    struct Stripped: Sendable {
        var tokens: [Token]
        /// "remind me …" opened the message: every task gets a reminder at its due.
        var remind = false
        /// "remind me about X": the title drops a leading article ("the webinar" → "webinar").
        var dropArticle = false
        /// An explicit add cue ("add", "new task", "I need to").
        var explicitAdd = false
    }

    private static let politeness: [[String]] = [
        ["i", "want", "you", "to"], ["i'd", "like", "you", "to"], ["go", "ahead", "and"], ["can", "you"], ["could", "you"],
        ["would", "you"], ["will", "you"], ["can", "u"], ["could", "u"], ["please"], ["kindly"], ["hey"], ["hi"],
        ["ok"], ["okay"], ["so"], ["um"], ["oh"], ["also"], ["and"], ["just"], ["pls"], ["hello"], ["yo"],
        ["probably"], ["really"], ["definitely"], ["maybe"], ["actually"], ["still"],
    ]

    private static let addCues: [[String]] = [
        ["add", "a", "new", "task"], ["add", "a", "task"], ["add", "new", "task"], ["add", "task"], ["add", "a", "todo"],
        ["add", "todo"], ["add", "an", "item"], ["add", "item"], ["new", "task"], ["new", "todo"], ["new", "item"],
        ["create", "a", "new", "task"], ["create", "a", "task"], ["create", "task"], ["create", "a", "todo"],
        ["make", "a", "task"], ["make", "a", "todo"], ["note", "to", "self"], ["task"], ["todo"], ["to", "do"], ["add"], ["create"],
        ["i", "need", "to"], ["i", "have", "to"], ["i", "must"], ["i", "should"], ["i", "gotta"], ["i've", "got", "to"],
        ["i", "got", "to"], ["need", "to"], ["have", "to"], ["gotta"], ["remember", "to"], ["don't", "forget", "to"],
        ["do", "not", "forget", "to"], ["don't", "let", "me", "forget", "to"], ["make", "sure", "to"], ["make", "sure", "i"],
        ["i", "want", "to"], ["i'd", "like", "to"], ["we", "need", "to"], ["we", "have", "to"],
    ]

    /// Reminder cues; the Bool says whether a leading article is dropped from the title.
    private static let remindCues: [([String], Bool)] = [
        (["remind", "me", "to"], false), (["remind", "me", "about"], true), (["remind", "me", "of"], true),
        (["remind", "me", "that", "i", "need", "to"], false), (["remind", "me", "that", "i", "have", "to"], false),
        (["remind", "me", "that"], false), (["remind", "me"], false), (["remind", "us", "to"], false),
        (["set", "a", "reminder", "to"], false), (["set", "a", "reminder", "for"], true), (["set", "reminder", "to"], false),
        (["add", "a", "reminder", "to"], false), (["add", "a", "reminder", "for"], true), (["add", "reminder", "to"], false),
        (["reminder", "to"], false), (["reminder", "for"], true), (["reminder"], false),
        (["i", "need", "a", "reminder", "to"], false),
    ]

    /// Only the politeness at the start and end ("please", "can you", "thanks").
    static func polite(_ input: [Token]) -> [Token] {
        var tokens = input
        var changed = true
        while changed {
            changed = false
            while let first = tokens.first, first.isPunct && first.norm != "?" || first.kind == .lineBreak {
                tokens.removeFirst()
                changed = true
            }
            if let length = prefix(tokens, politeness), length < tokens.count {
                tokens.removeFirst(length)
                changed = true
            }
        }
        while let last = tokens.last, last.isAny(["please", "pls", "thanks", "thx"]) || (last.isPunct && [".", "!"].contains(last.norm)) {
            tokens.removeLast()
        }
        if tokens.count > 2, tokens[tokens.count - 2].is("thank"), tokens[tokens.count - 1].is("you") { tokens.removeLast(2) }
        return tokens
    }

    static func strip(_ input: [Token]) -> Stripped {
        var result = Stripped(tokens: input)
        var tokens = input
        var changed = true
        while changed {
            changed = false
            while let first = tokens.first, first.isPunct || first.kind == .lineBreak {
                tokens.removeFirst()
                changed = true
            }
            if let length = prefix(tokens, politeness) {
                tokens.removeFirst(length)
                changed = true
                continue
            }
            // "remind me the day before …" states offsets: the reminder matcher reads those.
            if !result.remind, let (length, dropArticle) = remindPrefix(tokens), !startsWithOffsets(tokens) {
                tokens.removeFirst(length)
                result.remind = true
                result.dropArticle = dropArticle
                changed = true
                continue
            }
            if !result.explicitAdd, let length = prefix(tokens, addCues), length < tokens.count {
                let cue = tokens[0..<length].map(\.norm)
                // "task", "todo" and "to do" alone are cues only as "task: …".
                if cue == ["task"] || cue == ["todo"] || cue == ["to", "do"] {
                    guard tokens[length].isPunct, tokens[length].norm == ":" else { break }
                }
                tokens.removeFirst(length)
                result.explicitAdd = true
                let namesTask = cue.contains("task") || cue.contains("todo") || cue.contains("item")
                // "new task: …", "add a task called …", "create a task to …"
                while let first = tokens.first {
                    if first.isPunct, [":", "-", "–"].contains(first.norm) {
                        tokens.removeFirst()
                    } else if first.isAny(["called", "named", "saying"]) || (namesTask && first.isAny(["to", "for"])) {
                        tokens.removeFirst()
                    } else {
                        break
                    }
                }
                changed = true
                continue
            }
        }
        // Trailing politeness.
        while let last = tokens.last, last.isAny(["please", "pls", "thanks", "thx"]) || (last.isPunct && ["!", ".", "?"].contains(last.norm)) {
            tokens.removeLast()
        }
        if tokens.count >= 2, tokens[tokens.count - 2].is("thank"), tokens[tokens.count - 1].is("you") { tokens.removeLast(2) }
        result.tokens = tokens
        return result
    }

    /// Length of the longest phrase of `phrases` that opens `tokens`.
    static func prefix(_ tokens: [Token], _ phrases: [[String]]) -> Int? {
        var best: Int?
        for phrase in phrases where phrase.count <= tokens.count && phrase.count > (best ?? 0) {
            var matches = true
            for (index, word) in phrase.enumerated() where !(tokens[index].isWord && tokens[index].norm == word) {
                matches = false
                break
            }
            if matches { best = phrase.count }
        }
        return best
    }

    private static func remindPrefix(_ tokens: [Token]) -> (Int, Bool)? {
        var best: (Int, Bool)?
        for (phrase, dropArticle) in remindCues where phrase.count <= tokens.count && phrase.count > (best?.0 ?? 0) {
            if zip(phrase, tokens).allSatisfy({ $1.isWord && $1.norm == $0 }) { best = (phrase.count, dropArticle) }
        }
        guard let found = best else { return nil }
        // "reminder" alone opens a message only as "reminder: …".
        if found.0 == 1, tokens[0].is("reminder") {
            guard tokens.count > 1, tokens[1].isPunct, tokens[1].norm == ":" else { return nil }
            return (2, false)
        }
        return found
    }

    private static func startsWithOffsets(_ tokens: [Token]) -> Bool {
        guard let match = ReminderMatcher.match(tokens, 0) else { return false }
        return match.specs.contains { if case .before = $0 { return true } else { return false } }
    }
}
