/// The language of one message, detected from its words (no model): Arabic-script letters mean
/// Urdu (`ur`); Latin words that are Urdu grammar words ("ko", "baje", "kar do", "dikhao") mean
/// Roman Urdu (`ur-Latn`); anything else is English (`en`). English words inside an Urdu message
/// ("meeting", "dentist", "#finance") are normal and do not change the reading.
public enum MessageLanguage: String, Sendable, CaseIterable {
    case english = "en"
    case urdu = "ur"
    case romanUrdu = "ur-Latn"

    public static func detect(_ text: String) -> MessageLanguage {
        detect(Tokenizer.tokenize(text))
    }

    static func detect(_ tokens: [Token]) -> MessageLanguage {
        var romanMarkers = 0
        var latinWords = 0
        var hasUrduVerb = false
        for token in tokens where token.kind == .word || token.kind == .hashtag {
            // Only the first characters are looked at: a letter decides the script.
            for scalar in token.text.unicodeScalars.prefix(4) where UrduLexicon.isArabicLetter(scalar) { return .urdu }
            guard token.kind == .word else { continue }
            latinWords += 1
            let lower = token.text.lowercased()
            if UrduLexicon.romanMarkers.contains(lower) {
                romanMarkers += 1
            }
            if token.text.first?.isLowercase == true, Self.urduVerbs.contains(lower) || looksLikeInfinitive(lower) {
                // "pakadni", "karwana": an Urdu verb decides on its own (names are capitalized).
                hasUrduVerb = true
            }
        }
        // One strong marker is enough in a short message ("madad", "undo karo"); in a longer
        // one a single look-alike ("Hai" as a name) should not switch the language.
        if hasUrduVerb || romanMarkers >= 2 || (romanMarkers == 1 && latinWords <= 3) { return .romanUrdu }
        return .english
    }

    /// A Roman Urdu infinitive: six letters or more ending in "-na"/"-ni" after a consonant
    /// ("pakadni", "dekhna"), not one of the English words of that shape.
    private static func looksLikeInfinitive(_ word: String) -> Bool {
        guard word.count >= 6, word.hasSuffix("na") || word.hasSuffix("ni"), word.allSatisfy({ $0.isLetter && $0.isASCII }) else { return false }
        let beforeN = word.dropLast(2).last ?? "a"
        guard !"aeiou".contains(beforeN) else { return false }
        return !englishLookAlikes.contains(word)
    }

    /// Urdu verb forms that are no English word: one of them, typed in lower case, makes the
    /// message Roman Urdu ("next week laptop repair karwana").
    private static let urduVerbs: Set<String> = [
        "karna", "karni", "karne", "karwana", "karwani", "karwane", "karao", "karwao", "karo", "karun", "kardo", "krdo", "dikhao", "batao",
        "dikhana", "dikhani", "bhejna", "bhejni", "lena", "leni", "dena", "deni", "jana", "jaana", "lana", "lani", "parhna", "parhni",
        "dekhna", "dekhni", "likhna", "likhni", "milna", "kharidna", "kharidni", "dhona", "bharna", "bharni", "pakana", "bulana", "hatao",
        "hatana", "mitao", "baje", "bajay", "dilana", "khilana", "sikhana", "chalana", "rakhna", "rakhni",
    ]

    private static let englishLookAlikes: Set<String> = [
        "antenna", "ballerina", "bikini", "zucchini", "tortellini", "martini", "lasagna", "alumni", "vienna", "sienna", "corona",
        "hosanna", "savanna", "bandana", "nirvana", "gymkhana", "verona", "pashmina", "sultana", "arizona",
    ]
}
