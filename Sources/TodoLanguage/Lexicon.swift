/// The vocabulary the matchers share: weekdays, months, numbers, ordinals, units and the
/// normalisation of what people actually type (abbreviations, slang, typos).
enum Lexicon {
    // MARK: Normalisation

    /// Spellings that mean a keyword but are too far from it for the typo corrector, or too
    /// short to correct safely.
    static let spellings: [String: String] = [
        "tmrw": "tomorrow", "tmr": "tomorrow", "tmrow": "tomorrow", "tmw": "tomorrow", "tomoz": "tomorrow",
        "2moro": "tomorrow", "2morrow": "tomorrow", "tdy": "today", "2day": "today",
        "tonite": "tonight", "2nite": "tonight", "tonigt": "tonight",
        "evry": "every", "evrey": "every", "eveyr": "every", "everey": "every", "evey": "every", "eveery": "every",
        "everyday": "everyday", "nxt": "next", "wk": "week", "wks": "weeks", "wknd": "weekend",
        "yr": "year", "yrs": "years", "hr": "hour", "hrs": "hours", "h": "hour", "min": "minute",
        "mins": "minutes", "sec": "second", "secs": "seconds", "appt": "appt",
        "remnd": "remind", "rmd": "remind", "rmnd": "remind", "remid": "remind", "reminde": "remind",
        "thur": "thursday", "thurs": "thursday", "thu": "thursday", "tues": "tuesday", "tue": "tuesday",
        "weds": "wednesday", "fri": "friday",
        "pls": "please", "plz": "please", "thx": "thanks", "ty": "thanks",
        "asap": "asap", "eod": "eod", "eow": "eow", "eom": "eom", "eoy": "eoy",
        "a.m.": "am", "p.m.": "pm", "a.m": "am", "p.m": "pm", "o'clock": "oclock", "o’clock": "oclock",
        "mid-day": "midday", "lunch-time": "lunchtime", "to-do": "todo", "to-dos": "todos", "todo's": "todos",
        "re-open": "reopen", "un-check": "uncheck", "isnt": "isn't", "didnt": "didn't", "dont": "don't",
        "whats": "what's", "wats": "what's", "wat": "what", "whens": "when's", "im": "i'm", "ive": "i've",
        "fortnightly": "fortnightly", "bi-weekly": "biweekly", "every!": "every!",
    ]

    /// Keywords the typo corrector may correct to: long and distinctive, so one edit away
    /// rarely lands on another real word.
    static let correctable: [String] = [
        "tomorrow", "today", "tonight", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "morning", "afternoon", "evening", "weekday", "weekdays", "weekend", "weekends", "remind", "reminder",
        "january", "february", "april", "august", "september", "october", "november", "december",
        "delete", "complete", "completed", "reschedule", "postpone", "priority", "urgent", "important",
        "minutes", "biweekly", "fortnight", "overdue", "until", "finished", "yesterday", "tagged",
    ]

    /// Real words one edit away from a keyword that must not be "corrected".
    static let notTypos: Set<String> = [
        "ever", "even", "mourning", "remainder", "remained", "deleted", "completes", "completer", "reminds",
        "weekly", "today's", "fridays", "mondays", "tuesdays", "sundays", "saturdays", "thursdays", "wednesdays",
        "minute", "minuets", "urgency", "untie", "reminders", "tagged", "bagged", "tugged", "tanged",
        "evenings", "mornings", "afternoons", "nights", "overdue", "overdone", "complement", "compete",
        "unlit", "tonight's", "tomorrow's", "sunday's", "reminded", "rewind", "remand", "finishes", "deletes",
    ]

    /// Lowercased word → the form matchers compare.
    static func normalize(_ lower: String) -> String {
        if let mapped = spellings[lower] { return mapped }
        // Possessives of time words: "tomorrow's", "today's", "friday's", "next week's".
        if lower.hasSuffix("'s"), lower.count > 3 {
            var base = String(lower.dropLast(2))
            if !isKnown(base), base.count >= 5, base.allSatisfy({ $0.isLetter }) {
                base = TypoCorrector.correct(base, candidates: correctable) ?? base
            }
            if dayWords.contains(base) || weekday(base) != nil || base == "week" || base == "month" { return base }
        }
        if isKnown(lower) || lower.count < 5 || notTypos.contains(lower) { return lower }
        if !lower.allSatisfy({ $0.isLetter }) { return lower }
        return TypoCorrector.correct(lower, candidates: correctable) ?? lower
    }

    private static let dayWords: Set<String> = ["today", "tomorrow", "yesterday", "tonight"]

    /// Words the corrector leaves alone because they are keywords already.
    static func isKnown(_ word: String) -> Bool {
        knownWords.contains(word) || weekday(word) != nil || month(word) != nil
    }

    private static let knownWords: Set<String> = Set(correctable).union([
        "every", "each", "daily", "monthly", "yearly", "annually", "hourly", "quarterly", "nightly", "weekly",
        "hours", "hour", "minute", "days", "weeks", "months", "years", "noon", "midnight", "night", "nights",
        "tonight", "later", "before", "after",
    ])

    // MARK: Weekdays and months

    /// Monday = 0 … Sunday = 6.
    static func weekday(_ word: String) -> Int? { weekdays[word] }

    /// Plural weekday ("tuesdays") → index, for recurrence.
    static func pluralWeekday(_ word: String) -> Int? { pluralWeekdays[word] }

    /// Short forms that are also English words ("sun", "sat", "wed", "mon"): weekdays only after
    /// a word that introduces a day.
    static let ambiguousWeekdays: Set<String> = ["mon", "wed", "sat", "sun"]

    private static let weekdays: [String: Int] = [
        "monday": 0, "mon": 0, "tuesday": 1, "wednesday": 2, "wed": 2, "thursday": 3, "friday": 4,
        "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
    ]
    private static let pluralWeekdays: [String: Int] = [
        "mondays": 0, "tuesdays": 1, "wednesdays": 2, "thursdays": 3, "fridays": 4, "saturdays": 5, "sundays": 6,
    ]
    static let weekdayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    static func month(_ word: String) -> Int? { months[word] }

    private static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
        "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
        "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    // MARK: Numbers

    private static let numberWords: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
        "sixty": 60, "ninety": 90, "hundred": 100,
    ]

    /// A cardinal: digits or a number word ("3", "three", "twenty").
    static func number(_ word: String) -> Int? {
        if let value = numberWords[word] { return value }
        guard !word.isEmpty, word.count <= 6, word.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(word)
    }

    /// A cardinal or the indefinite article and its friends, for durations ("an hour", "a couple of days").
    static func quantity(_ word: String) -> Int? {
        switch word {
        case "a", "an", "one": return 1
        case "couple": return 2
        case "few": return 3
        case "several": return 3
        default: return number(word)
        }
    }

    private static let ordinalWords: [String: Int] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
        "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
        "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
        "twenty-first": 21, "twenty-second": 22, "twenty-third": 23, "thirtieth": 30, "thirty-first": 31,
    ]

    /// An ordinal: "1st", "2nd", "23rd", "15th", "first", "second" (not "last").
    static func ordinal(_ word: String) -> Int? {
        if let value = ordinalWords[word] { return value }
        for suffix in ["st", "nd", "rd", "th"] where word.hasSuffix(suffix) {
            let digits = word.dropLast(2)
            guard !digits.isEmpty, digits.count <= 2, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(digits)
        }
        return nil
    }

    // MARK: Units

    enum Unit: Sendable, Equatable {
        case minute, hour, day, week, month, year
    }

    static func unit(_ word: String) -> Unit? {
        switch word {
        case "minute", "minutes", "m", "mn", "mins", "min": return .minute
        case "hour", "hours", "h", "hrs", "hr": return .hour
        case "day", "days", "d": return .day
        case "week", "weeks", "w", "wks", "wk": return .week
        case "fortnight", "fortnights": return .week
        case "month", "months": return .month
        case "year", "years", "yr", "yrs": return .year
        default: return nil
        }
    }
}
