import Foundation

/// What a user's task index keeps of each task: enough to answer list, search, filter and
/// sort without calling every TaskActor. Date fields are resolved to numbers when the task is
/// indexed, so a filter over ten thousand tasks does no calendar arithmetic.
public struct TaskSummary: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    /// The notes, for `search:` (kept whole; notes are at most 10,000 characters).
    public var notes: String
    public var status: TaskStatus
    public var priority: Priority
    /// Normalised tags: trimmed, lowercased, unique, in the order given.
    public var tags: [String]
    /// The due as the task resource has it: a date, or a wall-clock date-time in `timeZone`
    /// (else the user's zone). The list API answers this; `dueDay` and `dueAt` are resolved
    /// from it for filtering and sorting. Index entries written before it existed get it from
    /// the entry (`UserActor.resolve`).
    public var due: TaskDue?
    /// The task's own time zone, when it has one (as on the task resource).
    public var timeZone: String?
    /// The due date as days since 1970-01-01 in the user's time zone (nil: no due date).
    public var dueDay: Int?
    /// The due instant, seconds since 1970 (date-only tasks: the start of their day in the
    /// user's time zone). Sorting by due uses it.
    public var dueAt: Double?
    /// Whether the due has a time of day (date-only tasks are overdue only after their day).
    public var dueHasTime: Bool
    public var recurring: Bool
    public var createdAt: Double
    public var updatedAt: Double
    public var completedAt: Double?
    public var version: Int

    public init(
        id: String, title: String, notes: String = "", status: TaskStatus = .open, priority: Priority = .none,
        tags: [String] = [], due: TaskDue? = nil, timeZone: String? = nil, dueDay: Int? = nil, dueAt: Double? = nil, dueHasTime: Bool = false, recurring: Bool = false,
        createdAt: Double, updatedAt: Double, completedAt: Double? = nil, version: Int = 1
    ) {
        self.id = id
        self.title = title
        self.notes = notes
        self.status = status
        self.priority = priority
        self.tags = tags
        self.due = due
        self.timeZone = timeZone
        self.dueDay = dueDay
        self.dueAt = dueAt
        self.dueHasTime = dueHasTime
        self.recurring = recurring
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.completedAt = completedAt
        self.version = version
    }
}

/// Where "now" is for evaluating a filter: the instant, and today's date in the user's zone.
public struct FilterContext: Sendable {
    /// Seconds since 1970.
    public var now: Double
    /// Today as days since 1970-01-01 in the user's time zone.
    public var today: Int
    /// The user's UTC offset now, in seconds (turns a calendar date into an instant).
    public var utcOffset: Int

    public init(now: Double, today: Int, utcOffset: Int) {
        self.now = now
        self.today = today
        self.utcOffset = utcOffset
    }

    public init(now: Date, timeZone: TimeZone) {
        let offset = timeZone.secondsFromGMT(for: now)
        self.now = now.timeIntervalSince1970
        self.utcOffset = offset
        self.today = Int(((now.timeIntervalSince1970 + Double(offset)) / 86_400).rounded(.down))
    }
}
