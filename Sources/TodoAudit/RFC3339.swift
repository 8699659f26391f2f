import Foundation
import TodoModel

/// RFC 3339 date-times to and from microseconds since 1970, exactly (Foundation's ISO 8601
/// styles stop at milliseconds, and the audit keeps microseconds).
enum RFC3339 {
    /// `2026-05-04T09:30:00Z`, `2026-05-04T11:30:00.250+02:00`, `t`/`z`/space accepted as RFC
    /// 3339 allows; a bare `2026-05-04` means its midnight in UTC. Digits past microseconds
    /// are cut off. Nil for anything else.
    static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + count] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += count
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2),
              (1...12).contains(month), (1...CivilTime.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        let days = CivilTime.days(year: year, month: month, day: day)
        if index == bytes.count { return Int64(days) * 86_400_000_000 }

        guard expect("Tt "), let hour = digits(2), expect(":"), let minute = digits(2), expect(":"), let second = digits(2),
              hour <= 23, minute <= 59, second <= 60 else { return nil }
        var micros: Int64 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale: Int64 = 100_000
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                micros += Int64(bytes[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var offsetSeconds = 0
        if expect("Zz") {
            offsetSeconds = 0
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let offsetHours = digits(2), expect(":"), let offsetMinutes = digits(2), offsetHours <= 23, offsetMinutes <= 59 else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        // A leap second (:60) is read as the last microsecond before the next minute.
        let leap = second == 60
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + (leap ? 59 : second)) - Int64(offsetSeconds)
        return seconds * 1_000_000 + (leap ? 999_999 : micros)
    }

    /// UTC with `Z`, and a fraction only when there is one (microsecond digits, trailing
    /// zeros trimmed in groups of three).
    static func format(microseconds: Int64) -> String {
        let (seconds, fraction) = floorDivide(microseconds, 1_000_000)
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (year, month, day) = CivilTime.date(days: Int(days))
        let hour = Int(secondOfDay / 3600), minute = Int(secondOfDay % 3600 / 60), second = Int(secondOfDay % 60)
        var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, second)
        if fraction != 0 {
            text += fraction % 1000 == 0 ? String(format: ".%03d", Int(fraction / 1000)) : String(format: ".%06d", Int(fraction))
        }
        return text + "Z"
    }

    static func format(_ date: Date) -> String { format(microseconds: AuditTime.microseconds(date)) }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }
}
