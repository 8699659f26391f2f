/// A rule compiled against its start for expansion: the parts RFC 5545 leaves to DTSTART
/// filled in, the BYxxx lists turned into bit masks, the times of day multiplied out.
///
/// Expansion then treats every day-level part as a filter on the days of a period (a day, a
/// week, a month, a year). With the DTSTART defaults in place this is the same set RFC 5545's
/// expand/limit table describes: expanding a year by BYMONTH and then by BYMONTHDAY yields
/// exactly the days of the year that pass both filters.
struct ExpansionPlan: Sendable {
    let frequency: RecurrenceRule.Frequency
    let interval: Int
    /// Seconds after local midnight, ascending; `[0]` for date-only series.
    let times: [Int64]
    let startDay: Int
    let startWall: Int64

    /// Bit m for month m; 0 when BYMONTH is absent.
    let monthMask: UInt16
    /// Plain BYDAY weekdays (bit = `Weekday.rawValue`).
    let weekdayMask: UInt8
    /// BYDAY entries with an ordinal.
    let ordinals: [(ordinal: Int, weekday: Int)]
    let hasByDay: Bool
    let ordinalsWithinMonth: Bool
    /// Bit d for BYMONTHDAY=d, and bit k for BYMONTHDAY=-k.
    let monthDaysPositive: UInt32
    let monthDaysNegative: UInt32
    let hasMonthDay: Bool
    /// BYYEARDAY as sorted lists (rare parts need no masks).
    let yearDaysPositive: [Int]
    let yearDaysNegative: [Int]
    /// Bit n for BYWEEKNO=n, and bit k for BYWEEKNO=-k.
    let weekNumbersPositive: UInt64
    let weekNumbersNegative: UInt64
    let hasWeekNo: Bool
    let weekStart: Int
    let setPositions: [Int]
    /// Whether any day-level filter applies (plain FREQ=DAILY has none).
    let filtersDays: Bool

    /// - Parameters:
    ///   - intervalOverride: the completion anchor expands with interval 1 from a shifted start.
    ///   - timesOverride: the completion anchor may keep the completion's time of day.
    init(rule: RecurrenceRule, start: LocalDateTime, dateOnly: Bool, intervalOverride: Int? = nil, timesOverride: [Int64]? = nil) {
        frequency = rule.frequency
        interval = intervalOverride ?? rule.interval
        startDay = start.date.daysSinceEpoch
        startWall = start.wallSeconds
        weekStart = rule.weekStart.rawValue

        var byMonth = rule.byMonth
        var byMonthDay = rule.byMonthDay
        var byDay = rule.byDay
        // RFC 5545 §3.3.10: "Information, not contained in the rule, necessary to determine the
        // various recurrence instance start time and dates are derived from the Start Time".
        if !rule.hasDayParts {
            switch rule.frequency {
            case .yearly:
                if byMonth.isEmpty { byMonth = [start.date.month] }
                byMonthDay = [start.date.day]
            case .monthly:
                byMonthDay = [start.date.day]
            case .weekly:
                byDay = [.init(start.date.weekday)]
            case .daily:
                break
            }
        } else if rule.frequency == .yearly, !rule.byWeekNo.isEmpty, rule.byDay.isEmpty, rule.byMonthDay.isEmpty, rule.byYearDay.isEmpty {
            // BYWEEKNO picks weeks; the day within the week comes from DTSTART, as BYMONTH alone
            // takes the day of the month from it. (python-dateutil takes all seven days.)
            byDay = [.init(start.date.weekday)]
        }

        monthMask = byMonth.reduce(0) { $0 | UInt16(1) << UInt16($1) }
        weekdayMask = byDay.filter { $0.ordinal == nil }.reduce(0) { $0 | UInt8(1) << UInt8($1.weekday.rawValue) }
        ordinals = byDay.compactMap { entry in entry.ordinal.map { ($0, entry.weekday.rawValue) } }
        hasByDay = !byDay.isEmpty
        ordinalsWithinMonth = rule.frequency == .monthly || (rule.frequency == .yearly && !byMonth.isEmpty)
        monthDaysPositive = byMonthDay.filter { $0 > 0 }.reduce(0) { $0 | UInt32(1) << UInt32($1) }
        monthDaysNegative = byMonthDay.filter { $0 < 0 }.reduce(0) { $0 | UInt32(1) << UInt32(-$1) }
        hasMonthDay = !byMonthDay.isEmpty
        yearDaysPositive = rule.byYearDay.filter { $0 > 0 }.sorted()
        yearDaysNegative = rule.byYearDay.filter { $0 < 0 }.map { -$0 }.sorted()
        weekNumbersPositive = rule.byWeekNo.filter { $0 > 0 }.reduce(0) { $0 | UInt64(1) << UInt64($1) }
        weekNumbersNegative = rule.byWeekNo.filter { $0 < 0 }.reduce(0) { $0 | UInt64(1) << UInt64(-$1) }
        hasWeekNo = !rule.byWeekNo.isEmpty
        setPositions = rule.bySetPos
        filtersDays = monthMask != 0 || hasByDay || hasMonthDay || !rule.byYearDay.isEmpty || hasWeekNo

        if let timesOverride {
            times = timesOverride
        } else if dateOnly {
            times = [0]
        } else {
            let hours = rule.byHour.isEmpty ? [start.hour] : rule.byHour
            let minutes = rule.byMinute.isEmpty ? [start.minute] : rule.byMinute
            let seconds = rule.bySecond.isEmpty ? [start.second] : rule.bySecond
            var times: [Int64] = []
            for hour in hours { for minute in minutes { for second in seconds { times.append(Int64(hour * 3600 + minute * 60 + second)) } } }
            self.times = Array(Set(times)).sorted()
        }
    }

    /// Does the day pass every day-level filter? `doy` is 0-based; `year` is the year the day is in.
    @inline(__always)
    func matches(day: Int, doy: Int, month: Int, dom: Int, monthLength: Int, weekday: Int, year: CalendarYear) -> Bool {
        if monthMask != 0, monthMask & (UInt16(1) << UInt16(month)) == 0 { return false }
        if hasMonthDay {
            guard monthDaysPositive & (UInt32(1) << UInt32(dom)) != 0
                || monthDaysNegative & (UInt32(1) << UInt32(monthLength - dom + 1)) != 0 else { return false }
        }
        if hasByDay, weekdayMask & (UInt8(1) << UInt8(weekday)) == 0 {
            guard matchesOrdinal(doy: doy, dom: dom, monthLength: monthLength, weekday: weekday, year: year) else { return false }
        }
        if !yearDaysPositive.isEmpty || !yearDaysNegative.isEmpty {
            guard yearDaysPositive.contains(doy + 1) || yearDaysNegative.contains(year.length - doy) else { return false }
        }
        if hasWeekNo, !matchesWeekNumber(day: day, weekday: weekday, year: year) { return false }
        return true
    }

    /// "The nth such weekday" counts within the month or the year: the day is the nth from the
    /// start if (dom-1)/7 whole weeks precede it there, and likewise from the end.
    private func matchesOrdinal(doy: Int, dom: Int, monthLength: Int, weekday: Int, year: CalendarYear) -> Bool {
        let fromStart: Int, fromEnd: Int
        if ordinalsWithinMonth {
            fromStart = (dom - 1) / 7 + 1
            fromEnd = (monthLength - dom) / 7 + 1
        } else {
            fromStart = doy / 7 + 1
            fromEnd = (year.length - 1 - doy) / 7 + 1
        }
        for entry in ordinals where entry.weekday == weekday {
            if entry.ordinal > 0 ? entry.ordinal == fromStart : -entry.ordinal == fromEnd { return true }
        }
        return false
    }

    /// RFC 5545 week numbers: weeks start on WKST; week 1 is the first with at least four days
    /// in the year, so a week belongs to the year that holds its fourth day.
    private func matchesWeekNumber(day: Int, weekday: Int, year: CalendarYear) -> Bool {
        let weekFirst = day - (weekday - weekStart + 7) % 7
        let fourthDay = weekFirst + 3
        let weekYear = fourthDay < year.firstDay ? year.year - 1 : (fourthDay >= year.firstDay + year.length ? year.year + 1 : year.year)
        let firstWeek = Self.firstWeekStart(of: weekYear, weekStart: weekStart)
        let number = (weekFirst - firstWeek) / 7 + 1
        let weeks = (Self.firstWeekStart(of: weekYear + 1, weekStart: weekStart) - firstWeek) / 7
        return weekNumbersPositive & (UInt64(1) << UInt64(number)) != 0
            || weekNumbersNegative & (UInt64(1) << UInt64(weeks - number + 1)) != 0
    }

    /// The first day of week 1: the week start on or before January 4.
    static func firstWeekStart(of year: Int, weekStart: Int) -> Int {
        let january4 = CivilCalendar.firstDay(ofYear: year) + 3
        return january4 - (Weekday.rawValue(ofDay: january4) - weekStart + 7) % 7
    }
}
