/// Turns a day phrase into a day (days since 1970) for a due date, following the documented
/// defaults, or says why it cannot without asking.
enum DayResolver {
    enum Outcome: Sendable, Equatable {
        case day(Int)
        /// Asks back: the two days the phrase could mean, and the words to quote.
        case ambiguous(Int, Int)
        case invalid
    }

    static func resolve(_ phrase: DayPhrase, _ clock: Clock) -> Outcome {
        let today = clock.today
        switch phrase {
        case .offset(let days):
            return .day(today + days)
        case .monthsAhead(let months):
            return .day(Clock.addMonths(today, months))
        case .weekday(let weekday, .bare):
            return .day(Clock.onOrAfter(today, weekday: weekday))
        case .weekday(let weekday, .next):
            let day = Clock.onOrAfter(today + 1, weekday: weekday)
            // "next thursday" said on a Wednesday: tomorrow, or Thursday of next week?
            if day == today + 1 { return .ambiguous(day, day + 7) }
            return .day(day)
        case .weekday(let weekday, .last):
            return .day(Clock.onOrAfter(today - 7, weekday: weekday) == today ? today - 7 : Clock.onOrAfter(today - 7, weekday: weekday))
        case .weekday(let weekday, .nextWeek):
            return .day(Clock.monday(of: today) + 7 + weekday)
        case .week(0):
            return resolve(.endOfWeek(0), clock)
        case .week(let weeks):
            // "next week" is next Monday.
            return .day(Clock.monday(of: today) + 7 * weeks)
        case .weekend(0):
            return .day(Clock.weekday(today) >= 5 ? today : Clock.onOrAfter(today, weekday: 5))
        case .weekend(let weeks) where weeks < 0:
            return .day(Clock.monday(of: today) + 7 * weeks + 5)
        case .weekend:
            return .day(Clock.onOrAfter(today + 1, weekday: 5))
        case .month(0):
            return resolve(.endOfMonth(0), clock)
        case .month(let months):
            return .day(firstOfMonth(Clock.addMonths(today, months)))
        case .year(0):
            return resolve(.endOfYear(0), clock)
        case .year(let years):
            return .day(Clock.day(year: Clock.date(today).year + years, month: 1, day: 1))
        case .endOfWeek(0):
            // Friday, or on a weekend that weekend's Sunday.
            let weekday = Clock.weekday(today)
            return .day(weekday <= 4 ? Clock.onOrAfter(today, weekday: 4) : Clock.monday(of: today) + 6)
        case .endOfWeek(let weeks):
            return .day(Clock.monday(of: today) + 7 * weeks + 4)
        case .endOfMonth(let months):
            let date = Clock.date(Clock.addMonths(firstOfMonth(today), months))
            return .day(Clock.lastDay(year: date.year, month: date.month))
        case .endOfYear(let years):
            return .day(Clock.day(year: Clock.date(today).year + years, month: 12, day: 31))
        case .startOfMonth(let months):
            return .day(Clock.addMonths(firstOfMonth(today), max(months, 1)))
        case .midMonth(let months):
            var day = Clock.addMonths(firstOfMonth(today), months) + 14
            if day < today { day = Clock.addMonths(firstOfMonth(today), months + 1) + 14 }
            return .day(day)
        case .date(let year, let month, let day):
            return date(year: year, month: month, day: day, clock)
        case .dayOfMonth(let day):
            // The next such day on or after today, skipping months without it.
            var first = firstOfMonth(today)
            for _ in 0..<24 {
                let date = Clock.date(first)
                if day <= Clock.date(Clock.lastDay(year: date.year, month: date.month)).day {
                    let candidate = first + day - 1
                    if candidate >= today { return .day(candidate) }
                }
                first = Clock.addMonths(first, 1)
            }
            return .invalid
        case .shifted(let base, let days, let months):
            switch resolve(base, clock) {
            case .day(let day): return .day(Clock.addMonths(day, months) + days)
            case .ambiguous(let x, let y): return .ambiguous(Clock.addMonths(x, months) + days, Clock.addMonths(y, months) + days)
            case .invalid: return .invalid
            }
        case .ambiguousNumeric(let a, let b, let year):
            let first = date(year: year, month: a, day: b, clock)
            let second = date(year: year, month: b, day: a, clock)
            if case .day(let x) = first, case .day(let y) = second { return .ambiguous(x, y) }
            if case .day = first { return first }
            return second
        }
    }

    /// A month and day without a year is the next one on or after today.
    private static func date(year: Int?, month: Int, day: Int, _ clock: Clock) -> Outcome {
        guard (1...12).contains(month), day >= 1 else { return .invalid }
        if let year {
            let length = Clock.date(Clock.lastDay(year: year, month: month)).day
            guard day <= length else { return .invalid }
            return .day(Clock.day(year: year, month: month, day: day))
        }
        var year = Clock.date(clock.today).year
        for _ in 0..<8 {
            let length = Clock.date(Clock.lastDay(year: year, month: month)).day
            // The 31st stands for "the end of the month" ("end of february", "june 31"): clamp it.
            // Any other missing day (Feb 29) waits for a year that has it.
            let clamped = day == 31 ? min(day, length) : day
            if clamped <= length {
                let candidate = Clock.day(year: year, month: month, day: clamped)
                if candidate >= clock.today { return .day(candidate) }
            }
            year += 1
        }
        return .invalid
    }

    static func firstOfMonth(_ day: Int) -> Int {
        let date = Clock.date(day)
        return Clock.day(year: date.year, month: date.month, day: 1)
    }

    /// The inclusive range of days a phrase names, for list questions ("this week" is Monday
    /// to Sunday, "next weekend" Saturday and Sunday).
    static func range(_ phrase: DayPhrase, _ clock: Clock) -> ClosedRange<Int>? {
        let today = clock.today
        switch phrase {
        case .week(let weeks):
            let monday = Clock.monday(of: today) + 7 * weeks
            return monday...(monday + 6)
        case .weekend(let weeks):
            let saturday: Int
            if weeks < 0 {
                saturday = Clock.monday(of: today) + 7 * weeks + 5
            } else if weeks == 0 {
                saturday = Clock.weekday(today) == 6 ? today - 1 : Clock.onOrAfter(today, weekday: 5)
            } else {
                saturday = Clock.onOrAfter(today + 1, weekday: 5)
            }
            return saturday...(saturday + 1)
        case .month(let months):
            let first = Clock.addMonths(firstOfMonth(today), months)
            let date = Clock.date(first)
            return first...Clock.lastDay(year: date.year, month: date.month)
        case .year(let years):
            let year = Clock.date(today).year + years
            return Clock.day(year: year, month: 1, day: 1)...Clock.day(year: year, month: 12, day: 31)
        default:
            if case .day(let day) = resolve(phrase, clock) { return day...day }
            return nil
        }
    }
}
