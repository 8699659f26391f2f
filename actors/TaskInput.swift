import Foundation
import TodoModel

/// The fields of a new task, before validation.
public struct TaskDraft: Codable, Sendable, Equatable {
    public var title: String
    public var notes: String?
    public var priority: Priority?
    public var tags: [String]?
    public var due: TaskDue?
    public var timeZone: String?
    public var reminders: [TaskReminder]?
    public var recurrence: TaskRecurrence?

    public init(title: String, notes: String? = nil, priority: Priority? = nil, tags: [String]? = nil, due: TaskDue? = nil, timeZone: String? = nil, reminders: [TaskReminder]? = nil, recurrence: TaskRecurrence? = nil) {
        self.title = title
        self.notes = notes
        self.priority = priority
        self.tags = tags
        self.due = due
        self.timeZone = timeZone
        self.reminders = reminders
        self.recurrence = recurrence
    }
}

/// A field of a partial update: left alone, cleared, or set.
public enum FieldChange<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    case keep
    case clear
    case set(Value)

    public var isKeep: Bool { self == .keep }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self = container.decodeNil() ? .clear : .set(try container.decode(Value.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .keep, .clear: try container.encodeNil()
        case .set(let value): try container.encode(value)
        }
    }

    func apply(to value: inout Value?) {
        switch self {
        case .keep: break
        case .clear: value = nil
        case .set(let new): value = new
        }
    }
}

/// A field-preserving partial update: absent fields stay as they are, `null` clears a
/// clearable field.
public struct TaskPatch: Codable, Sendable, Equatable {
    public var title: String?
    public var notes: String?
    public var priority: Priority?
    public var tags: [String]?
    public var due: FieldChange<TaskDue>
    public var timeZone: FieldChange<String>
    public var reminders: [TaskReminder]?
    public var recurrence: FieldChange<TaskRecurrence>

    public init(title: String? = nil, notes: String? = nil, priority: Priority? = nil, tags: [String]? = nil, due: FieldChange<TaskDue> = .keep, timeZone: FieldChange<String> = .keep, reminders: [TaskReminder]? = nil, recurrence: FieldChange<TaskRecurrence> = .keep) {
        self.title = title
        self.notes = notes
        self.priority = priority
        self.tags = tags
        self.due = due
        self.timeZone = timeZone
        self.reminders = reminders
        self.recurrence = recurrence
    }

    private enum CodingKeys: String, CodingKey {
        case title, notes, priority, tags, due, timeZone, reminders, recurrence
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        notes = try container.decodeIfPresent(String.self, forKey: .notes)
        priority = try container.decodeIfPresent(Priority.self, forKey: .priority)
        tags = try container.decodeIfPresent([String].self, forKey: .tags)
        // `decodeIfPresent` would read null as absent: null means clear here.
        due = container.contains(.due) ? try container.decode(FieldChange<TaskDue>.self, forKey: .due) : .keep
        timeZone = container.contains(.timeZone) ? try container.decode(FieldChange<String>.self, forKey: .timeZone) : .keep
        reminders = try container.decodeIfPresent([TaskReminder].self, forKey: .reminders)
        recurrence = container.contains(.recurrence) ? try container.decode(FieldChange<TaskRecurrence>.self, forKey: .recurrence) : .keep
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(title, forKey: .title)
        try container.encodeIfPresent(notes, forKey: .notes)
        try container.encodeIfPresent(priority, forKey: .priority)
        try container.encodeIfPresent(tags, forKey: .tags)
        if !due.isKeep { try container.encode(due, forKey: .due) }
        if !timeZone.isKeep { try container.encode(timeZone, forKey: .timeZone) }
        try container.encodeIfPresent(reminders, forKey: .reminders)
        if !recurrence.isKeep { try container.encode(recurrence, forKey: .recurrence) }
    }

    public var isEmpty: Bool { self == TaskPatch() }
}
