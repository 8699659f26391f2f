import Foundation
import TodoModel

/// "Now" as the user sees it: the instant, and today's date and time of day in their zone.
/// All calendar arithmetic is on day numbers (days since 1970-01-01, via `CivilTime`), which
/// is exact and far cheaper than `Calendar`.
struct Clock: Sendable {
    let now: Int
    let zone: TimeZone
    let today: Int
    let secondOfDay: Int

    init(now date: Date, zone: TimeZone) {
        self.zone = zone
        now = Int(date.timeIntervalSince1970.rounded(.down))
        let local = now + zone.secondsFromGMT(for: date)
        today = Int((Double(local) / 86_400).rounded(.down))
        secondOfDay = local - today * 86_400
    }

    /// Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
    static func weekday(_ day: Int) -> Int { ((day % 7) + 7 + 3) % 7 }

    var todayWeekday: Int { Self.weekday(today) }

    /// The instant of a wall-clock time on `day` in `zone` (a time skipped by DST reads with
    /// the offset before the change, a repeated one as its first occurrence; see CivilTime).
    static func instant(day: Int, secondOfDay: Int, zone: TimeZone) -> Int {
        CivilTime.instant(localSeconds: day * 86_400 + secondOfDay, in: zone)
    }

    static func value(day: Int, secondOfDay: Int, zone: TimeZone) -> DateValue {
        DateValue(instant: instant(day: day, secondOfDay: secondOfDay, zone: zone), zone: zone)
    }

    // MARK: Calendar helpers

    static func date(_ day: Int) -> (year: Int, month: Int, day: Int) { CivilTime.date(days: day) }

    static func day(year: Int, month: Int, day: Int) -> Int { CivilTime.days(year: year, month: month, day: day) }

    static func lastDay(year: Int, month: Int) -> Int {
        CivilTime.days(year: year, month: month, day: CivilTime.daysInMonth(year: year, month: month))
    }

    /// `day` moved by whole months, clamped to the end of a shorter month (Jan 31 + 1 month = Feb 28).
    static func addMonths(_ day: Int, _ months: Int) -> Int {
        let date = CivilTime.date(days: day)
        let index = date.year * 12 + (date.month - 1) + months
        let year = Int((Double(index) / 12).rounded(.down))
        let month = index - year * 12 + 1
        return CivilTime.days(year: year, month: month, day: min(date.day, CivilTime.daysInMonth(year: year, month: month)))
    }

    /// The first day on or after `day` that is `weekday`.
    static func onOrAfter(_ day: Int, weekday: Int) -> Int {
        day + (weekday - Self.weekday(day) + 7) % 7
    }

    /// The Monday of `day`'s week.
    static func monday(of day: Int) -> Int { day - weekday(day) }

    /// The `n`th (1-based; -1 = last) `weekday` of a month, if the month has one.
    static func nthWeekday(_ n: Int, _ weekday: Int, year: Int, month: Int) -> Int? {
        if n > 0 {
            let first = onOrAfter(CivilTime.days(year: year, month: month, day: 1), weekday: weekday)
            let day = first + (n - 1) * 7
            return CivilTime.date(days: day).month == month ? day : nil
        }
        let last = lastDay(year: year, month: month)
        let day = last - (Self.weekday(last) - weekday + 7) % 7 + (n + 1) * 7
        return CivilTime.date(days: day).month == month ? day : nil
    }
}
