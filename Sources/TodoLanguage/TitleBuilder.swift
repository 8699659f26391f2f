/// Rebuilds a title (or a target) from the tokens no matcher took, keeping the user's own
/// spelling and spacing, and trimming the glue words that belonged to removed phrases
/// ("… on", "to …", trailing commas).
enum TitleBuilder {
    private static let leadingGlue: Set<String> = ["to", "and", "then", "also", "that", "please", "pls", "just", "-", "–", ":", ",", ";", "."]
    private static let trailingGlue: Set<String> = [
        "on", "at", "by", "for", "due", "in", "from", "to", "and", "then", "please", "pls", "with", "before", "until",
        "till", "starting", "the", "every", "each", "-", "–", ":", ",", ";", ".", "!", "?", "(", "thanks", "next",
        "this", "a", "an", "is", "are", "around", "after",
    ]

    static func build(_ tokens: [Token], dropLeadingArticle: Bool = false) -> String {
        trimmedAndJoined(
            tokens, leadingGlue: leadingGlue, trailingGlue: trailingGlue, dropLeadingArticle: dropLeadingArticle,
            // "check in", "log on": a particle after a verb is part of the title.
            keepsTrailing: { tokens, end in tokens[end].isAny(["in", "on"]) && end > 0 && TaskVerbs.isVerb(tokens[end - 1]) }
        )
    }

    /// The words between the glue at both ends (each language passes its own glue words), joined
    /// with the user's spacing: no space before closing punctuation or after "(".
    /// `keepsTrailing(tokens, index)` keeps a trailing glue word that belongs to the title.
    static func trimmedAndJoined(
        _ tokens: [Token], leadingGlue: Set<String>, trailingGlue: Set<String>, dropLeadingArticle: Bool = false,
        keepsTrailing: ([Token], Int) -> Bool = { _, _ in false }
    ) -> String {
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
                if end - 2 >= start, keepsTrailing(tokens, end - 1) { break }
                end -= 1
                changed = true
            }
            if dropLeadingArticle, start < end, tokens[start].isAny(["the", "my", "a", "an"]) {
                start += 1
                changed = true
            }
        }
        var text = ""
        var previousPunctOpen = false
        for index in start..<end {
            let token = tokens[index]
            let piece = token.text
            if text.isEmpty {
                text = piece
            } else if token.isPunct && [",", ".", "!", "?", ":", ";", ")"].contains(token.norm) {
                text += piece
            } else if previousPunctOpen {
                text += piece
            } else {
                text += " " + piece
            }
            previousPunctOpen = token.isPunct && token.norm == "("
        }
        return text
    }
}
