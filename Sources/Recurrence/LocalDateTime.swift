/// A wall-clock date and time with no zone or offset ("2025-03-30 08:00"): what a recurrence
/// rule produces before the time zone turns it into an instant.
public struct LocalDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let date: CivilDate
    /// Seconds since local midnight, 0..<86400.
    public let secondOfDay: Int

    public init?(date: CivilDate, hour: Int, minute: Int, second: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.date = date
        self.secondOfDay = hour * 3600 + minute * 60 + second
    }

    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        guard let date = CivilDate(year: year, month: month, day: day) else { return nil }
        self.init(date: date, hour: hour, minute: minute, second: second)
    }

    init(date: CivilDate, secondOfDay: Int) {
        self.date = date
        self.secondOfDay = secondOfDay
    }

    /// From wall seconds: seconds since 1970-01-01T00:00:00 on the local clock.
    init(wallSeconds: Int64) {
        let days = wallSeconds >= 0 ? wallSeconds / 86_400 : (wallSeconds - 86_399) / 86_400
        self.init(date: CivilDate(daysSinceEpoch: Int(days)), secondOfDay: Int(wallSeconds - days * 86_400))
    }

    /// Seconds since 1970-01-01T00:00:00 on the local clock: the engine's working unit.
    var wallSeconds: Int64 { Int64(date.daysSinceEpoch) * 86_400 + Int64(secondOfDay) }

    public var hour: Int { secondOfDay / 3600 }
    public var minute: Int { secondOfDay / 60 % 60 }
    public var second: Int { secondOfDay % 60 }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.secondOfDay) < (rhs.date, rhs.secondOfDay)
    }

    /// `YYYY-MM-DDTHH:MM:SS`.
    public var description: String { date.description + "T" + timeText }

    /// iCalendar basic form `YYYYMMDDTHHMMSS`.
    public var basicFormat: String {
        date.basicFormat + "T" + Digits.pad(hour, 2) + Digits.pad(minute, 2) + Digits.pad(second, 2)
    }

    var timeText: String { Digits.pad(hour, 2) + ":" + Digits.pad(minute, 2) + ":" + Digits.pad(second, 2) }
}
