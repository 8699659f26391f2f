/// A repeat rule as understood from the message, rendered as an RFC 5545 RRULE (without
/// DTSTART: the task's due is the first occurrence).
struct RecurrenceRule: Sendable, Equatable {
    enum Frequency: String, Sendable {
        case minutely = "MINUTELY", hourly = "HOURLY", daily = "DAILY", weekly = "WEEKLY", monthly = "MONTHLY", yearly = "YEARLY"

        /// Rules finer than a day are refused: the recurrence engine schedules by calendar day.
        var isSupported: Bool { self != .minutely && self != .hourly }
    }

    struct OrdinalWeekday: Sendable, Equatable {
        /// 1…5, or -1 for the last.
        var ordinal: Int
        var weekday: Int
    }

    var frequency: Frequency
    var interval = 1
    /// BYDAY without ordinals, Monday = 0.
    var weekdays: [Int] = []
    /// BYDAY with ordinals (monthly rules).
    var ordinalWeekdays: [OrdinalWeekday] = []
    /// BYMONTHDAY; -1 is the last day.
    var monthDays: [Int] = []
    var month: Int?
    /// BYSETPOS over the weekdays of a month ("the last weekday of the month": -1).
    var setPosition: Int?
    /// The time of day a rule like "every morning" implies.
    var period: DayPeriod?
    /// "every 3 months from when I last did it": the next one counts from completion.
    var fromCompletion = false
    var count: Int?
    /// RFC 5545 UNTIL value, already formatted.
    var until: String?

    /// Whether `day` (days since 1970) is an occurrence day of the rule, ignoring the interval
    /// (the first occurrence is the DTSTART, so the interval counts from it).
    func matches(_ day: Int) -> Bool {
        let date = Clock.date(day)
        let weekday = Clock.weekday(day)
        switch frequency {
        case .minutely, .hourly, .daily, .weekly:
            return weekdays.isEmpty || weekdays.contains(weekday)
        case .monthly, .yearly:
            if let month, date.month != month { return false }
            if !monthDays.isEmpty {
                let last = Clock.lastDay(year: date.year, month: date.month)
                return monthDays.contains { $0 > 0 ? $0 == date.day : last + $0 + 1 == day }
            }
            if !ordinalWeekdays.isEmpty {
                return ordinalWeekdays.contains { Clock.nthWeekday($0.ordinal, $0.weekday, year: date.year, month: date.month) == day }
            }
            if !weekdays.isEmpty {
                guard weekdays.contains(weekday) else { return false }
                guard let setPosition else { return true }
                // The set of matching days in the month, then the one at the position.
                let first = Clock.day(year: date.year, month: date.month, day: 1)
                let last = Clock.lastDay(year: date.year, month: date.month)
                let matching = (first...last).filter { weekdays.contains(Clock.weekday($0)) }
                let index = setPosition > 0 ? setPosition - 1 : matching.count + setPosition
                return matching.indices.contains(index) && matching[index] == day
            }
            return true
        }
    }

    /// The first occurrence day on or after `start` (searching eight years covers Feb 29).
    func firstDay(onOrAfter start: Int) -> Int? {
        var day = start
        while day < start + 366 * 8 {
            if matches(day) { return day }
            day += 1
        }
        return nil
    }

    var rrule: String {
        var parts = ["FREQ=\(frequency.rawValue)"]
        if interval > 1 { parts.append("INTERVAL=\(interval)") }
        if let month { parts.append("BYMONTH=\(month)") }
        if !monthDays.isEmpty {
            let ordered = monthDays.filter { $0 > 0 }.sorted() + monthDays.filter { $0 < 0 }.sorted()
            parts.append("BYMONTHDAY=" + ordered.map(String.init).joined(separator: ","))
        }
        if !ordinalWeekdays.isEmpty {
            parts.append("BYDAY=" + ordinalWeekdays.map { "\($0.ordinal)\(Lexicon.weekdayCodes[$0.weekday])" }.joined(separator: ","))
        } else if !weekdays.isEmpty {
            parts.append("BYDAY=" + Set(weekdays).sorted().map { Lexicon.weekdayCodes[$0] }.joined(separator: ","))
        }
        if let setPosition { parts.append("BYSETPOS=\(setPosition)") }
        if let count { parts.append("COUNT=\(count)") }
        if let until { parts.append("UNTIL=\(until)") }
        return parts.joined(separator: ";")
    }

    /// The calendar unit one step of the rule takes, for turning "for the next 3 weeks" into COUNT.
    var stepUnit: Lexicon.Unit? {
        switch frequency {
        case .daily: return .day
        case .weekly: return .week
        case .monthly: return .month
        case .yearly: return .year
        case .hourly: return .hour
        case .minutely: return .minute
        }
    }

    /// Whether each step has exactly one occurrence (so a duration divides into a COUNT).
    var oneOccurrencePerStep: Bool {
        switch frequency {
        case .weekly: return weekdays.count <= 1
        case .monthly: return monthDays.count + ordinalWeekdays.count <= 1 && weekdays.isEmpty
        case .daily: return weekdays.isEmpty
        default: return true
        }
    }
}
