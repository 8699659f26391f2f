/// A date on the proleptic Gregorian calendar with no time zone: what a user means by
/// "the 31st of March". Years 1…9999 (the range RFC 5545's `DATE` can write).
///
/// All recurrence arithmetic runs on these civil dates as whole days counted from
/// 1970-01-01 (`daysSinceEpoch`), never through Foundation's `Calendar`: integer arithmetic
/// is exact, has no time zone in it, and is what makes expansion fast.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The valid range of years.
    public static let years: ClosedRange<Int> = 1...9999

    /// `nil` when the date does not exist (February 30, month 13, year 0).
    public init?(year: Int, month: Int, day: Int) {
        guard Self.years.contains(year), (1...12).contains(month),
              day >= 1, day <= Self.daysInMonth(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `days` days after 1970-01-01 (negative: before). Callers keep within years 1…9999.
    public init(daysSinceEpoch days: Int) {
        let (year, month, day) = CivilCalendar.civil(fromDay: days)
        self.init(unchecked: year, month, day)
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int { CivilCalendar.day(year: year, month: month, day: day) }

    public var weekday: Weekday { Weekday(rawValue: Weekday.rawValue(ofDay: daysSinceEpoch))! }

    /// 1-based day of the year.
    public var dayOfYear: Int { CivilCalendar.daysBeforeMonth(month, leap: Self.isLeapYear(year)) + day }

    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        CivilCalendar.monthLength(month, leap: isLeapYear(year))
    }

    public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// Moves by whole months, clamping the day to the target month's length (Jan 31 + 1 month =
    /// Feb 28/29). Used by the completion anchor, which shifts a date rather than expanding a rule.
    public func adding(months: Int) -> CivilDate {
        let index = year * 12 + (month - 1) + months
        let newYear = index >= 0 ? index / 12 : (index - 11) / 12
        let newMonth = index - newYear * 12 + 1
        return CivilDate(unchecked: newYear, newMonth, min(day, Self.daysInMonth(year: newYear, month: newMonth)))
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        Digits.pad(year, 4) + "-" + Digits.pad(month, 2) + "-" + Digits.pad(day, 2)
    }

    /// iCalendar basic form `YYYYMMDD`.
    public var basicFormat: String { Digits.pad(year, 4) + Digits.pad(month, 2) + Digits.pad(day, 2) }
}

/// Integer calendar arithmetic shared by the public types and the expansion engine.
enum CivilCalendar {
    /// Days from 0001-01-01 to 1970-01-01.
    static let epochOffset = 719_162

    static let cumulativeDays: [Int] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365]

    @inline(__always)
    static func daysBeforeMonth(_ month: Int, leap: Bool) -> Int {
        cumulativeDays[month - 1] + (leap && month > 2 ? 1 : 0)
    }

    @inline(__always)
    static func monthLength(_ month: Int, leap: Bool) -> Int {
        month == 2 ? (leap ? 29 : 28) : cumulativeDays[month] - cumulativeDays[month - 1]
    }

    /// Days from 0001-01-01 to January 1 of `year` (year ≥ 1).
    @inline(__always)
    static func daysBeforeYear(_ year: Int) -> Int {
        let y = year - 1
        return y * 365 + y / 4 - y / 100 + y / 400
    }

    /// Days since 1970-01-01 of January 1 of `year`.
    @inline(__always)
    static func firstDay(ofYear year: Int) -> Int { daysBeforeYear(year) - epochOffset }

    static func day(year: Int, month: Int, day: Int) -> Int {
        firstDay(ofYear: year) + daysBeforeMonth(month, leap: CivilDate.isLeapYear(year)) + day - 1
    }

    /// Splits a day count into 400-, 100-, 4- and 1-year cycles of the Gregorian calendar.
    static func civil(fromDay days: Int) -> (year: Int, month: Int, day: Int) {
        let ordinal = days + epochOffset  // 0 = 0001-01-01
        let cycles400 = ordinal >= 0 ? ordinal / 146_097 : (ordinal - 146_096) / 146_097
        var rest = ordinal - cycles400 * 146_097
        // The fourth century (and the fourth year of a cycle) is one day longer; min() keeps its
        // last day (Dec 31 of a leap year) in that century instead of spilling into the next.
        let cycles100 = min(rest / 36_524, 3)
        rest -= cycles100 * 36_524
        let cycles4 = rest / 1_461
        rest -= cycles4 * 1_461
        let years = min(rest / 365, 3)
        rest -= years * 365
        let year = cycles400 * 400 + cycles100 * 100 + cycles4 * 4 + years + 1
        let leap = CivilDate.isLeapYear(year)
        var month = rest / 31 + 1  // never past the real month: no month is longer than 31 days
        while month < 12, rest >= daysBeforeMonth(month + 1, leap: leap) { month += 1 }
        return (year, month, rest - daysBeforeMonth(month, leap: leap) + 1)
    }
}

/// Zero-padded decimal formatting without Foundation's formatters (which are slow and
/// locale-dependent).
enum Digits {
    static func pad(_ value: Int, _ width: Int) -> String {
        var text = String(abs(value))
        if text.count < width { text = String(repeating: "0", count: width - text.count) + text }
        return value < 0 ? "-" + text : text
    }
}
