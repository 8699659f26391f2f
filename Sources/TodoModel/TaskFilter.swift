import Foundation

/// The filter language of `GET /tasks?filter=` (see docs/filters.md): terms such as `today`,
/// `overdue`, `p1`, `#work`, `due before: +3 days`, `search: rent`, combined with `&`, `|`,
/// `!` and parentheses (`!` binds tightest, then `&`, then `|`).
public struct TaskFilter: Sendable, CustomStringConvertible {
    indirect enum Node: Sendable, Equatable {
        case everything
        case term(Term)
        case not(Node)
        case and(Node, Node)
        case or(Node, Node)
    }

    enum When: Sendable, Equatable {
        case day(Int)
        case daysFromToday(Int)
        case hoursFromNow(Int)
    }

    enum Term: Sendable, Equatable {
        case dueOnDay(When)
        case overdue, noDate, hasDate
        case dueBefore(When), dueAfter(When)
        case priority(Priority)
        case tag(String)
        case noTags
        case status(TaskStatus)
        case recurring
        case search([String])
    }

    let root: Node
    public let source: String

    public init(parsing text: String) throws(FilterError) {
        source = text
        var parser = FilterParser(text)
        root = try parser.parseAll()
    }

    public func matches(_ task: TaskSummary, in context: FilterContext) -> Bool {
        Self.evaluate(root, task, context, nil)
    }

    /// The same, with the task's `SearchText.of(task)` computed beforehand (an index keeps it).
    public func matches(_ task: TaskSummary, searchText: String, in context: FilterContext) -> Bool {
        Self.evaluate(root, task, context, searchText)
    }

    /// Whether the filter has no term at all (everything matches).
    public var isEverything: Bool { root == .everything }

    public var description: String { Self.render(root) }

    // MARK: Evaluation

    static func evaluate(_ node: Node, _ task: TaskSummary, _ context: FilterContext, _ searchText: String?) -> Bool {
        switch node {
        case .everything: return true
        case .term(let term): return evaluate(term, task, context, searchText)
        case .not(let inner): return !evaluate(inner, task, context, searchText)
        case .and(let left, let right): return evaluate(left, task, context, searchText) && evaluate(right, task, context, searchText)
        case .or(let left, let right): return evaluate(left, task, context, searchText) || evaluate(right, task, context, searchText)
        }
    }

    static func evaluate(_ term: Term, _ task: TaskSummary, _ context: FilterContext, _ searchText: String?) -> Bool {
        switch term {
        case .dueOnDay(let when):
            guard let dueDay = task.dueDay else { return false }
            switch when {
            case .day(let day): return dueDay == day
            case .daysFromToday(let offset): return dueDay == context.today + offset
            case .hoursFromNow: return false
            }
        case .overdue:
            guard task.status == .open, let dueDay = task.dueDay else { return false }
            if task.dueHasTime, let dueAt = task.dueAt { return dueAt < context.now }
            return dueDay < context.today
        case .noDate: return task.dueDay == nil
        case .hasDate: return task.dueDay != nil
        case .dueBefore(let when): return compare(task, when, context) { $0 < $1 }
        case .dueAfter(let when): return compare(task, when, context) { $0 > $1 }
        case .priority(let priority): return task.priority == priority
        case .tag(let tag): return task.tags.contains(tag)
        case .noTags: return task.tags.isEmpty
        case .status(let status): return task.status == status
        case .recurring: return task.recurring
        case .search(let words):
            let haystack = searchText ?? SearchText.of(task)
            return words.allSatisfy { SearchText.contains(haystack, $0) }
        }
    }

    /// Day-based comparisons use the due day; hour-based ones the due instant.
    private static func compare(_ task: TaskSummary, _ when: When, _ context: FilterContext, _ op: (Double, Double) -> Bool) -> Bool {
        switch when {
        case .day(let day):
            guard let dueDay = task.dueDay else { return false }
            return op(Double(dueDay), Double(day))
        case .daysFromToday(let offset):
            guard let dueDay = task.dueDay else { return false }
            return op(Double(dueDay), Double(context.today + offset))
        case .hoursFromNow(let hours):
            guard let dueAt = task.dueAt else { return false }
            return op(dueAt, context.now + Double(hours) * 3_600)
        }
    }

    // MARK: Rendering

    static func render(_ node: Node) -> String {
        switch node {
        case .everything: return ""
        case .term(let term): return render(term)
        case .not(let inner): return "!" + group(inner)
        case .and(let left, let right): return "\(groupOr(left)) & \(groupOr(right))"
        case .or(let left, let right): return "\(render(left)) | \(render(right))"
        }
    }

    private static func group(_ node: Node) -> String {
        if case .term = node { return render(node) }
        if case .not = node { return render(node) }
        return "(\(render(node)))"
    }

    private static func groupOr(_ node: Node) -> String {
        if case .or = node { return "(\(render(node)))" }
        return render(node)
    }

    static func render(_ when: When) -> String {
        switch when {
        case .day(let day):
            let date = CivilTime.date(days: day)
            return String(format: "%04d-%02d-%02d", date.year, date.month, date.day)
        case .daysFromToday(0): return "today"
        case .daysFromToday(1): return "tomorrow"
        case .daysFromToday(-1): return "yesterday"
        case .daysFromToday(let days): return days > 0 ? "+\(days) days" : "\(days) days"
        case .hoursFromNow(let hours): return hours >= 0 ? "+\(hours) hours" : "\(hours) hours"
        }
    }

    static func render(_ term: Term) -> String {
        switch term {
        case .dueOnDay(.daysFromToday(0)): return "today"
        case .dueOnDay(.daysFromToday(1)): return "tomorrow"
        case .dueOnDay(.daysFromToday(-1)): return "yesterday"
        case .dueOnDay(let when): return "due on: \(render(when))"
        case .overdue: return "overdue"
        case .noDate: return "no date"
        case .hasDate: return "has date"
        case .dueBefore(let when): return "due before: \(render(when))"
        case .dueAfter(let when): return "due after: \(render(when))"
        case .priority(let priority): return priority == .none ? "no priority" : "priority: \(priority.rawValue)"
        case .tag(let tag): return "#\(tag)"
        case .noTags: return "no tags"
        case .status(let status): return status.rawValue
        case .recurring: return "recurring"
        case .search(let words): return "search: \(words.joined(separator: " "))"
        }
    }
}

/// A filter that could not be read: where, and why.
public struct FilterError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based character position in the filter text.
    public var position: Int
    public var message: String

    public var description: String { "\(message) (at character \(position) of the filter)" }
}

/// Case- and diacritic-insensitive text for `search:`.
public enum SearchText {
    public static func fold(_ text: String) -> String {
        // Most text is ASCII: lowercasing its bytes is the whole fold, and it is a hundred
        // times cheaper than Foundation's folding, which a search over ten thousand tasks
        // would otherwise pay per task.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        return text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    /// What `search:` looks in: title, notes and tags, folded.
    public static func of(_ task: TaskSummary) -> String {
        fold(task.title + "\n" + task.notes + "\n" + task.tags.joined(separator: " "))
    }

    /// Whether folded `word` occurs in folded `text`, comparing UTF-8 bytes.
    public static func contains(_ text: String, _ word: String) -> Bool {
        let needle = Array(word.utf8)
        guard !needle.isEmpty else { return true }
        var haystack = text
        return haystack.withUTF8 { bytes in
            guard bytes.count >= needle.count else { return false }
            let first = needle[0]
            var index = 0
            let last = bytes.count - needle.count
            while index <= last {
                if bytes[index] == first {
                    var offset = 1
                    while offset < needle.count, bytes[index + offset] == needle[offset] { offset += 1 }
                    if offset == needle.count { return true }
                }
                index += 1
            }
            return false
        }
    }
}
