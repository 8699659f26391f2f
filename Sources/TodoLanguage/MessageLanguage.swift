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
        for token in tokens where token.kind == .word || token.kind == .hashtag {
            // Only the first characters are looked at: a letter decides the script.
            for scalar in token.text.unicodeScalars.prefix(4) where UrduLexicon.isArabicLetter(scalar) { return .urdu }
            guard token.kind == .word else { continue }
            latinWords += 1
            if UrduLexicon.romanMarkers.contains(token.text.lowercased()) { romanMarkers += 1 }
        }
        // One strong marker is enough in a short message ("madad", "undo karo"); in a longer
        // one a single look-alike ("Hai" as a name) should not switch the language.
        if romanMarkers >= 2 || (romanMarkers == 1 && latinWords <= 3) { return .romanUrdu }
        return .english
    }
}
