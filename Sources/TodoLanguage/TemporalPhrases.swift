/// What a date phrase said, before it is resolved against "now". Keeping the phrase (not
/// just a day) lets an add resolve "next week" to a Monday while a list question reads it as
/// the whole week.
enum DayPhrase: Sendable, Equatable {
    /// Days from today: today (0), tomorrow (1), "in 3 days", "in 2 weeks".
    case offset(Int)
    /// Calendar months from today ("in 2 months"), clamped to the end of a shorter month.
    case monthsAhead(Int)
    case weekday(Int, WeekdayMode)
    /// This week (0) or next week (1).
    case week(Int)
    case weekend(Int)
    case month(Int)
    case year(Int)
    case endOfWeek(Int)
    case endOfMonth(Int)
    case endOfYear(Int)
    case startOfMonth(Int)
    case midMonth(Int)
    case date(year: Int?, month: Int, day: Int)
    case dayOfMonth(Int)
    /// `12/11`: day and month could be either way round.
    case ambiguousNumeric(Int, Int, year: Int?)
    /// "a week from friday": another phrase's day, moved by days and months.
    indirect case shifted(DayPhrase, days: Int, months: Int)

    enum WeekdayMode: Sendable, Equatable {
        /// "friday", "this friday": the next one, today included.
        case bare
        /// "next friday": the first one after today.
        case next
        /// "friday next week", "next week friday".
        case nextWeek
        /// "last friday": the latest one before today.
        case last
    }
}

/// Times of day named by a word, with the documented defaults.
enum DayPeriod: Sendable, Equatable {
    case morning, noon, afternoon, evening, night, endOfDay

    var defaultSecond: Int {
        switch self {
        case .morning: return 9 * 3_600
        case .noon: return 12 * 3_600
        case .afternoon: return 15 * 3_600
        case .evening: return 19 * 3_600
        case .night: return 22 * 3_600
        case .endOfDay: return 17 * 3_600
        }
    }

    /// Whether a bare hour said with this period is in the afternoon ("at 8 tonight" is 20:00).
    var isAfternoon: Bool { self == .afternoon || self == .evening || self == .night }

    static func named(_ word: String) -> DayPeriod? {
        switch word {
        case "morning", "mornings": return .morning
        case "noon", "midday", "lunch", "lunchtime": return .noon
        case "afternoon", "afternoons": return .afternoon
        case "evening", "evenings", "tonight": return .evening
        case "night", "nights": return .night
        default: return nil
        }
    }
}

/// A clock time as said: "5pm", "17:00", "at 9", "half past 4".
struct ClockTime: Sendable, Equatable {
    var hour: Int
    var minute: Int
    /// True when am/pm or a 24-hour form settled the half of the day.
    var settled: Bool

    /// Seconds after midnight, applying the documented rule for an unsettled hour: with a period
    /// word it follows the period; alone, 1–6 is afternoon, 7–11 morning, 12 noon.
    func secondOfDay(period: DayPeriod?) -> Int {
        var hour = self.hour
        if !settled, hour >= 1, hour <= 11 {
            if let period {
                if period.isAfternoon { hour += 12 }
            } else if hour <= 6 {
                hour += 12
            }
        }
        return (hour % 24) * 3_600 + minute * 60
    }
}
