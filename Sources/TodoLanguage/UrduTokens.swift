/// Urdu tokens: the shared tokenizer's tokens with Urdu punctuation (، ؛ ؟ ۔) split off the
/// words and every word's `norm` set to its canonical key (`UrduLexicon`). `text` keeps what
/// the user typed, so titles and targets come back as written.
enum UrduTokens {
    private static let urduPunctuation: Set<Character> = ["،", "؛", "؟", "۔", "٬"]

    static func make(_ tokens: [Token]) -> [Token] {
        var result: [Token] = []
        result.reserveCapacity(tokens.count + 4)
        for token in tokens {
            guard token.kind == .word else {
                var copy = token
                if token.kind == .hashtag { copy.norm = UrduLexicon.fold(token.norm) }
                if token.kind == .punct { copy.norm = punctuationNorm(token.text) }
                result.append(copy)
                continue
            }
            var characters = Substring(token.text)
            var leading: [Token] = []
            var trailing: [Token] = []
            var spaceBefore = token.spaceBefore
            while let first = characters.first, urduPunctuation.contains(first) {
                leading.append(Token(text: String(first), norm: punctuationNorm(String(first)), kind: .punct, spaceBefore: spaceBefore))
                spaceBefore = false
                characters.removeFirst()
            }
            while let last = characters.last, urduPunctuation.contains(last) {
                trailing.insert(Token(text: String(last), norm: punctuationNorm(String(last)), kind: .punct, spaceBefore: false), at: 0)
                characters.removeLast()
            }
            result.append(contentsOf: leading)
            if !characters.isEmpty {
                let text = String(characters)
                result.append(Token(text: text, norm: UrduLexicon.canonical(text.lowercased()), kind: .word, spaceBefore: spaceBefore))
            }
            result.append(contentsOf: trailing)
        }
        return result
    }

    /// Urdu punctuation reads as its ASCII counterpart.
    private static func punctuationNorm(_ mark: String) -> String {
        switch mark {
        case "،", "٬": return ","
        case "؛": return ";"
        case "؟": return "?"
        case "۔": return "."
        default: return mark
        }
    }
}
