import Foundation

/// Calendar arithmetic on proleptic Gregorian dates as plain integers (days since
/// 1970-01-01), so indexing and filtering tasks never go through `Calendar`.
public enum CivilTime {
    /// Days since 1970-01-01 of a date (Howard Hinnant's days_from_civil).
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day number.
    public static func date(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The instant of a wall-clock time (seconds since 1970 as if it were UTC) in `zone`.
    /// A time skipped by a DST change is read with the offset before the change, a repeated
    /// one as its first occurrence (RFC 5545 §3.3.5).
    public static func instant(localSeconds: Int, in zone: TimeZone) -> Int {
        let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(localSeconds - 86_400)))
        let after = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(localSeconds + 86_400)))
        if before == after { return localSeconds - before }
        // Near a transition: try both offsets, prefer the one that maps back to this wall time.
        let first = localSeconds - max(before, after)
        let second = localSeconds - min(before, after)
        for candidate in [first, second] where candidate + zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(candidate))) == localSeconds {
            return candidate
        }
        // In a gap: use the offset before the change.
        return localSeconds - before
    }

    /// Days since 1970-01-01 of an instant in `zone`.
    public static func day(of instant: Double, in zone: TimeZone) -> Int {
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: instant))
        return Int(((instant + Double(offset)) / 86_400).rounded(.down))
    }
}
