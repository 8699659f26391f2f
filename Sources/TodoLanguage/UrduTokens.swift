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
                let lower = text.lowercased()
                // "kardo", "کردو": two words written as one.
                if let (first, second) = compounds[UrduLexicon.fold(lower)], text.count > first.count {
                    let cut = text.index(text.startIndex, offsetBy: first.count)
                    result.append(Token(text: String(text[..<cut]), norm: UrduLexicon.canonical(first), kind: .word, spaceBefore: spaceBefore))
                    result.append(Token(text: String(text[cut...]), norm: UrduLexicon.canonical(second), kind: .word, spaceBefore: false))
                } else {
                    result.append(Token(text: text, norm: UrduLexicon.canonical(lower), kind: .word, spaceBefore: spaceBefore))
                }
            }
            result.append(contentsOf: trailing)
        }
        return result
    }

    private static let compounds: [String: (String, String)] = [
        "kardo": ("kar", "do"), "krdo": ("kr", "do"), "kardein": ("kar", "dein"), "kardain": ("kar", "dein"), "kardijiye": ("kar", "dijiye"),
        "hatado": ("hata", "do"), "mitado": ("mita", "do"), "kholdo": ("khol", "do"), "taaldo": ("taal", "do"), "taldo": ("tal", "do"),
        "banado": ("bana", "do"), "rakhdo": ("rakh", "do"), "nikaldo": ("nikal", "do"), "hogaya": ("ho", "gaya"), "hogya": ("ho", "gya"),
        "hogayi": ("ho", "gayi"), "hogai": ("ho", "gai"), "dikhado": ("dikha", "do"), "batado": ("bata", "do"),
        "کردو": ("کر", "دو"), "کردیں": ("کر", "دیں"), "ہٹادو": ("ہٹا", "دو"), "ہوگیا": ("ہو", "گیا"), "ہوگئی": ("ہو", "گئی"), "ٹالدو": ("ٹال", "دو"),
    ]

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
