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
                // "check in", "log on": a particle after a verb is part of the title.
                if tokens[end - 1].isAny(["in", "on"]), end - 2 >= start, TaskVerbs.isVerb(tokens[end - 2]) { break }
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
