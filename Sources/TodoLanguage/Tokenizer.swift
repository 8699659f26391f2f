import Foundation

/// Splits a message into tokens by hand (no regular expressions: they cost more than the
/// whole parse on Linux). Punctuation at the edges of a word becomes its own token, but
/// punctuation inside one stays (`5:30pm`, `12/20`, `mom's`, `thank-you`, `a.m.`).
enum Tokenizer {
    private static let edgePunctuation: Set<Character> = [",", ";", ":", "!", "?", ".", "(", ")", "[", "]", "…", "\"", "“", "”"]
    private static let dottedWords: Set<String> = ["a.m.", "p.m.", "dr.", "mr.", "mrs.", "ms.", "st.", "e.g.", "i.e.", "etc.", "vs."]
    private static let quotePairs: [Character: Set<Character>] = [
        "\"": ["\"", "”"], "“": ["”", "\""], "'": ["'", "’"], "‘": ["’", "'"], "’": ["’"],
    ]

    static func tokenize(_ message: String) -> [Token] {
        let characters = Array(message)
        var tokens: [Token] = []
        var index = 0
        var spaceBefore = false
        while index < characters.count {
            let character = characters[index]
            if character.isNewline {
                if let last = tokens.last, last.kind != .lineBreak { tokens.append(Token(text: "\n", norm: "\n", kind: .lineBreak, spaceBefore: true)) }
                spaceBefore = true
                index += 1
                continue
            }
            if character.isWhitespace {
                spaceBefore = true
                index += 1
                continue
            }
            // A quote opening a word, closed by a matching quote that ends a word: one token.
            if let closers = quotePairs[character], index + 1 < characters.count, !characters[index + 1].isWhitespace,
               let close = closingQuote(characters, from: index + 1, closers: closers) {
                let inner = String(characters[(index + 1)..<close]).trimmingWhitespace()
                tokens.append(Token(text: inner, norm: inner.lowercased(), kind: .quoted, spaceBefore: spaceBefore))
                spaceBefore = false
                index = close + 1
                continue
            }
            var end = index
            while end < characters.count, !characters[end].isWhitespace { end += 1 }
            appendWord(characters[index..<end], spaceBefore: spaceBefore, to: &tokens)
            spaceBefore = false
            index = end
        }
        return tokens
    }

    /// The index of a quote that closes the one before `start`: followed by white space,
    /// punctuation or the end of the message.
    private static func closingQuote(_ characters: [Character], from start: Int, closers: Set<Character>) -> Int? {
        var index = start
        while index < characters.count {
            if characters[index].isNewline { return nil }
            if closers.contains(characters[index]), index > start {
                let next = index + 1 < characters.count ? characters[index + 1] : " "
                if next.isWhitespace || edgePunctuation.contains(next) { return index }
            }
            index += 1
        }
        return nil
    }

    private static func appendWord(_ slice: ArraySlice<Character>, spaceBefore: Bool, to tokens: inout [Token]) {
        var start = slice.startIndex
        var end = slice.endIndex
        var leading: [Token] = []
        var first = true
        while start < end, edgePunctuation.contains(slice[start]) {
            leading.append(Token(text: String(slice[start]), norm: String(slice[start]), kind: .punct, spaceBefore: first && spaceBefore))
            first = false
            start += 1
        }
        var trailing: [Token] = []
        while end > start, edgePunctuation.contains(slice[end - 1]) {
            let word = String(slice[start..<end]).lowercased()
            if slice[end - 1] == ".", dottedWords.contains(word) { break }
            // `20.12.` is a date, not a date and a full stop.
            if slice[end - 1] == ".", end - 1 > start, slice[end - 2].isNumber, slice[start..<(end - 1)].contains(".") { break }
            trailing.insert(Token(text: String(slice[end - 1]), norm: String(slice[end - 1]), kind: .punct, spaceBefore: false), at: 0)
            end -= 1
        }
        tokens.append(contentsOf: leading)
        if start < end {
            let text = String(slice[start..<end])
            tokens.append(makeWord(text, spaceBefore: first && spaceBefore))
        }
        tokens.append(contentsOf: trailing)
    }

    private static func makeWord(_ text: String, spaceBefore: Bool) -> Token {
        var lower = text.lowercased()
        if lower.contains("’") { lower = lower.replacingOccurrences(of: "’", with: "'") }
        if lower.count > 1, lower.hasPrefix("#") {
            var tag = String(lower.dropFirst())
            while let last = tag.last, last == "'" || last == "-" { tag.removeLast() }
            if !tag.isEmpty { return Token(text: text, norm: tag, kind: .hashtag, spaceBefore: spaceBefore) }
        }
        return Token(text: text, norm: Lexicon.normalize(lower), kind: .word, spaceBefore: spaceBefore)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
