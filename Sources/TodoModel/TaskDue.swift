import Foundation

/// When a task is due: a calendar date, or a date with a wall-clock time. Which instant that
/// is depends on the task's time zone, or — for floating tasks, which have none — on the
/// user's current zone. JSON: `"2026-12-01"` or `"2026-12-01T09:00:00"`.
public struct TaskDue: Sendable, Hashable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    /// Seconds after midnight; nil for a date-only due.
    public var secondOfDay: Int?

    public init(year: Int, month: Int, day: Int, secondOfDay: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
        self.secondOfDay = secondOfDay
    }

    public var hasTime: Bool { secondOfDay != nil }
    public var dayNumber: Int { CivilTime.days(year: year, month: month, day: day) }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS` (wall-clock, no offset).
    public init(parsing text: String) throws(TaskValidationError) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        let shape = "a date YYYY-MM-DD or a local date-time YYYY-MM-DDTHH:MM[:SS]"
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else {
            throw .invalid(field: "due", "'\(text)' is not \(shape)")
        }
        guard (1...12).contains(month), (1...CivilTime.daysInMonth(year: year, month: month)).contains(day) else {
            throw .invalid(field: "due", "'\(text)' is not a calendar date")
        }
        self.init(year: year, month: month, day: day)
        if bytes.count == 10 { return }
        guard bytes.count == 16 || bytes.count == 19, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "), bytes[13] == UInt8(ascii: ":"),
              let hour = number(11..<13), let minute = number(14..<16) else {
            throw .invalid(field: "due", "'\(text)' is not \(shape) (an instant with an offset is also accepted)")
        }
        var second = 0
        if bytes.count == 19 {
            guard bytes[16] == UInt8(ascii: ":"), let parsed = number(17..<19) else {
                throw .invalid(field: "due", "'\(text)' is not \(shape)")
            }
            second = parsed
        }
        guard hour < 24, minute < 60, second < 60 else {
            throw .invalid(field: "due", "'\(text)' has an impossible time of day")
        }
        secondOfDay = hour * 3_600 + minute * 60 + second
    }

    /// The wall-clock time of `instant` in `zone`.
    public init(instant: Date, in zone: TimeZone) {
        let local = Int(instant.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: instant)
        let days = Int((Double(local) / 86_400).rounded(.down))
        let date = CivilTime.date(days: days)
        self.init(year: date.year, month: date.month, day: date.day, secondOfDay: local - days * 86_400)
    }

    /// The due instant in `zone` (a date-only due: the start of its day).
    public func instant(in zone: TimeZone) -> Int {
        CivilTime.instant(localSeconds: dayNumber * 86_400 + (secondOfDay ?? 0), in: zone)
    }

    public var description: String {
        let date = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        guard let secondOfDay else { return date }
        return "\(date)T\(pad(secondOfDay / 3_600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
    }

    public init(from decoder: any Decoder) throws {
        self = try TaskDue(parsing: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
