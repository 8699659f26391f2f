/// List questions in Urdu: "… dikhao / batao", "aaj mujhe kya karna hai?", "kitne kaam baqi
/// hain?", and bare noun phrases ("meri list", "aaj ke kaam"). The words before the verb become
/// a filter in the `TaskFilter` language, as the English list intent does.
enum UrduList {
    private static let listEndings: [[String]] = [
        ["dikhao", "do"], ["batao", "do"], ["dikhao"], ["batao"], ["list", "karo"], ["show", "karo"], ["show", "kar", "do"],
    ]
    /// Words of the question itself, not of the filter.
    private static let questionWords: Set<String> = [
        "meri", "mujhe", "kaam", "task", "list", "ke", "ki", "ka", "wala", "kya", "karna", "hai", "ho", "kaun", "kitne", "se", "mein",
        "aaj", "kal", "parson", "hain", "koi", "sab", "tamam", "liye", "ye", "abhi", "tak", "aur", "par", "shuda", "plan", "hisaab", "jo", "wo",
        "reh", "gaya", "guzar",
    ]

    static func parse(_ tokens: [Token], question: Bool, _ clock: Clock) -> ParseResult? {
        let w = tokens.map(\.norm)
        var words = tokens
        if let (start, _) = UrduGrammar.ending(w, listEndings) {
            words = Array(tokens[..<start])
        } else {
            // A question about tasks: "kya", "kitne" or "kaun se" with nothing else a task could be.
            let asks = w.contains("kya") || w.contains("kitne") || w.contains("kaun")
            let aboutTasks = w.contains("kaam") || w.contains("task") || w.contains("list") || (w.contains("karna") && w.contains("kya"))
            let nounPhrase = w.contains(where: { ["kaam", "list", "task"].contains($0) }) && w.allSatisfy { questionWords.contains($0) || isFilterWord($0) }
                && tokens.allSatisfy { $0.kind != .quoted }
            // "kal ke liye kya hai?", "aaj ka plan kya hai?": a short question about a day.
            let aboutADay = w.contains(where: { ["aaj", "kal", "parson", "hafta", "plan"].contains($0) || UrduLexicon.weekdays[$0] != nil })
            guard (asks && aboutTasks && (question || w.last == "hai")) || nounPhrase || (question && asks && w.count <= 6 && (w.contains("karna") || aboutADay)) else { return nil }
        }
        return ParseResult(intent: .list, filter: filter(words, clock), sort: sort(w))
    }

    /// "tareekh ke hisaab se" (by date), "zaroori/priority ke hisaab se" (most urgent first).
    private static func sort(_ w: [String]) -> String? {
        guard let by = w.firstIndex(of: "hisaab"), by >= 1 else { return nil }
        let words = w[max(0, by - 3)..<by]
        if words.contains(where: { ["tareekh", "date", "waqt"].contains($0) }) { return "due:asc" }
        if words.contains(where: { ["zaroori", "priority", "tarjeeh", "ahmiyat"].contains($0) }) { return "priority:desc" }
        if words.contains(where: { ["naam", "title"].contains($0) }) { return "title:asc" }
        return nil
    }

    private static func isFilterWord(_ word: String) -> Bool {
        ["mukammal", "baqi", "adhoore", "overdue", "zaroori", "done", "completed", "pending", "hafta", "agle", "is", "pichle"].contains(word)
    }

    /// The filter the words name; "" for everything.
    static func filter(_ tokens: [Token], _ clock: Clock) -> String {
        let w = tokens.map(\.norm)
        let past = w.contains(where: { ["tha", "kiya", "hua", "gaya"].contains($0) })
        var dates: [String] = []
        var statuses: [String] = []
        var priorities: [String] = []
        var tags: [String] = []
        var flags: [String] = []
        var leftovers: [Token] = []
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            let word = token.norm
            if token.kind == .hashtag {
                if !tags.contains("#" + word) { tags.append("#" + word) }
                i += 1
                continue
            }
            guard token.isWord else { i += 1; continue }
            let next = i + 1 < w.count ? w[i + 1] : ""
            switch word {
            case "aaj": dates.append("today")
            // "kal" is yesterday only in a question about the past ("kal kya mukammal hua?").
            case "kal": dates.append(past ? "yesterday" : "tomorrow")
            case "parson": dates.append("due on: " + iso(clock.today + 2))
            case "agle" where next == "hafta", "is" where next == "hafta":
                let monday = Clock.monday(of: clock.today) + (word == "agle" ? 7 : 0)
                dates.append("due after: \(iso(monday - 1)) & due before: \(iso(monday + 7))")
                i += 1
            case "overdue":
                flags.append("overdue")
            case "pichle" where next == "kaam":
                flags.append("overdue")
            case "reh" where next == "gaya":
                // "jo kaam reh gaye": the ones left behind, past their date.
                flags.append("overdue")
                i += 1
            case "guzar" where next == "gaya", "late":
                flags.append("overdue")
            case "mukammal", "done", "completed", "complete":
                statuses.append(w.contains("nahi") ? "!completed" : "completed")
            case "baqi", "adhoore", "pending", "open":
                statuses.append("!completed")
            case "bohat" where next == "zaroori":
                priorities.append("p1")
                i += 1
            case "zaroori", "ahem", "important":
                priorities.append("p2")
            case "fori", "urgent":
                priorities.append("p1")
            case "p1", "p2", "p3", "p4":
                priorities.append(word)
            case "har", "recurring":
                flags.append("recurring")
            default:
                if let weekday = UrduLexicon.weekdays[word], word != "hafta" {
                    dates.append("due on: " + iso(Clock.onOrAfter(clock.today, weekday: weekday)))
                } else if !questionWords.contains(word), word != "nahi", word != "hua", word != "gaya", word != "tha", word != "kiya", word != "wala" {
                    leftovers.append(token)
                }
            }
            i += 1
        }
        // One unknown word before "kaam"/"wale kaam" is a tag ("office ke kaam"), as in English.
        var search: [String] = []
        if leftovers.count == 1, let index = tokens.firstIndex(where: { $0.text == leftovers[0].text }),
           index + 1 < tokens.count, tokens[(index + 1)...].contains(where: { $0.isAny(["kaam", "task", "list"]) }) {
            tags.append("#" + UrduLexicon.fold(leftovers[0].text.lowercased()))
        } else if !leftovers.isEmpty {
            search = leftovers.map(\.text)
        }
        var terms: [String] = []
        if !dates.isEmpty { terms.append(dates.count == 1 ? dates[0] : dates.map { $0.contains("&") ? "(\($0))" : $0 }.joined(separator: " | ")) }
        if !priorities.isEmpty { terms.append(priorities.count == 1 ? priorities[0] : "(" + priorities.joined(separator: " | ") + ")") }
        terms.append(contentsOf: tags)
        if let status = statuses.first { terms.append(status) }
        for flag in flags where !terms.contains(flag) { terms.append(flag) }
        if !search.isEmpty { terms.append("search: " + search.joined(separator: " ")) }
        return terms.joined(separator: " & ")
    }

    private static func iso(_ day: Int) -> String {
        let date = Clock.date(day)
        return "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))"
    }
}
