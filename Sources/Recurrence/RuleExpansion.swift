import Foundation

/// Lazily expands a compiled rule period by period (a day, a week, a month or a year, stepped
/// by INTERVAL), on civil days and wall seconds. Each period's wall times are resolved in the
/// zone at once and kept in a small buffer, sorted by instant (a wall time pushed forward by a
/// DST gap can pass a later one of the same period).
///
/// It yields every instance the rule itself generates from DTSTART on; the recurrence set adds
/// DTSTART itself, COUNT, UNTIL, RDATE and EXDATE.
struct RuleExpansion: Sendable {
    let plan: ExpansionPlan
    private var zone: ZoneCursor
    private let dateOnly: Bool
    /// Daily and weekly: the period's first day. Monthly: year × 12 + month − 1. Yearly: the year.
    private var period: Int
    private var walls: [Int64] = []
    private var scratch: [Int64] = []
    private var buffer: [Occurrence] = []
    private var index = 0
    private var year: CalendarYear
    private(set) var finished = false
    /// Candidate days and wall times looked at so far (see `stepBudget`).
    private var steps = 0
    /// Whether the expansion stopped because it spent `stepBudget`, not at the calendar's end.
    private(set) var exhausted = false

    /// The most candidate steps (a day examined, a wall time generated) one expansion may
    /// take. A daily rule with a time every minute still covers almost a year; a rule
    /// with a wall time every second of the year and BYSETPOS stops here instead of spending
    /// seconds of CPU (and gigabytes of candidates) per occurrence. See docs/limits.md.
    static let stepBudget = 500_000

    static let lastDay = CivilCalendar.day(year: 9999, month: 12, day: 31)

    init(plan: ExpansionPlan, zone: ZoneCursor, dateOnly: Bool) {
        self.plan = plan
        self.zone = zone
        self.dateOnly = dateOnly
        let start = CivilDate(daysSinceEpoch: plan.startDay)
        year = CalendarYear(start.year)
        switch plan.frequency {
        case .daily: period = plan.startDay
        case .weekly: period = plan.startDay - (Weekday.rawValue(ofDay: plan.startDay) - plan.weekStart + 7) % 7
        case .monthly: period = start.year * 12 + start.month - 1
        case .yearly: period = start.year
        }
        walls.reserveCapacity(64)
        buffer.reserveCapacity(64)
    }

    /// Jumps to the period holding `day`, staying on the INTERVAL grid. Only for rules without
    /// COUNT, which must count from the start.
    mutating func skip(toDay day: Int) {
        guard day > plan.startDay else { return }
        let date = CivilDate(daysSinceEpoch: day)
        let step = plan.interval
        switch plan.frequency {
        case .daily:
            period = plan.startDay + (day - plan.startDay) / step * step
        case .weekly:
            let target = day - (Weekday.rawValue(ofDay: day) - plan.weekStart + 7) % 7
            let first = plan.startDay - (Weekday.rawValue(ofDay: plan.startDay) - plan.weekStart + 7) % 7
            period = first + (target - first) / (7 * step) * 7 * step
        case .monthly:
            let startDate = CivilDate(daysSinceEpoch: plan.startDay)
            let first = startDate.year * 12 + startDate.month - 1
            let target = date.year * 12 + date.month - 1
            period = first + (target - first) / step * step
        case .yearly:
            let first = CivilDate(daysSinceEpoch: plan.startDay).year
            period = first + (date.year - first) / step * step
        }
        buffer.removeAll(keepingCapacity: true)
        index = 0
    }

    mutating func next() -> Occurrence? {
        while index == buffer.count {
            if finished { return nil }
            fillNextPeriod()
        }
        index += 1
        return buffer[index - 1]
    }

    private mutating func fillNextPeriod() {
        walls.removeAll(keepingCapacity: true)
        buffer.removeAll(keepingCapacity: true)
        index = 0
        guard steps <= Self.stepBudget else {
            finished = true
            exhausted = true
            return
        }
        let step = plan.interval
        switch plan.frequency {
        case .daily:
            let day = period
            guard day <= Self.lastDay else { finished = true; return }
            period += step
            steps += 1
            if !plan.filtersDays || dayMatches(day) { appendTimes(day) }
        case .weekly:
            let first = period
            guard first <= Self.lastDay else { finished = true; return }
            period += 7 * step
            steps += 7
            for day in first..<min(first + 7, Self.lastDay + 1) where dayMatches(day) { appendTimes(day) }
        case .monthly:
            let yearNumber = period / 12, month = period % 12 + 1
            guard yearNumber <= CivilDate.years.upperBound else { finished = true; return }
            period += step
            if plan.monthMask == 0 || plan.monthMask & (UInt16(1) << UInt16(month)) != 0 {
                scanMonth(year: yearNumber, month: month)
            }
        case .yearly:
            let yearNumber = period
            guard yearNumber <= CivilDate.years.upperBound else { finished = true; return }
            period += step
            for month in 1...12 where plan.monthMask == 0 || plan.monthMask & (UInt16(1) << UInt16(month)) != 0 {
                scanMonth(year: yearNumber, month: month)
            }
        }
        if steps > Self.stepBudget {
            // A period cut short would hand BYSETPOS the wrong set: drop it and stop.
            walls.removeAll(keepingCapacity: true)
            finished = true
            exhausted = true
            return
        }
        if walls.isEmpty { return }
        if !plan.setPositions.isEmpty { selectSetPositions() }
        resolveWalls()
    }

    @inline(__always)
    private mutating func appendTimes(_ day: Int) {
        steps += plan.times.count
        guard steps <= Self.stepBudget else { return }
        let base = Int64(day) * 86_400
        for time in plan.times { walls.append(base + time) }
    }

    /// Daily and weekly periods look at days one by one.
    private mutating func dayMatches(_ day: Int) -> Bool {
        if !year.contains(day: day) { year = CalendarYear(CivilDate(daysSinceEpoch: day).year) }
        let doy = day - year.firstDay
        let month = year.month(ofDayOfYear: doy)
        let dom = doy - CivilCalendar.daysBeforeMonth(month, leap: year.leap) + 1
        return plan.matches(day: day, doy: doy, month: month, dom: dom,
                            monthLength: CivilCalendar.monthLength(month, leap: year.leap),
                            weekday: Weekday.rawValue(ofDay: day), year: year)
    }

    /// Monthly and yearly periods go month by month. With BYMONTHDAY the candidate days are read
    /// off the masks directly (one or two per month for the common rules) instead of testing all
    /// of the month's days.
    private mutating func scanMonth(year yearNumber: Int, month: Int) {
        if year.year != yearNumber { year = CalendarYear(yearNumber) }
        let length = CivilCalendar.monthLength(month, leap: year.leap)
        steps += plan.hasMonthDay ? 1 : length
        let monthStartDoy = CivilCalendar.daysBeforeMonth(month, leap: year.leap)
        let monthFirstDay = year.firstDay + monthStartDoy
        if plan.hasMonthDay {
            let valid = UInt32(truncatingIfNeeded: (UInt64(1) << UInt64(length + 1)) - 2)  // bits 1...length
            var candidates = plan.monthDaysPositive & valid
            var negative = plan.monthDaysNegative & valid
            while negative != 0 {
                let k = negative.trailingZeroBitCount
                candidates |= UInt32(1) << UInt32(length - k + 1)
                negative &= negative - 1
            }
            while candidates != 0 {
                let dom = candidates.trailingZeroBitCount
                candidates &= candidates - 1
                let day = monthFirstDay + dom - 1
                if plan.matches(day: day, doy: monthStartDoy + dom - 1, month: month, dom: dom, monthLength: length,
                                weekday: Weekday.rawValue(ofDay: day), year: year) {
                    appendTimes(day)
                }
            }
        } else {
            var weekday = Weekday.rawValue(ofDay: monthFirstDay)
            for dom in 1...length {
                let day = monthFirstDay + dom - 1
                if plan.matches(day: day, doy: monthStartDoy + dom - 1, month: month, dom: dom, monthLength: length,
                                weekday: weekday, year: year) {
                    appendTimes(day)
                }
                weekday = weekday == 6 ? 0 : weekday + 1
            }
        }
    }

    /// BYSETPOS picks from the period's whole ordered set of date-times, before DTSTART cuts
    /// anything off (RFC 5545 §3.3.10).
    private mutating func selectSetPositions() {
        scratch.removeAll(keepingCapacity: true)
        let count = walls.count
        var picked: [Int] = []
        for position in plan.setPositions {
            let index = position > 0 ? position - 1 : count + position
            if index >= 0, index < count { picked.append(index) }
        }
        for index in Set(picked).sorted() { scratch.append(walls[index]) }
        swap(&walls, &scratch)
    }

    private mutating func resolveWalls() {
        var sorted = true
        var previous = Int64.min
        for wall in walls where wall >= plan.startWall {
            let occurrence = Occurrence(nominalWall: wall, resolved: zone.resolve(wall), dateOnly: dateOnly)
            if occurrence.key < previous { sorted = false }
            previous = occurrence.key
            buffer.append(occurrence)
        }
        if !sorted { buffer.sort() }
    }
}
