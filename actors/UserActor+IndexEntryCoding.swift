import ActorRuntime
import Foundation
import TodoModel

/// How an index entry is kept in the user's state: the summary's instants as RFC 3339
/// date-times and its due day as a `full-date`, like every other date in actor state, while
/// in memory (filters, sorting, the `task-updates` payload) they stay the numbers
/// `TaskSummary` computes with. Entries saved by earlier builds — seconds since 1970 and a
/// day number — still read.
extension UserActor.IndexEntry: Codable {
    private enum CodingKeys: String, CodingKey {
        case summary, due, timeZone
    }

    private enum SummaryKeys: String, CodingKey, CaseIterable {
        case id, title, notes, status, priority, tags, dueDay, dueAt, dueHasTime, recurring, createdAt, updatedAt, completedAt, version
    }

    /// The summary's fields by their coding names: a field `TaskSummary` gains must be
    /// added here too (a test compares this list with the type's properties). `due` and
    /// `timeZone` are kept once, beside the summary (entries had them there before the
    /// summary carried them).
    static let storedSummaryFields = SummaryKeys.allCases.map(\.stringValue) + [CodingKeys.due.stringValue, CodingKeys.timeZone.stringValue]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        due = try container.decodeIfPresent(TaskDue.self, forKey: .due)
        timeZone = try container.decodeIfPresent(String.self, forKey: .timeZone)
        let fields = try container.nestedContainer(keyedBy: SummaryKeys.self, forKey: .summary)
        summary = TaskSummary(
            id: try fields.decode(String.self, forKey: .id),
            title: try fields.decode(String.self, forKey: .title),
            notes: try fields.decode(String.self, forKey: .notes),
            status: try fields.decode(TaskStatus.self, forKey: .status),
            priority: try fields.decode(Priority.self, forKey: .priority),
            tags: try fields.decode([String].self, forKey: .tags),
            dueDay: try Self.day(fields, .dueDay),
            dueAt: try Self.instant(fields, .dueAt),
            dueHasTime: try fields.decode(Bool.self, forKey: .dueHasTime),
            recurring: try fields.decode(Bool.self, forKey: .recurring),
            createdAt: try Self.requiredInstant(fields, .createdAt),
            updatedAt: try Self.requiredInstant(fields, .updatedAt),
            completedAt: try Self.instant(fields, .completedAt),
            version: try fields.decode(Int.self, forKey: .version)
        )
        summary.due = due
        summary.timeZone = timeZone
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(due, forKey: .due)
        try container.encodeIfPresent(timeZone, forKey: .timeZone)
        var fields = container.nestedContainer(keyedBy: SummaryKeys.self, forKey: .summary)
        let path = fields.codingPath
        try fields.encode(summary.id, forKey: .id)
        try fields.encode(summary.title, forKey: .title)
        try fields.encode(summary.notes, forKey: .notes)
        try fields.encode(summary.status, forKey: .status)
        try fields.encode(summary.priority, forKey: .priority)
        try fields.encode(summary.tags, forKey: .tags)
        try fields.encodeIfPresent(try summary.dueDay.map { try Self.dayText($0, path, .dueDay) }, forKey: .dueDay)
        try fields.encodeIfPresent(try summary.dueAt.map { try Self.instantText($0, path, .dueAt) }, forKey: .dueAt)
        try fields.encode(summary.dueHasTime, forKey: .dueHasTime)
        try fields.encode(summary.recurring, forKey: .recurring)
        try fields.encode(try Self.instantText(summary.createdAt, path, .createdAt), forKey: .createdAt)
        try fields.encode(try Self.instantText(summary.updatedAt, path, .updatedAt), forKey: .updatedAt)
        try fields.encodeIfPresent(try summary.completedAt.map { try Self.instantText($0, path, .completedAt) }, forKey: .completedAt)
        try fields.encode(summary.version, forKey: .version)
    }

    /// RFC 3339 text, or (saved by an earlier build) seconds since 1970.
    private static func instant(_ fields: KeyedDecodingContainer<SummaryKeys>, _ key: SummaryKeys) throws -> Double? {
        try textOrNumber(fields, key, form: "date-time", parse: StateCoding.unixSeconds)
    }

    private static func requiredInstant(_ fields: KeyedDecodingContainer<SummaryKeys>, _ key: SummaryKeys) throws -> Double {
        guard let seconds = try instant(fields, key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: fields.codingPath, debugDescription: "no \(key.stringValue)"))
        }
        return seconds
    }

    /// A `full-date`, or (saved by an earlier build) days since 1970-01-01.
    private static func day(_ fields: KeyedDecodingContainer<SummaryKeys>, _ key: SummaryKeys) throws -> Int? {
        try textOrNumber(fields, key, form: "full-date", parse: StateCoding.days)
    }

    private static func textOrNumber<Number: Decodable>(_ fields: KeyedDecodingContainer<SummaryKeys>, _ key: SummaryKeys, form: String, parse: (String) -> Number?) throws -> Number? {
        guard fields.contains(key), try !fields.decodeNil(forKey: key) else { return nil }
        if let number = try? fields.decode(Number.self, forKey: key) { return number }
        let text = try fields.decode(String.self, forKey: key)
        guard let value = parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: fields, debugDescription: "not an RFC 3339 \(form): \(text)")
        }
        return value
    }

    private static func instantText(_ seconds: Double, _ path: [any CodingKey], _ key: SummaryKeys) throws -> String {
        try text(seconds, path, key, format: StateCoding.unixText)
    }

    private static func dayText(_ days: Int, _ path: [any CodingKey], _ key: SummaryKeys) throws -> String {
        try text(days, path, key, format: StateCoding.dayText)
    }

    private static func text<Number>(_ value: Number, _ path: [any CodingKey], _ key: SummaryKeys, format: (Number) -> String?) throws -> String {
        guard let text = format(value) else {
            throw EncodingError.invalidValue(value, .init(codingPath: path + [key], debugDescription: "\(value) is outside the years RFC 3339 can write"))
        }
        return text
    }
}
