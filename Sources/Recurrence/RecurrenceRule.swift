import Foundation

/// An RFC 5545 recurrence rule (RRULE), validated. Parse one with
/// `RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=-1FR")`; write it back with `rrule`.
///
/// Supported: FREQ DAILY…YEARLY, INTERVAL, COUNT, UNTIL, BYMONTH, BYWEEKNO, BYYEARDAY,
/// BYMONTHDAY, BYDAY (with ordinals), BYHOUR, BYMINUTE, BYSECOND, BYSETPOS, WKST.
/// FREQ=HOURLY/MINUTELY/SECONDLY are refused: a task repeats at most daily, several times a
/// day is `FREQ=DAILY;BYHOUR=…`.
///
/// A rule alone has no start; `RecurrenceSet` combines it with DTSTART, a time zone and
/// RDATE/EXDATE and expands it.
public struct RecurrenceRule: Sendable, Hashable {
    public enum Frequency: String, Sendable, Hashable, CaseIterable, Codable {
        case daily = "DAILY", weekly = "WEEKLY", monthly = "MONTHLY", yearly = "YEARLY"
    }

    /// A BYDAY entry: a weekday with an optional ordinal (`MO`, `3FR`, `-1SU`).
    public struct WeekdayNumber: Sendable, Hashable, CustomStringConvertible {
        /// 1…53 counts from the start of the month or year, -53…-1 from its end; `nil` is every
        /// such weekday.
        public var ordinal: Int?
        public var weekday: Weekday

        public init(_ weekday: Weekday, ordinal: Int? = nil) {
            self.weekday = weekday
            self.ordinal = ordinal
        }

        public var description: String { (ordinal.map(String.init) ?? "") + weekday.code }
    }

    /// The UNTIL bound in the three forms RFC 5545 lets it take.
    public enum Until: Sendable, Hashable, CustomStringConvertible {
        /// `UNTIL=20251231`: through the end of that day (in the series' zone).
        case date(CivilDate)
        /// `UNTIL=20251231T235959`: wall-clock time in the series' zone (RFC 5545 wants UTC
        /// with a zoned DTSTART; accepted as local time).
        case local(LocalDateTime)
        /// `UNTIL=20251231T225959Z`: an instant.
        case utc(Date)

        public var description: String {
            switch self {
            case .date(let date): return date.basicFormat
            case .local(let local): return local.basicFormat
            case .utc(let instant):
                let seconds = Int64(instant.timeIntervalSince1970.rounded(.down))
                return LocalDateTime(wallSeconds: seconds).basicFormat + "Z"
            }
        }
    }

    public var frequency: Frequency
    /// ≥ 1.
    public var interval: Int
    /// The number of occurrences, DTSTART included (RFC 5545).
    public var count: Int?
    public var until: Until?
    /// 1…12.
    public var byMonth: [Int]
    /// ±1…53; only with FREQ=YEARLY.
    public var byWeekNo: [Int]
    /// ±1…366; only with FREQ=YEARLY.
    public var byYearDay: [Int]
    /// ±1…31; not with FREQ=WEEKLY.
    public var byMonthDay: [Int]
    public var byDay: [WeekdayNumber]
    /// 0…23.
    public var byHour: [Int]
    /// 0…59.
    public var byMinute: [Int]
    /// 0…59 (60, a leap second, is refused).
    public var bySecond: [Int]
    /// ±1…366: picks occurrences by position within each period.
    public var bySetPos: [Int]
    /// First day of the week (WKST), default Monday. Matters for FREQ=WEEKLY with INTERVAL > 1
    /// and for BYWEEKNO.
    public var weekStart: Weekday

    /// Builds and validates a rule. Lists are kept sorted and without duplicates so that equal
    /// rules compare equal and serialize identically.
    public init(
        frequency: Frequency,
        interval: Int = 1,
        count: Int? = nil,
        until: Until? = nil,
        byMonth: [Int] = [],
        byWeekNo: [Int] = [],
        byYearDay: [Int] = [],
        byMonthDay: [Int] = [],
        byDay: [WeekdayNumber] = [],
        byHour: [Int] = [],
        byMinute: [Int] = [],
        bySecond: [Int] = [],
        bySetPos: [Int] = [],
        weekStart: Weekday = .monday
    ) throws(RecurrenceError) {
        self.frequency = frequency
        self.interval = interval
        self.count = count
        self.until = until
        self.byMonth = Self.normalized(byMonth)
        self.byWeekNo = Self.normalized(byWeekNo)
        self.byYearDay = Self.normalized(byYearDay)
        self.byMonthDay = Self.normalized(byMonthDay)
        self.byDay = Self.normalized(byDay)
        self.byHour = Self.normalized(byHour)
        self.byMinute = Self.normalized(byMinute)
        self.bySecond = Self.normalized(bySecond)
        self.bySetPos = Self.normalized(bySetPos)
        self.weekStart = weekStart
        try validate()
    }

    /// Positive values ascending, then negative ones from -1 down: "1,15,-1" reads as
    /// "the 1st, the 15th and the last".
    static func normalized(_ values: [Int]) -> [Int] {
        Array(Set(values)).sorted(by: precedes)
    }

    static func precedes(_ lhs: Int, _ rhs: Int) -> Bool {
        if (lhs > 0) != (rhs > 0) { return lhs > 0 }
        return lhs > 0 ? lhs < rhs : lhs > rhs
    }

    /// By weekday from Monday; a plain weekday before its ordinals.
    static func normalized(_ values: [WeekdayNumber]) -> [WeekdayNumber] {
        Array(Set(values)).sorted { lhs, rhs in
            if lhs.weekday != rhs.weekday { return lhs.weekday < rhs.weekday }
            switch (lhs.ordinal, rhs.ordinal) {
            case (nil, let right): return right != nil
            case (_, nil): return false
            case let (left?, right?): return precedes(left, right)
            }
        }
    }

    /// True when the rule names days itself (rather than taking them from DTSTART).
    var hasDayParts: Bool { !byWeekNo.isEmpty || !byYearDay.isEmpty || !byMonthDay.isEmpty || !byDay.isEmpty }

    /// Ordinals in BYDAY count within the month for FREQ=MONTHLY and for FREQ=YEARLY with
    /// BYMONTH, within the year otherwise (RFC 5545 §3.3.10).
    var ordinalsCountWithinMonth: Bool { frequency == .monthly || (frequency == .yearly && !byMonth.isEmpty) }
}
