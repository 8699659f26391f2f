import Foundation

/// The JSON form of actor state, in every store (SQLite, Redis, Dapr's through the sidecar):
/// dates are RFC 3339 text in UTC — `2026-12-03T09:00:00Z`, with the fraction a date has
/// (`2026-12-03T09:00:00.123Z`) — so whoever inspects a store reads them.
///
/// The fraction is the shortest (at most nine digits) that reads back as the very same
/// `Date` — for every date of this era, whose `Double` holds less than nanoseconds — so a
/// state round trip changes no value, as Foundation's number did not.
///
/// Reading also takes what earlier builds wrote: Foundation's number of seconds since
/// 2001-01-01 (`Date` fields), so state saved before the change loads unchanged. Fields kept
/// as seconds since 1970 in a `Double` convert with `unixText`/`unixSeconds`.
public enum StateCoding {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            guard let text = format(date.timeIntervalSinceReferenceDate, epoch: referenceEpoch) else {
                throw EncodingError.invalidValue(date, .init(codingPath: encoder.codingPath, debugDescription: "\(date) is outside the years 0000–9999 RFC 3339 can write"))
            }
            try container.encode(text)
        }
        return encoder
    }()

    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in try readDate(decoder, text: date) }
        return decoder
    }()

    /// A date as RFC 3339 text (read by `text`) or, as earlier builds and Foundation's
    /// default wrote it, seconds since 2001 — bounded: a corrupt or hostile number must not
    /// trap the first `Int(...)` that reads the date.
    static func readDate(_ decoder: any Decoder, text parse: (String) -> Date?) throws -> Date {
        let container = try decoder.singleValueContainer()
        if let seconds = try? container.decode(Double.self) {
            guard seconds.isFinite, abs(seconds) <= maxSeconds else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(seconds) seconds is not a date this service keeps")
            }
            return Date(timeIntervalSinceReferenceDate: seconds)
        }
        let text = try container.decode(String.self)
        guard let date = parse(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 date-time: \(text)")
        }
        return date
    }

    /// `2026-12-03T09:00:00.123Z`; nil outside the years 0000–9999.
    public static func text(_ date: Date) -> String? {
        format(date.timeIntervalSinceReferenceDate, epoch: referenceEpoch)
    }

    /// An RFC 3339 date-time (`Z` or a numeric offset, up to nine fraction digits); nil for
    /// anything else.
    public static func date(_ text: String) -> Date? {
        parse(text, epoch: referenceEpoch).map(Date.init(timeIntervalSinceReferenceDate:))
    }

    /// Seconds since 1970 as RFC 3339 text, exact in the same way as `text(_:)`.
    public static func unixText(_ seconds: Double) -> String? {
        format(seconds, epoch: 0)
    }

    /// Seconds since 1970 of RFC 3339 text.
    public static func unixSeconds(_ text: String) -> Double? {
        parse(text, epoch: 0)
    }

    /// A day as RFC 3339 `full-date` (`2026-12-03`), from days since 1970-01-01; nil
    /// outside the years 0000–9999.
    public static func dayText(_ days: Int) -> String? {
        guard (minDay...maxDay).contains(Int64(days)) else { return nil }
        return Date(timeIntervalSince1970: Double(days) * 86_400).formatted(dayStyle)
    }

    /// Days since 1970-01-01 of a `full-date`.
    public static func days(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, let days = fullDate(bytes[...]) else { return nil }
        return Int(days)
    }

    // MARK: Private

    /// 2001-01-01T00:00:00Z in seconds since 1970.
    private static let referenceEpoch: Int64 = 978_307_200
    /// About ±3,000 years around either epoch: every date this service keeps.
    private static let maxSeconds = 1e11
    /// 0000-01-01 and 9999-12-31, the days RFC 3339's four-digit years can write.
    private static let minDay: Int64 = -719_528
    private static let maxDay: Int64 = 2_932_896
    private static let powersOfTen: [Double] = (0...9).map { pow(10, Double($0)) }
    private static let secondStyle = Date.ISO8601FormatStyle()
    private static let dayStyle = Date.ISO8601FormatStyle().year().month().day()

    private static func format(_ seconds: Double, epoch: Int64) -> String? {
        guard seconds.isFinite, abs(seconds) <= maxSeconds else { return nil }
        let whole = seconds.rounded(.down)
        let fraction = seconds - whole
        var digits = ""
        if fraction != 0 {
            for count in 1...9 {
                let scaled = (fraction * powersOfTen[count]).rounded()
                if scaled >= powersOfTen[count] { continue }
                if whole + scaled / powersOfTen[count] == seconds || count == 9 {
                    let text = String(Int64(scaled))
                    digits = "." + String(repeating: "0", count: count - text.count) + text
                    break
                }
            }
        }
        let unix = Int64(whole) + epoch
        let days = floorDivide(unix, 86_400)
        guard (minDay...maxDay).contains(days) else { return nil }
        // `2026-12-03T09:00:00Z`, the fraction put in before the `Z`.
        return String(Date(timeIntervalSince1970: Double(unix)).formatted(secondStyle).dropLast()) + digits + "Z"
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, `t`/`z` in either case (RFC 3339 §5.6).
    private static func parse(_ text: String, epoch: Int64) -> Double? {
        let bytes = Array(text.utf8)
        guard (20...35).contains(bytes.count), let days = fullDate(bytes[0..<10]),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
              let hour = number(bytes[11..<13]), bytes[13] == UInt8(ascii: ":"),
              let minute = number(bytes[14..<16]), bytes[16] == UInt8(ascii: ":"),
              let second = number(bytes[17..<19]), hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        var fractionValue: Int64 = 0
        var fractionDigits = 0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, let digit = digit(bytes[index]) {
                fractionDigits += 1
                guard fractionDigits <= 9 else { return nil }
                fractionValue = fractionValue * 10 + Int64(digit)
                index += 1
            }
            guard fractionDigits > 0 else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offset: Int64 = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == bytes.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == bytes.count, let hours = number(bytes[(index + 1)..<(index + 3)]), bytes[index + 3] == UInt8(ascii: ":"),
                  let minutes = number(bytes[(index + 4)..<(index + 6)]), hours < 24, minutes < 60 else { return nil }
            offset = (hours * 60 + minutes) * 60 * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        // A leap second (`:60`) reads as the first second after it.
        let unix = days * 86_400 + hour * 3_600 + minute * 60 + second - offset
        return Double(unix - epoch) + Double(fractionValue) / powersOfTen[fractionDigits]
    }

    private static func fullDate(_ bytes: ArraySlice<UInt8>) -> Int64? {
        let start = bytes.startIndex
        guard bytes.count == 10, let year = number(bytes[start..<(start + 4)]), bytes[start + 4] == UInt8(ascii: "-"),
              let month = number(bytes[(start + 5)..<(start + 7)]), bytes[start + 7] == UInt8(ascii: "-"),
              let day = number(bytes[(start + 8)..<(start + 10)]), (1...12).contains(month), day >= 1,
              day <= daysInMonth(year: year, month: month) else { return nil }
        return daysSince1970(year: year, month: month, day: day)
    }

    private static func digit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        for byte in bytes {
            guard let digit = digit(byte) else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    private static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Proleptic Gregorian days since 1970-01-01 (H. Hinnant's days-from-civil).
    private static func daysSince1970(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
