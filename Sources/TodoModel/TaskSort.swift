import Foundation

/// The order of a task list: `due`, `-priority`, `due:asc,priority:desc`, … over due,
/// priority, created, updated and title. Ties always end with the task id, so the order is
/// total and pages never repeat or skip. Tasks without a due date come after dated ones when
/// sorting by due ascending, and before them descending.
public struct TaskSort: Sendable, Equatable, CustomStringConvertible {
    public enum Key: String, Sendable, CaseIterable {
        case due, priority, created, updated, title
    }

    public struct Part: Sendable, Equatable {
        public var key: Key
        public var descending: Bool
    }

    public let parts: [Part]

    public static let standard = TaskSort(parts: [Part(key: .due, descending: false), Part(key: .priority, descending: true), Part(key: .created, descending: false)])

    init(parts: [Part]) {
        self.parts = parts
    }

    public init(parsing text: String) throws(FilterError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            self = .standard
            return
        }
        var parts: [Part] = []
        var position = 1
        for item in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            defer { position += item.count + 1 }
            var text = item.trimmingCharacters(in: .whitespaces).lowercased()
            var descending = false
            if text.hasPrefix("-") {
                descending = true
                text.removeFirst()
            } else if text.hasPrefix("+") {
                text.removeFirst()
            }
            let pieces = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard let name = pieces.first, let key = Key(rawValue: name) else {
                throw FilterError(position: position, message: "unknown sort key '\(item)'; use due, priority, created, updated or title, optionally with :asc or :desc")
            }
            if pieces.count == 2 {
                switch pieces[1] {
                case "asc": descending = false
                case "desc": descending = true
                default: throw FilterError(position: position, message: "sort direction must be asc or desc, not '\(pieces[1])'")
                }
            }
            guard !parts.contains(where: { $0.key == key }) else {
                throw FilterError(position: position, message: "sort key '\(key.rawValue)' is given twice")
            }
            parts.append(Part(key: key, descending: descending))
        }
        self.parts = parts
    }

    public var description: String {
        parts.map { "\($0.key.rawValue):\($0.descending ? "desc" : "asc")" }.joined(separator: ",")
    }

    /// True when `a` comes before `b`.
    public func ordered(_ a: TaskSummary, _ b: TaskSummary) -> Bool {
        for part in parts {
            let order = Self.compare(a, b, part.key)
            if order != 0 { return part.descending ? order > 0 : order < 0 }
        }
        return a.id < b.id
    }

    /// -1, 0 or 1, ascending; missing due dates compare as the largest.
    static func compare(_ a: TaskSummary, _ b: TaskSummary, _ key: Key) -> Int {
        func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x > y ? 1 : 0) }
        switch key {
        case .due:
            switch (a.dueAt, b.dueAt) {
            case (nil, nil): return 0
            case (nil, _): return 1
            case (_, nil): return -1
            case (let x?, let y?): return sign(x, y)
            }
        case .priority: return sign(a.priority.rank, b.priority.rank)
        case .created: return sign(a.createdAt, b.createdAt)
        case .updated: return sign(a.updatedAt, b.updatedAt)
        case .title:
            let x = a.title.lowercased(), y = b.title.lowercased()
            return x == y ? 0 : (x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) ? -1 : 1)
        }
    }
}

/// Where a page ended: the sort values of its last task and the task's id, plus a
/// fingerprint of the filter and sort it belongs to. Opaque to clients (base64url JSON).
public struct TaskCursor: Sendable, Equatable, Codable {
    var id: String
    var dueAt: Double?
    var priority: Int
    var createdAt: Double
    var updatedAt: Double
    var title: String
    var fingerprint: String

    init(after task: TaskSummary, fingerprint: String) {
        id = task.id
        dueAt = task.dueAt
        priority = task.priority.rank
        createdAt = task.createdAt
        updatedAt = task.updatedAt
        title = task.title
        self.fingerprint = fingerprint
    }

    public init(encoded text: String) throws(FilterError) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let cursor = try? JSONDecoder().decode(TaskCursor.self, from: data) else {
            throw FilterError(position: 1, message: "the cursor is not one this API issued")
        }
        self = cursor
    }

    public var encoded: String {
        let data = (try? JSONEncoder().encode(self)) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A summary standing where the cursor is, for comparisons.
    var position: TaskSummary {
        TaskSummary(id: id, title: title, priority: Priority.allCases.first { $0.rank == priority } ?? .none, dueAt: dueAt, createdAt: createdAt, updatedAt: updatedAt)
    }

    static func fingerprint(filter: TaskFilter, sort: TaskSort) -> String {
        String(StableFingerprint.fnv1a(filter.description + "\u{1}" + sort.description), radix: 36)
    }
}

enum StableFingerprint {
    static func fnv1a(_ string: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in string.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}

/// One page of the filtered, sorted tasks after `cursor` (keyset pagination). `searchTexts`,
/// when given, holds `SearchText.of` each task (an index keeps them, so `search:` does not
/// fold every task's text on every query).
public func page(_ tasks: [TaskSummary], searchTexts: [String]? = nil, filter: TaskFilter, sort: TaskSort, context: FilterContext, limit: Int, after cursor: TaskCursor?) throws(FilterError) -> (items: [TaskSummary], next: TaskCursor?) {
    let limit = max(1, min(limit, 500))
    let fingerprint = TaskCursor.fingerprint(filter: filter, sort: sort)
    let position = try cursor.map { cursor throws(FilterError) -> TaskSummary in
        guard cursor.fingerprint == fingerprint else {
            throw FilterError(position: 1, message: "the cursor belongs to another filter or sort; start again without it")
        }
        return cursor.position
    }
    // Work on positions in `tasks`: copying ten thousand summaries costs more than the filter.
    var matching: [Int] = []
    matching.reserveCapacity(tasks.count)
    for index in tasks.indices {
        let hit = searchTexts.map { filter.matches(tasks[index], searchText: $0[index], in: context) } ?? filter.matches(tasks[index], in: context)
        if hit, position.map({ sort.ordered($0, tasks[index]) }) ?? true { matching.append(index) }
    }
    // Only the first `limit + 1` in order are needed: a partial selection, not a full sort.
    let items = smallest(limit + 1, of: matching) { sort.ordered(tasks[$0], tasks[$1]) }.map { tasks[$0] }
    let pageItems = Array(items.prefix(limit))
    let next = items.count > limit ? pageItems.last.map { TaskCursor(after: $0, fingerprint: fingerprint) } : nil
    return (pageItems, next)
}

/// The `count` first elements in order, in O(n log count).
func smallest<T>(_ count: Int, of items: [T], by ordered: (T, T) -> Bool) -> [T] {
    guard items.count > count * 4 else { return Array(items.sorted(by: ordered).prefix(count)) }
    // Keep a sorted buffer of the best `count`; most elements fail the first comparison.
    var best: [T] = []
    best.reserveCapacity(count + 1)
    for item in items {
        if best.count == count, let last = best.last, !ordered(item, last) { continue }
        var low = 0, high = best.count
        while low < high {
            let middle = (low + high) / 2
            if ordered(best[middle], item) { low = middle + 1 } else { high = middle }
        }
        best.insert(item, at: low)
        if best.count > count { best.removeLast() }
    }
    return best
}
