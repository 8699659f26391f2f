import Foundation
import TodoModel

/// A date the engine resolved: a calendar date (a date-only due), or a wall-clock date-time
/// with the UTC offset it has in its zone at that moment. JSON: `"2025-12-12"` or
/// `"2025-12-12T06:45:00+01:00"` (RFC 3339; `Z` for a zero offset).
public struct DateValue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The calendar date, and the wall-clock time when there is one.
    public var local: TaskDue
    /// Seconds east of UTC; nil for a date-only value.
    public var utcOffset: Int?

    public init(local: TaskDue, utcOffset: Int?) {
        self.local = local
        self.utcOffset = local.hasTime ? utcOffset : nil
    }

    /// A date-only value.
    public init(day: Int) {
        let date = CivilTime.date(days: day)
        self.init(local: TaskDue(year: date.year, month: date.month, day: date.day), utcOffset: nil)
    }

    /// The wall-clock time of an instant (seconds since 1970) in `zone`.
    public init(instant: Int, zone: TimeZone) {
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant)))
        let local = instant + offset
        let day = Int((Double(local) / 86_400).rounded(.down))
        let date = CivilTime.date(days: day)
        self.init(local: TaskDue(year: date.year, month: date.month, day: date.day, secondOfDay: local - day * 86_400), utcOffset: offset)
    }

    public var hasTime: Bool { local.hasTime }

    /// The instant, for a date-time value.
    public var date: Date? {
        guard let utcOffset, let seconds = local.secondOfDay else { return nil }
        return Date(timeIntervalSince1970: Double(local.dayNumber * 86_400 + seconds - utcOffset))
    }

    public var description: String {
        let day = "\(pad(local.year, 4))-\(pad(local.month, 2))-\(pad(local.day, 2))"
        guard let seconds = local.secondOfDay, let utcOffset else { return day }
        let clock = "\(pad(seconds / 3_600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        if utcOffset == 0 { return "\(day)T\(clock)Z" }
        let sign = utcOffset < 0 ? "-" : "+"
        let magnitude = abs(utcOffset)
        return "\(day)T\(clock)\(sign)\(pad(magnitude / 3_600, 2)):\(pad(magnitude / 60 % 60, 2))"
    }

    /// Reads `YYYY-MM-DD` or an RFC 3339 date-time with `Z` or `±HH:MM`.
    public init?(rfc3339 text: String) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count >= 10, bytes[4] == 45, bytes[7] == 45, let year = number(0..<4), let month = number(5..<7),
              let day = number(8..<10), (1...12).contains(month), (1...CivilTime.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        if bytes.count == 10 {
            self.init(local: TaskDue(year: year, month: month, day: day), utcOffset: nil)
            return
        }
        guard bytes.count >= 20, bytes[10] == 84 || bytes[10] == 116 || bytes[10] == 32, bytes[13] == 58, bytes[16] == 58,
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19), hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        if bytes[index] == 46 {  // fractional seconds are dropped
            index += 1
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
        }
        guard index < bytes.count else { return nil }
        let offset: Int
        if bytes[index] == 90 || bytes[index] == 122 {
            guard index + 1 == bytes.count else { return nil }
            offset = 0
        } else {
            guard index + 6 == bytes.count, bytes[index] == 43 || bytes[index] == 45, bytes[index + 3] == 58,
                  let hours = number((index + 1)..<(index + 3)), let minutes = number((index + 4)..<(index + 6)) else { return nil }
            offset = (bytes[index] == 45 ? -1 : 1) * (hours * 3_600 + minutes * 60)
        }
        self.init(local: TaskDue(year: year, month: month, day: day, secondOfDay: hour * 3_600 + minute * 60 + second), utcOffset: offset)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = DateValue(rfc3339: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not YYYY-MM-DD or an RFC 3339 date-time"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
