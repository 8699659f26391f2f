import Foundation

/// Limits and normalisation of task fields, applied on create and update alike.
public enum TaskFields {
    public static let maxTitle = 500
    public static let maxNotes = 10_000
    public static let maxTags = 30
    public static let maxTagLength = 64
    public static let maxReminders = 20

    public static func title(_ raw: String) throws(TaskValidationError) -> String {
        let title = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw .invalid(field: "title", "must not be empty") }
        guard title.count <= maxTitle else { throw .invalid(field: "title", "is \(title.count) characters; the limit is \(maxTitle)") }
        return title
    }

    public static func notes(_ raw: String) throws(TaskValidationError) -> String {
        guard raw.count <= maxNotes else { throw .invalid(field: "notes", "is \(raw.count) characters; the limit is \(maxNotes)") }
        return raw
    }

    /// Trimmed, lowercased, a leading `#` dropped, duplicates removed (first wins).
    public static func tags(_ raw: [String]) throws(TaskValidationError) -> [String] {
        var seen = Set<String>()
        var tags: [String] = []
        for tag in raw {
            var normalized = tag.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if normalized.hasPrefix("#") { normalized.removeFirst() }
            guard !normalized.isEmpty else { throw .invalid(field: "tags", "a tag must not be empty") }
            guard normalized.count <= maxTagLength else { throw .invalid(field: "tags", "tag '\(normalized.prefix(20))…' is \(normalized.count) characters; the limit is \(maxTagLength)") }
            guard !normalized.contains(where: { $0.isWhitespace }) else { throw .invalid(field: "tags", "tag '\(normalized)' contains white space") }
            if seen.insert(normalized).inserted { tags.append(normalized) }
        }
        guard tags.count <= maxTags else { throw .invalid(field: "tags", "\(tags.count) tags; the limit is \(maxTags)") }
        return tags
    }

    public static func timeZone(_ raw: String?) throws(TaskValidationError) -> String? {
        guard let raw else { return nil }
        guard TimeZone(identifier: raw) != nil, raw.contains("/") || raw == "UTC" else {
            throw .invalid(field: "timeZone", "'\(raw)' is not an IANA time zone such as Europe/Berlin or UTC")
        }
        return raw
    }

    public static func reminders(_ raw: [TaskReminder]) throws(TaskValidationError) -> [TaskReminder] {
        guard raw.count <= maxReminders else { throw .invalid(field: "reminders", "\(raw.count) reminders; the limit is \(maxReminders)") }
        for reminder in raw {
            switch (reminder.at, reminder.minutesBefore) {
            case (.some(let at), nil):
                guard instants.contains(at) else {
                    throw .invalid(field: "reminders", "at \(describe(at)) is outside the years \(years.lowerBound) to \(years.upperBound)")
                }
            case (nil, .some(let minutes)):
                guard (0...525_600).contains(minutes) else {
                    throw .invalid(field: "reminders", "minutesBefore must be between 0 and 525600 (a year), not \(minutes)")
                }
            default:
                throw .invalid(field: "reminders", "each reminder has either 'at' (an instant) or 'minutesBefore' (relative to due), not both")
            }
        }
        return raw
    }
}
