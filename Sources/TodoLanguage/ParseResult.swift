import TodoModel

/// What a message asks for.
public enum Intent: String, Codable, Sendable, CaseIterable {
    case add, update, complete, reopen, delete, list, undo, help, unknown
}

/// The structured reading of one message: the value `todo parse --json` prints. Keys that do
/// not apply to the intent are left out (nil); `clarification` is present only when the
/// engine asks back instead of guessing.
public struct ParseResult: Codable, Sendable, Equatable {
    /// The language the message is written in: `en`, `ur` (Urdu in Arabic script) or
    /// `ur-Latn` (Roman Urdu); see `MessageLanguage`. Set by `LanguageEngine.parse`.
    public var language: String?
    public var intent: Intent
    /// add: the tasks to create (several when one message names several tasks).
    public var tasks: [ParsedTask]?
    /// update, complete, reopen, delete: the words that identify the task, as the user wrote
    /// them (articles and "task" dropped). Nil when the message names none ("mark it done").
    public var target: String?
    /// update: what to change.
    public var changes: TaskChanges?
    /// list: a filter in the API's filter language (`TaskFilter`); complete, reopen, delete and
    /// update over several tasks ("delete all completed tasks", "push everything due today to
    /// tomorrow") carry one instead of a target.
    public var filter: String?
    /// list: a sort in the API's sort syntax (`TaskSort`), when the question asks for an order.
    public var sort: String?
    /// A question to ask the user instead of guessing.
    public var clarification: String?

    public init(intent: Intent, tasks: [ParsedTask]? = nil, target: String? = nil, changes: TaskChanges? = nil,
                filter: String? = nil, sort: String? = nil, clarification: String? = nil, language: String? = nil) {
        self.language = language
        self.intent = intent
        self.tasks = tasks
        self.target = target
        self.changes = changes
        self.filter = filter
        self.sort = sort
        self.clarification = clarification
    }
}

/// A task to create. Every key is always present in JSON (null when unset), so consumers can
/// rely on the shape.
public struct ParsedTask: Codable, Sendable, Equatable {
    public var title: String
    /// The due date (date-only) or date-time with its UTC offset; for a repeating task, the
    /// first occurrence.
    public var due: DateValue?
    /// The IANA zone the message named ("9am Tokyo time"); nil means the user's zone.
    public var timeZone: String?
    public var priority: Priority
    public var tags: [String]
    /// RFC 5545 RRULE without DTSTART (the due is the first occurrence).
    public var rrule: String?
    public var anchor: TaskRecurrence.Anchor
    /// Absolute reminder instants for the first occurrence, in the task's zone.
    public var reminders: [DateValue]

    public init(title: String, due: DateValue? = nil, timeZone: String? = nil, priority: Priority = .none, tags: [String] = [],
                rrule: String? = nil, anchor: TaskRecurrence.Anchor = .schedule, reminders: [DateValue] = []) {
        self.title = title
        self.due = due
        self.timeZone = timeZone
        self.priority = priority
        self.tags = tags
        self.rrule = rrule
        self.anchor = anchor
        self.reminders = reminders
    }

    enum CodingKeys: String, CodingKey {
        case title, due, timeZone, priority, tags, rrule, anchor, reminders
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decode(String.self, forKey: .title)
        due = try container.decodeIfPresent(DateValue.self, forKey: .due)
        timeZone = try container.decodeIfPresent(String.self, forKey: .timeZone)
        priority = try container.decodeIfPresent(Priority.self, forKey: .priority) ?? .none
        tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
        rrule = try container.decodeIfPresent(String.self, forKey: .rrule)
        anchor = try container.decodeIfPresent(TaskRecurrence.Anchor.self, forKey: .anchor) ?? .schedule
        reminders = try container.decodeIfPresent([DateValue].self, forKey: .reminders) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        try container.encode(due, forKey: .due)
        try container.encode(timeZone, forKey: .timeZone)
        try container.encode(priority, forKey: .priority)
        try container.encode(tags, forKey: .tags)
        try container.encode(rrule, forKey: .rrule)
        try container.encode(anchor, forKey: .anchor)
        try container.encode(reminders, forKey: .reminders)
    }
}

/// The changes of an update. Only what the message changes is set.
public struct TaskChanges: Codable, Sendable, Equatable {
    public var title: String?
    /// A new due. A date-only due on a task that has a time of day keeps that time.
    public var due: DateValue?
    /// A new time of day ("HH:MM") on the task's current due date ("move laundry to 6pm").
    public var time: String?
    public var timeZone: String?
    /// Move the due by an ISO 8601 duration ("push it by two days" → `P2D`).
    public var shift: String?
    public var priority: Priority?
    public var addTags: [String]?
    public var removeTags: [String]?
    public var rrule: String?
    public var anchor: TaskRecurrence.Anchor?
    /// Reminders relative to the due, as ISO 8601 durations before it ("PT30M").
    public var remindBefore: [String]?
    /// Fields to clear: "due", "recurrence", "reminders", "tags", "priority".
    public var clear: [String]?

    public init(title: String? = nil, due: DateValue? = nil, time: String? = nil, timeZone: String? = nil, shift: String? = nil,
                priority: Priority? = nil, addTags: [String]? = nil, removeTags: [String]? = nil, rrule: String? = nil,
                anchor: TaskRecurrence.Anchor? = nil, remindBefore: [String]? = nil, clear: [String]? = nil) {
        self.title = title
        self.due = due
        self.time = time
        self.timeZone = timeZone
        self.shift = shift
        self.priority = priority
        self.addTags = addTags
        self.removeTags = removeTags
        self.rrule = rrule
        self.anchor = anchor
        self.remindBefore = remindBefore
        self.clear = clear
    }

    public var isEmpty: Bool { self == TaskChanges() }
}
