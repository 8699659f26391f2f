import Foundation

/// Recursive descent over the filter text: `or := and ('|' and)*`, `and := not ('&' not)*`,
/// `not := '!' not | '(' or ')' | term`. A term is the text up to the next operator or
/// parenthesis, read by `FilterTerms`.
///
/// The recursion is bounded by `FilterLimits`, checked before the text is read at all (length)
/// and at each `!` / `(` (depth) and term (count): every caller — REST, bulk, actor invocation,
/// MCP, chat, WebSocket — goes through `TaskFilter(parsing:)`, so every path gets them, and the
/// tree that evaluation, rendering and deallocation walk recursively is as bounded as the parse.
struct FilterParser {
    private let characters: [Character]
    private let tooLong: Bool
    private var index = 0
    private var depth = 0
    private var terms = 0

    init(_ text: String) {
        // Count UTF-8 bytes first: a 100 MB string is refused without building its characters.
        tooLong = text.utf8.count > FilterLimits.maxLength
        characters = tooLong ? [] : Array(text)
    }

    mutating func parseAll() throws(FilterError) -> TaskFilter.Node {
        if tooLong {
            throw FilterError(position: FilterLimits.maxLength + 1, message: "the filter is longer than \(FilterLimits.maxLength) bytes")
        }
        skipSpaces()
        if index == characters.count { return .everything }
        let node = try parseOr()
        skipSpaces()
        if index < characters.count {
            let character = characters[index]
            throw FilterError(position: index + 1, message: character == ")" ? "')' without a matching '('" : "unexpected '\(character)'")
        }
        return node
    }

    private mutating func parseOr() throws(FilterError) -> TaskFilter.Node {
        var node = try parseAnd()
        while consume("|") { node = .or(node, try parseAnd()) }
        return node
    }

    private mutating func parseAnd() throws(FilterError) -> TaskFilter.Node {
        var node = try parseNot()
        while consume("&") { node = .and(node, try parseNot()) }
        return node
    }

    private mutating func parseNot() throws(FilterError) -> TaskFilter.Node {
        skipSpaces()
        let start = index
        if consume("!") {
            try enter(at: start)
            defer { depth -= 1 }
            return .not(try parseNot())
        }
        if consume("(") {
            try enter(at: start)
            defer { depth -= 1 }
            let inner = try parseOr()
            guard consume(")") else {
                throw FilterError(position: start + 1, message: "missing ')' to close the '(' here")
            }
            return inner
        }
        terms += 1
        guard terms <= FilterLimits.maxTerms else {
            throw FilterError(position: start + 1, message: "the filter has more than \(FilterLimits.maxTerms) terms")
        }
        return .term(try parseTerm())
    }

    private mutating func enter(at start: Int) throws(FilterError) {
        depth += 1
        guard depth <= FilterLimits.maxDepth else {
            throw FilterError(position: start + 1, message: "the filter nests '!' and '(' more than \(FilterLimits.maxDepth) deep")
        }
    }

    private mutating func parseTerm() throws(FilterError) -> TaskFilter.Term {
        skipSpaces()
        let start = index
        while index < characters.count, !"&|()".contains(characters[index]) { index += 1 }
        let text = String(characters[start..<index]).trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            let found = index < characters.count ? "'\(characters[index])'" : "the end"
            throw FilterError(position: start + 1, message: "expected a filter term such as today, p1 or #tag, found \(found)")
        }
        return try FilterTerms.read(text, position: start + 1)
    }

    private mutating func consume(_ character: Character) -> Bool {
        skipSpaces()
        guard index < characters.count, characters[index] == character else { return false }
        index += 1
        return true
    }

    private mutating func skipSpaces() {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
    }
}

/// The vocabulary of filter terms.
enum FilterTerms {
    static let keywords = [
        "today", "tomorrow", "yesterday", "overdue", "no date", "has date", "no tags", "no priority",
        "completed", "open", "recurring", "p1", "p2", "p3", "p4",
        "due before:", "due after:", "due on:", "priority:", "search:",
    ]

    static func read(_ text: String, position: Int) throws(FilterError) -> TaskFilter.Term {
        let lower = text.lowercased()
        let words = lower.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        switch words {
        case "today": return .dueOnDay(.daysFromToday(0))
        case "tomorrow": return .dueOnDay(.daysFromToday(1))
        case "yesterday": return .dueOnDay(.daysFromToday(-1))
        case "overdue": return .overdue
        case "no date", "no due date": return .noDate
        case "has date", "has due date": return .hasDate
        case "no tags", "no labels": return .noTags
        case "no priority": return .priority(.none)
        case "completed", "done": return .status(.completed)
        case "open": return .status(.open)
        case "recurring": return .recurring
        default: break
        }
        if let priority = Priority(pLevel: words) { return .priority(priority) }
        if words.hasPrefix("#") {
            let tag = String(words.dropFirst())
            guard !tag.isEmpty, !tag.contains(" ") else {
                throw FilterError(position: position, message: "'#' must be followed by a tag name without spaces")
            }
            return .tag(tag)
        }
        for (prefix, make) in [("due before:", TaskFilter.Term.dueBefore), ("due after:", TaskFilter.Term.dueAfter)] where words.hasPrefix(prefix) {
            return make(try when(String(words.dropFirst(prefix.count)), term: prefix, position: position, allowHours: true))
        }
        if words.hasPrefix("due on:") {
            return .dueOnDay(try when(String(words.dropFirst("due on:".count)), term: "due on:", position: position, allowHours: false))
        }
        if words.hasPrefix("priority:") {
            let name = words.dropFirst("priority:".count).trimmingCharacters(in: .whitespaces)
            guard let priority = Priority(flexible: name) else {
                throw FilterError(position: position, message: "'priority:' needs none, low, medium, high, urgent or p1–p4, not '\(name)'")
            }
            return .priority(priority)
        }
        if words.hasPrefix("search:") {
            let terms = SearchText.fold(String(words.dropFirst("search:".count))).split(whereSeparator: { $0.isWhitespace }).map(String.init)
            guard !terms.isEmpty else { throw FilterError(position: position, message: "'search:' needs at least one word") }
            return .search(terms)
        }
        var message = "unknown filter term '\(text)'"
        if let suggestion = suggestion(for: words) { message += "; did you mean '\(suggestion)'?" }
        throw FilterError(position: position, message: message)
    }

    /// `YYYY-MM-DD`, today, tomorrow, yesterday, `+N days`, `-N days`, `+N hours`, `-N hours`.
    static func when(_ raw: String, term: String, position: Int, allowHours: Bool) throws(FilterError) -> TaskFilter.When {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let help = "'\(term)' needs a date like 2026-12-01, today, tomorrow, +3 days\(allowHours ? " or +4 hours" : "")"
        switch text {
        case "today": return .daysFromToday(0)
        case "tomorrow": return .daysFromToday(1)
        case "yesterday": return .daysFromToday(-1)
        default: break
        }
        if let due = try? TaskDue(parsing: text), !due.hasTime { return .day(due.dayNumber) }
        let parts = text.split(separator: " ")
        if parts.count == 2, let amount = Int(parts[0].hasPrefix("+") ? parts[0].dropFirst() : parts[0]), amount.magnitude <= 100_000 {
            switch parts[1] {
            case "day", "days": return .daysFromToday(amount)
            case "week", "weeks": return .daysFromToday(amount * 7)
            case "hour", "hours":
                guard allowHours else { throw FilterError(position: position, message: "'\(term)' compares days; use 'due before:' or 'due after:' with hours") }
                return .hoursFromNow(amount)
            default: break
            }
        }
        throw FilterError(position: position, message: text.isEmpty ? help : "\(help), not '\(text)'")
    }

    /// The closest keyword within two edits, for "did you mean".
    static func suggestion(for text: String) -> String? {
        let candidates = keywords.map { ($0, distance(text, $0.hasSuffix(":") ? String($0.dropLast()) : $0)) }
        guard let best = candidates.min(by: { $0.1 < $1.1 }), best.1 <= 2 else { return nil }
        return best.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
