import TodoModel

/// Builds a filter in the API's filter language (`TaskFilter`) and a sort (`TaskSort`) from
/// the words of a question: "show my urgent tasks for today" → `today & p1`; "unfinished work
/// tasks" → `#work & !completed`; "what's due this week?" → `due after: … & due before: …`.
/// Terms come out in a fixed order: dates, priority, tags, status, other flags, search.
struct FilterBuilder {
    struct Output: Sendable, Equatable {
        var filter: String
        var sort: String?
    }

    let clock: Clock
    /// Date clauses; several joined by "and"/"or" ("today and tomorrow") are alternatives.
    private var dateClauses: [[String]] = []
    private var lastDateEnd: Int?
    private var dateTerms: [String] = []
    private var priorities: [Priority] = []
    private var tags: [String] = []
    private var excludedTags: [String] = []
    private var status: TaskStatus?
    private var flags: [String] = []
    private var searchWords: [String] = []
    private var sort: String?

    private init(clock: Clock) {
        self.clock = clock
    }

    /// Words that carry no filter meaning in a question ("show me all my tasks for …").
    static let stopWords: Set<String> = [
        "show", "list", "display", "view", "find", "search", "see", "get", "give", "me", "my", "all", "the", "a", "an", "of",
        "what", "what's", "whats", "which", "when", "when's", "is", "are", "was", "were", "do", "does", "did", "i", "have",
        "got", "has", "tasks", "task", "todos", "todo", "items", "item", "things", "thing", "stuff", "anything", "something",
        "everything", "any", "due", "on", "in", "at", "that", "there", "there's", "to", "it", "how", "many", "much", "please",
        "can", "you", "could", "with", "list", "lists", "agenda", "plate", "up", "coming", "now", "currently", "right",
        "still", "need", "should", "mine", "our", "we", "us", "every", "only", "just", "yet", "be", "being", "been", "will",
        "would", "for", "whats", "and", "or", "left", "pls", "else", "else's", "from", "like", "else", "about", "mentioning",
        "containing", "called", "named", "regarding", "related", "re", "look", "lookup", "scheduled", "planned", "set", "am",
        "i'm", "going", "else", "these", "those", "them", "they", "tell", "know", "let", "want", "where", "where's", "doing",
        "supposed", "reminders", "reminder", "entries", "open", "schedule", "sorted", "ordered", "first", "there",
        "exist", "exists", "some", "kind", "sort", "order", "here", "it's", "pending", "plan", "plans", "planned",
        "happening", "going", "lined", "upcoming", "look", "looks", "day", "my", "else", "today's", "tomorrow's",
        "coming", "up", "ahead", "remaining", "next", "deadline", "deadlines", "dates", "date",
    ]

    static func build(_ tokens: [Token], _ clock: Clock, searchAll: Bool = false) -> Output {
        var builder = FilterBuilder(clock: clock)
        builder.scan(tokens, searchAll: searchAll)
        return builder.output
    }

    // MARK: Scanning

    private mutating func scan(_ tokens: [Token], searchAll: Bool) {
        var i = 0
        var leftovers: [Token] = []
        while i < tokens.count {
            let token = tokens[i]
            if token.isPunct || token.kind == .lineBreak {
                i += 1
                continue
            }
            if token.kind == .quoted {
                searchWords.append(contentsOf: token.text.lowercased().split(separator: " ").map(String.init))
                i += 1
                continue
            }
            if !searchAll, let end = matchTerm(tokens, i, leftovers: &leftovers) {
                i = end
                continue
            }
            if searchAll, let end = matchSort(tokens, i) {
                i = end
                continue
            }
            leftovers.append(token)
            i += 1
        }
        for word in leftovers where !Self.stopWords.contains(word.norm) && word.isWord {
            searchWords.append(word.text.lowercased())
        }
    }

    /// One filter phrase at `i`; returns its end, or nil.
    private mutating func matchTerm(_ tokens: [Token], _ i: Int, leftovers: inout [Token]) -> Int? {
        let word = tokens[i].norm
        if let end = matchSort(tokens, i) { return end }
        if let end = matchFlag(tokens, i) { return end }
        if let end = matchStatus(tokens, i) { return end }
        if let end = matchDate(tokens, i) { return end }
        // "no priority", "without priority"
        if (word == "no" || word == "without"), i + 1 < tokens.count {
            var k = i + 1
            if tokens[k].isAny(["a", "any"]) { k += 1 }
            if k < tokens.count, tokens[k].isAny(["priority", "prio"]) {
                flags.append("no priority")
                return k + 1
            }
        }
        if let (priority, end) = PriorityMatcher.match(tokens, i) {
            if !priorities.contains(priority) { priorities.append(priority) }
            return end
        }
        // "not tagged work", "except #home", "excluding errands", "without #x"
        if tokens[i].isAny(["except", "excluding", "without", "not"]), i + 1 < tokens.count {
            var k = i + 1
            if tokens[k].isAny(["tagged", "in", "labeled", "labelled"]) { k += 1 }
            if k < tokens.count, tokens[k].kind == .hashtag || (k > i + 1 && tokens[k].isWord) {
                excludedTags.append(tokens[k].norm)
                return k + 1
            }
        }
        if let (found, end) = TagMatcher.match(tokens, i) {
            for tag in found where !tags.contains(tag) { tags.append(tag) }
            return end
        }
        // "my shopping list", "the work list", "work tasks": a single unknown word naming a list.
        if tokens[i].isWord, !Self.stopWords.contains(word), isPlainWord(word), i + 1 < tokens.count,
           tokens[i + 1].isAny(["tasks", "todos", "items", "list", "stuff", "things", "task", "todo"]),
           leftovers.last.map({ Self.stopWords.contains($0.norm) }) ?? true {
            if !tags.contains(word) { tags.append(word) }
            return i + 2
        }
        return nil
    }

    private func isPlainWord(_ word: String) -> Bool {
        word.allSatisfy { $0.isLetter || $0 == "-" || $0 == "_" } && Lexicon.weekday(word) == nil && Lexicon.month(word) == nil
            && !["overdue", "recurring", "repeating", "completed", "finished", "open", "pending", "done", "unfinished", "new", "old", "other", "more", "few", "next", "last", "today's", "tomorrow's"].contains(word)
    }

    // MARK: Sort

    private mutating func matchSort(_ tokens: [Token], _ i: Int) -> Int? {
        let word = tokens[i].norm
        var k = i
        // "sorted by X", "sort by X", "ordered by X", "order by X", "by X"
        if ["sorted", "sort", "ordered", "order", "sorting"].contains(word), k + 1 < tokens.count, tokens[k + 1].is("by") {
            k += 2
        } else if word == "by" {
            k += 1
        } else if word == "in", k + 2 < tokens.count, tokens[k + 1].is("alphabetical"), tokens[k + 2].is("order") {
            sort = "title:asc"
            return k + 3
        } else {
            // "alphabetically", "newest first", "most urgent first", "highest priority first"
            switch word {
            case "alphabetically", "alphabetical", "a-z":
                sort = "title:asc"
                return i + 1
            case "z-a":
                sort = "title:desc"
                return i + 1
            case "newest", "latest", "recent", "recently":
                if word == "recently", i + 1 < tokens.count, tokens[i + 1].isAny(["updated", "changed", "modified", "edited"]) {
                    sort = "updated:desc"
                    return i + 2
                }
                if word == "latest", i + 1 < tokens.count, tokens[i + 1].is("due") {
                    sort = "due:desc"
                    return endOfFirst(tokens, i + 2)
                }
                sort = "created:desc"
                var end = i + 1
                if end < tokens.count, tokens[end].isAny(["added", "created"]) { end += 1 }
                return endOfFirst(tokens, end)
            case "oldest":
                sort = "created:asc"
                return endOfFirst(tokens, i + 1)
            case "soonest", "earliest":
                sort = "due:asc"
                return endOfFirst(tokens, i + 1)
            case "most", "highest", "lowest", "least":
                guard i + 1 < tokens.count, tokens[i + 1].isAny(["urgent", "important", "priority"]) else { return nil }
                var end = i + 2
                if end < tokens.count, tokens[end].is("priority") { end += 1 }
                guard end < tokens.count, tokens[end].is("first") else { return nil }
                sort = word == "lowest" || word == "least" ? "priority:asc" : "priority:desc"
                return end + 1
            default:
                return nil
            }
        }
        guard k < tokens.count else { return nil }
        if tokens[k].is("the"), k + 1 < tokens.count { k += 1 }
        switch tokens[k].norm {
        case "priority", "importance", "urgency": sort = "priority:desc"
        case "due", "deadline", "date", "dates", "deadlines":
            sort = "due:asc"
            if tokens[k].is("due"), k + 1 < tokens.count, tokens[k + 1].isAny(["date", "dates"]) { k += 1 }
        case "name", "title", "alphabet": sort = "title:asc"
        case "creation", "created": sort = "created:desc"
        case "update", "updated": sort = "updated:desc"
        default: return nil
        }
        return endOfFirst(tokens, k + 1)
    }

    /// Swallows a trailing "first" ("newest first").
    private func endOfFirst(_ tokens: [Token], _ i: Int) -> Int {
        i < tokens.count && tokens[i].is("first") ? i + 1 : i
    }

    // MARK: Flags and status

    private mutating func matchFlag(_ tokens: [Token], _ i: Int) -> Int? {
        let word = tokens[i].norm
        switch word {
        case "overdue", "late", "missed":
            appendDate("overdue")
            lastDateEnd = i + 1
            return i + 1
        case "past" where i + 1 < tokens.count && tokens[i + 1].is("due"):
            appendDate("overdue")
            lastDateEnd = i + 2
            return i + 2
        case "recurring", "repeating", "recurrent", "repeat", "repeats":
            appendFlag("recurring")
            return i + 1
        case "soon":
            // "due soon": the next three days, today included (documented default).
            appendDate("due before: +4 days")
            return i + 1
        case "undated", "unscheduled":
            appendFlag("no date")
            return i + 1
        case "untagged":
            appendFlag("no tags")
            return i + 1
        case "unprioritized", "unprioritised":
            appendFlag("no priority")
            return i + 1
        case "no", "without":
            var k = i + 1
            if k < tokens.count, tokens[k].isAny(["a", "any"]) { k += 1 }
            if k < tokens.count, tokens[k].is("due") { k += 1 }
            guard k < tokens.count else { return nil }
            if tokens[k].isAny(["date", "dates", "deadline", "deadlines"]) {
                appendFlag("no date")
                return k + 1
            }
            if tokens[k].isAny(["tags", "tag", "labels", "label"]) {
                appendFlag("no tags")
                return k + 1
            }
            return nil
        case "with":
            // "with a due date"
            var k = i + 1
            if k < tokens.count, tokens[k].isAny(["a", "any"]) { k += 1 }
            if k < tokens.count, tokens[k].is("due") { k += 1 }
            if k < tokens.count, tokens[k].isAny(["date", "dates", "deadline"]) {
                appendFlag("has date")
                return k + 1
            }
            return nil
        default:
            return nil
        }
    }

    private mutating func matchStatus(_ tokens: [Token], _ i: Int) -> Int? {
        let word = tokens[i].norm
        let negators: Set<String> = ["not", "isn't", "aren't", "wasn't", "haven't", "hasn't", "un", "didn't", "never"]
        let doneWords: Set<String> = ["done", "completed", "complete", "finished", "finish"]
        if negators.contains(word), i + 1 < tokens.count {
            var k = i + 1
            if k < tokens.count, tokens[k].isAny(["yet", "been", "already"]) { k += 1 }
            if k < tokens.count, doneWords.contains(tokens[k].norm) {
                status = .open
                return k + 1
            }
            return nil
        }
        if doneWords.contains(word) {
            status = .completed
            return i + 1
        }
        if ["unfinished", "incomplete", "pending", "remaining", "outstanding", "undone", "uncompleted", "active", "open"].contains(word) {
            status = .open
            return i + 1
        }
        // "what's left", "still to do"
        if word == "left", i > 0 {
            status = .open
            return i + 1
        }
        return nil
    }

    // MARK: Dates

    private mutating func matchDate(_ tokens: [Token], _ i: Int) -> Int? {
        let word = tokens[i].norm
        var k = i
        var relation = "on"
        switch word {
        case "before": relation = "before"; k += 1
        case "after": relation = "after"; k += 1
        case "by", "until", "till": relation = "by"; k += 1
        case "on", "for", "due", "from":
            k += 1
            if k < tokens.count, tokens[k].isAny(["on", "by", "before", "after"]) {
                relation = tokens[k].norm == "on" ? "on" : (tokens[k].norm == "by" ? "by" : tokens[k].norm)
                k += 1
            }
        default: break
        }
        guard k < tokens.count else { return nil }
        // "(in|over|within) (the) next N days", "next N days", "coming N days"
        if let end = nextDays(tokens, k) { return end }
        guard let day = DateMatcher.match(tokens, k) else { return nil }
        let phrase = day.phrase
        // A date right after another, joined only by "and", "or" or a comma, is an alternative.
        let alternative = lastDateEnd.map { last in last < i && tokens[last..<i].allSatisfy { $0.isAny(["and", "or"]) || ($0.isPunct && $0.norm == ",") } } ?? false
        if !alternative, !dateTerms.isEmpty {
            dateClauses.append(dateTerms)
            dateTerms = []
        }
        if alternative, !dateTerms.isEmpty {
            dateClauses.append(dateTerms)
            dateTerms = ["|"]
        }
        defer { lastDateEnd = day.end }
        switch relation {
        case "before":
            guard case .day(let first) = DayResolver.resolve(phrase, clock) else { return nil }
            appendDate("due before: \(Self.date(first))")
        case "after":
            guard let range = DayResolver.range(phrase, clock) else { return nil }
            appendDate("due after: \(Self.date(range.upperBound))")
        case "by":
            guard let range = DayResolver.range(phrase, clock) else { return nil }
            appendDate("due before: \(Self.date(range.upperBound + 1))")
        default:
            switch phrase {
            case .offset(0): appendDate("today")
            case .offset(1): appendDate("tomorrow")
            case .offset(-1): appendDate("yesterday")
            default:
                guard let range = DayResolver.range(phrase, clock) else { return nil }
                if range.lowerBound == range.upperBound {
                    appendDate("due on: \(Self.date(range.lowerBound))")
                } else {
                    appendDate("due after: \(Self.date(range.lowerBound - 1))")
                    appendDate("due before: \(Self.date(range.upperBound + 1))")
                }
            }
        }
        return day.end
    }

    /// "next 3 days", "within 3 days", "in the next 3 days", "over the coming 7 days": today
    /// through today + N.
    private mutating func nextDays(_ tokens: [Token], _ i: Int) -> Int? {
        var k = i
        var sawNext = false
        if tokens[k].isAny(["in", "over", "within", "during"]) { k += 1 }
        if k < tokens.count, tokens[k].is("the") { k += 1 }
        if k < tokens.count, tokens[k].isAny(["next", "coming", "following"]) {
            sawNext = true
            k += 1
        }
        guard sawNext || tokens[i].is("within"), let (duration, end) = Duration.match(tokens, k), duration.isCalendar,
              duration.months == 0, duration.years == 0 else { return nil }
        let days = duration.days + duration.weeks * 7
        appendDate("due before: +\(days + 1) days")
        return end
    }

    static func date(_ day: Int) -> String {
        let date = Clock.date(day)
        return "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))"
    }

    private mutating func appendDate(_ term: String) {
        if !dateTerms.contains(term) { dateTerms.append(term) }
    }

    private mutating func appendFlag(_ term: String) {
        if !flags.contains(term) { flags.append(term) }
    }

    // MARK: Output

    private var output: Output {
        var groups: [[String]] = []
        // Date clauses: consecutive alternatives ("|" marks one) become one OR group.
        var clauses = dateClauses
        if !dateTerms.isEmpty { clauses.append(dateTerms) }
        var alternatives: [[String]] = []
        func flush() {
            alternatives = alternatives.filter { !$0.isEmpty }
            guard !alternatives.isEmpty else { return }
            if alternatives.count == 1 {
                for term in alternatives[0] { groups.append([term]) }
            } else {
                groups.append(alternatives.map { $0.count == 1 ? $0[0] : "(" + $0.joined(separator: " & ") + ")" })
            }
            alternatives = []
        }
        for clause in clauses {
            if clause.first == "|" {
                alternatives.append(Array(clause.dropFirst()))
            } else {
                flush()
                alternatives = [clause]
            }
        }
        flush()
        if !priorities.isEmpty {
            groups.append(priorities.map { priority -> String in
                switch priority {
                case .urgent: return "p1"
                case .high: return "p2"
                case .medium: return "p3"
                case .low: return "p4"
                case .none: return "no priority"
                }
            })
        }
        if !tags.isEmpty { groups.append(tags.map { "#\($0)" }) }
        for tag in excludedTags { groups.append(["!#\(tag)"]) }
        if let status { groups.append([status == .completed ? "completed" : "!completed"]) }
        for flag in flags { groups.append([flag]) }
        if !searchWords.isEmpty { groups.append(["search: " + searchWords.joined(separator: " ")]) }
        let parts = groups.map { group -> String in
            group.count == 1 ? group[0] : (groups.count == 1 ? group.joined(separator: " | ") : "(" + group.joined(separator: " | ") + ")")
        }
        return Output(filter: parts.joined(separator: " & "), sort: sort)
    }
}
