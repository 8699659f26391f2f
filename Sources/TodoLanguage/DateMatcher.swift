import TodoModel

/// Day phrases: "today", "tomorrow morning", "next tuesday", "friday next week", "this
/// weekend", "end of the month", "in 3 days", "a week from today", "dec 12", "12th of
/// december 2026", "the 15th", "12/20", "2026-01-15".
enum DateMatcher {
    struct Match: Sendable {
        var phrase: DayPhrase
        var end: Int
        /// A period word said with the day ("tomorrow morning", "tonight").
        var period: DayPeriod?
    }

    /// Words after which a short weekday ("sat", "sun", "wed", "mon") is a weekday.
    private static let weekdayContext: Set<String> = ["on", "every", "each", "next", "this", "by", "until", "till", "before", "after", "and", "from", "due", "coming"]

    static func match(_ tokens: [Token], _ i: Int) -> Match? {
        guard let base = matchDay(tokens, i) else { return nil }
        var result = base
        // A period right after the day: "tomorrow morning", "friday evening", "sunday at night".
        if result.period == nil, let (period, end) = periodAfter(tokens, result.end) {
            result.period = period
            result.end = end
        }
        return result
    }

    /// "morning", "in the morning", "at night", "night".
    static func periodAfter(_ tokens: [Token], _ i: Int) -> (DayPeriod, Int)? {
        guard i < tokens.count, tokens[i].isWord else { return nil }
        if let period = DayPeriod.named(tokens[i].norm), !tokens[i].isAny(["tonight", "lunch", "lunchtime"]), !tokens[i].norm.hasSuffix("s") {
            return (period, i + 1)
        }
        if tokens[i].is("in"), i + 2 < tokens.count, tokens[i + 1].is("the"), let period = DayPeriod.named(tokens[i + 2].norm),
           tokens[i + 2].isAny(["morning", "afternoon", "evening"]) {
            return (period, i + 3)
        }
        if tokens[i].is("at"), i + 1 < tokens.count, tokens[i + 1].isAny(["night", "lunch", "lunchtime"]), let period = DayPeriod.named(tokens[i + 1].norm) {
            return (period, i + 2)
        }
        return nil
    }

    private static func matchDay(_ tokens: [Token], _ i: Int) -> Match? {
        guard i < tokens.count else { return nil }
        let token = tokens[i]
        if token.kind == .word {
            if let match = relativeWord(tokens, i) { return match }
            if let match = weekdayPhrase(tokens, i) { return match }
            if let match = boundary(tokens, i) { return match }
            if let match = inAmount(tokens, i) { return match }
            if let match = amountFromNow(tokens, i) { return match }
            if let match = monthDay(tokens, i) { return match }
            if let match = numeric(tokens, i) { return match }
        }
        return nil
    }

    // MARK: today, tomorrow, this/next …

    private static func relativeWord(_ tokens: [Token], _ i: Int) -> Match? {
        let word = tokens[i].norm
        switch word {
        case "today": return Match(phrase: .offset(0), end: i + 1)
        case "tonight": return Match(phrase: .offset(0), end: i + 1, period: .evening)
        case "tomorrow": return Match(phrase: .offset(1), end: i + 1)
        case "overmorrow": return Match(phrase: .offset(2), end: i + 1)
        case "yesterday": return Match(phrase: .offset(-1), end: i + 1)
        case "eod": return Match(phrase: .offset(0), end: i + 1, period: .endOfDay)
        case "eow": return Match(phrase: .endOfWeek(0), end: i + 1)
        case "eom": return Match(phrase: .endOfMonth(0), end: i + 1)
        case "eoy": return Match(phrase: .endOfYear(0), end: i + 1)
        default: break
        }
        // "(the) day after tomorrow"
        var j = i
        if tokens[j].is("the") { j += 1 }
        if j + 2 < tokens.count, tokens[j].is("day"), tokens[j + 1].is("after"), tokens[j + 2].is("tomorrow") {
            return Match(phrase: .offset(2), end: j + 3)
        }
        // "last friday", "last week", "last month" (for questions about the past).
        if word == "last", i + 1 < tokens.count, tokens[i + 1].isWord {
            let next = tokens[i + 1].norm
            if let weekday = Lexicon.weekday(next) { return Match(phrase: .weekday(weekday, .last), end: i + 2) }
            switch next {
            case "week": return Match(phrase: .week(-1), end: i + 2)
            case "weekend": return Match(phrase: .weekend(-1), end: i + 2)
            case "month": return Match(phrase: .month(-1), end: i + 2)
            case "year": return Match(phrase: .year(-1), end: i + 2)
            case "night": return Match(phrase: .offset(-1), end: i + 2, period: .night)
            default: return nil
            }
        }
        if word == "this" || word == "next" || word == "coming" {
            var k = i + 1
            if word == "this", k < tokens.count, tokens[k].is("coming") { k += 1 }
            guard k < tokens.count, tokens[k].isWord else { return nil }
            let next = tokens[k].norm
            let isNext = word == "next"
            if let weekday = Lexicon.weekday(next) {
                return Match(phrase: .weekday(weekday, isNext ? .next : .bare), end: k + 1)
            }
            if word == "coming" { return nil }
            switch next {
            case "week":
                // "next week friday"
                if isNext, k + 1 < tokens.count, let weekday = Lexicon.weekday(tokens[k + 1].norm) {
                    return Match(phrase: .weekday(weekday, .nextWeek), end: k + 2)
                }
                return Match(phrase: .week(isNext ? 1 : 0), end: k + 1)
            case "weekend": return Match(phrase: .weekend(isNext ? 1 : 0), end: k + 1)
            case "month": return Match(phrase: .month(isNext ? 1 : 0), end: k + 1)
            case "year": return Match(phrase: .year(isNext ? 1 : 0), end: k + 1)
            default: break
            }
            if !isNext, let period = DayPeriod.named(next), next != "tonight" {
                return Match(phrase: .offset(0), end: k + 1, period: period)
            }
            return nil
        }
        if word == "weekend" {
            return Match(phrase: .weekend(0), end: i + 1)
        }
        return nil
    }

    private static func weekdayPhrase(_ tokens: [Token], _ i: Int) -> Match? {
        let word = tokens[i].norm
        guard let weekday = Lexicon.weekday(word) else { return nil }
        if Lexicon.ambiguousWeekdays.contains(word) {
            // "sat", "sun", "wed", "mon" are weekdays after a day word or next to another weekday or a time.
            let before = i > 0 && (tokens[i - 1].isAny(weekdayContext) || Lexicon.weekday(tokens[i - 1].norm) != nil)
            let after = i + 1 < tokens.count && (Lexicon.weekday(tokens[i + 1].norm) != nil || TimeMatcher.parseClock(tokens[i + 1].norm)?.settled == true)
            guard before || after else { return nil }
        }
        // "Black Friday", "Good Friday", "Cyber Monday", "Sunday Times": names, not dates.
        if i > 0, tokens[i - 1].isAny(["black", "good", "cyber", "easter", "ash", "palm", "holy", "super", "maundy", "giving"]) { return nil }
        if i + 1 < tokens.count, tokens[i + 1].isAny(["times", "school", "roast", "brunch", "best", "league", "paper", "service", "mass", "funday", "blues"]) { return nil }
        var end = i + 1
        // "friday the 28th": the ordinal says which.
        if end + 1 < tokens.count, tokens[end].is("the"), let day = Lexicon.ordinal(tokens[end + 1].norm), day <= 31, tokens[end + 1].norm.first?.isNumber == true {
            return Match(phrase: .dayOfMonth(day), end: end + 2)
        }
        // "friday next week", "friday this week", "friday week"
        if end + 1 < tokens.count, tokens[end].isAny(["next", "this"]), tokens[end + 1].is("week") {
            let next = tokens[end].is("next")
            return Match(phrase: .weekday(weekday, next ? .nextWeek : .bare), end: end + 2)
        }
        if end < tokens.count, tokens[end].is("week"), end + 1 == tokens.count || !tokens[end + 1].isWord {
            end += 1
            return Match(phrase: .weekday(weekday, .nextWeek), end: end)
        }
        return Match(phrase: .weekday(weekday, .bare), end: end)
    }

    // MARK: end of …, beginning of …, mid-month

    private static func boundary(_ tokens: [Token], _ i: Int) -> Match? {
        var j = i
        if tokens[j].is("the"), j + 1 < tokens.count { j += 1 }
        let word = tokens[j].norm
        // "month end", "month-end", "year end"
        if (word == "month" || word == "year"), j + 1 < tokens.count, tokens[j + 1].is("end") {
            return Match(phrase: word == "month" ? .endOfMonth(0) : .endOfYear(0), end: j + 2)
        }
        if word == "month-end" { return Match(phrase: .endOfMonth(0), end: j + 1) }
        // "the last day of the month", "last day of next month"
        if word == "last", j + 2 < tokens.count, tokens[j + 1].is("day"), tokens[j + 2].is("of"),
           let (offset, unitEnd, unit) = boundaryUnit(tokens, j + 3), unit == "month" {
            return Match(phrase: .endOfMonth(offset), end: unitEnd)
        }
        if word == "mid-month" { return Match(phrase: .midMonth(0), end: j + 1) }
        // "mid next month", "mid-next month"
        if word == "mid" || word == "middle" {
            var k = j + 1
            if word == "middle" {
                guard k < tokens.count, tokens[k].is("of") else { return nil }
                k += 1
            }
            guard let (offset, unitEnd, unit) = boundaryUnit(tokens, k), unit == "month" else { return nil }
            return Match(phrase: .midMonth(offset), end: unitEnd)
        }
        guard word == "end" || word == "beginning" || word == "start" else { return nil }
        var k = j + 1
        guard k < tokens.count, tokens[k].is("of") else { return nil }
        k += 1
        // "end of day", "end of the day", "end of business"
        var m = k
        if m < tokens.count, tokens[m].is("the") { m += 1 }
        if word == "end", m < tokens.count, tokens[m].isAny(["day", "business"]) {
            if m + 1 < tokens.count, tokens[m + 1].is("day") { m += 1 }
            return Match(phrase: .offset(0), end: m + 1, period: .endOfDay)
        }
        // "end of march", "beginning of may"
        if m < tokens.count, let month = Lexicon.month(tokens[m].norm) {
            // Day 31 reads as the month's last day (see DayResolver).
            return Match(phrase: .date(year: nil, month: month, day: word == "end" ? 31 : 1), end: m + 1)
        }
        guard let (offset, unitEnd, unit) = boundaryUnit(tokens, k) else { return nil }
        switch (word, unit) {
        case ("end", "week"): return Match(phrase: .endOfWeek(offset), end: unitEnd)
        case ("end", "month"): return Match(phrase: .endOfMonth(offset), end: unitEnd)
        case ("end", "year"): return Match(phrase: .endOfYear(offset), end: unitEnd)
        case (_, "month"): return Match(phrase: .startOfMonth(offset == 0 ? 1 : offset), end: unitEnd)
        case (_, "week"): return Match(phrase: .week(max(offset, 1)), end: unitEnd)
        case (_, "year"): return Match(phrase: .year(max(offset, 1)), end: unitEnd)
        default: return nil
        }
    }

    /// "week", "the month", "this year", "next month" → (0 or 1, end, unit).
    private static func boundaryUnit(_ tokens: [Token], _ i: Int) -> (Int, Int, String)? {
        var k = i
        var offset = 0
        if k < tokens.count, tokens[k].isAny(["the", "this"]) { k += 1 }
        if k < tokens.count, tokens[k].is("next") {
            offset = 1
            k += 1
        }
        guard k < tokens.count, tokens[k].isAny(["week", "month", "year"]) else { return nil }
        return (offset, k + 1, tokens[k].norm)
    }

    // MARK: in 3 days, 2 weeks from now

    private static func inAmount(_ tokens: [Token], _ i: Int) -> Match? {
        guard tokens[i].isAny(["in", "within"]), let (duration, end) = Duration.match(tokens, i + 1), duration.isCalendar,
              !tokens[i + 1].is("the") else { return nil }
        return Match(phrase: phrase(for: duration), end: end)
    }

    private static func amountFromNow(_ tokens: [Token], _ i: Int) -> Match? {
        guard !tokens[i].is("the"), let (duration, end) = Duration.match(tokens, i), duration.isCalendar, end < tokens.count else { return nil }
        if tokens[end].is("later") { return Match(phrase: phrase(for: duration), end: end + 1) }
        guard tokens[end].isAny(["from", "after"]), end + 1 < tokens.count else { return nil }
        if tokens[end + 1].isAny(["now", "today"]) { return Match(phrase: phrase(for: duration), end: end + 2) }
        // "a week from friday", "two days after the 15th"
        guard let base = matchDay(tokens, end + 1) else { return nil }
        let shifted = DayPhrase.shifted(base.phrase, days: duration.days + duration.weeks * 7, months: duration.months + duration.years * 12)
        return Match(phrase: shifted, end: base.end, period: base.period)
    }

    private static func phrase(for duration: Duration) -> DayPhrase {
        if duration.months != 0 || duration.years != 0 {
            return .monthsAhead(duration.months + duration.years * 12)
        }
        return .offset(duration.days + duration.weeks * 7)
    }

    // MARK: dec 12, 12th of december, the 15th

    private static func monthDay(_ tokens: [Token], _ i: Int) -> Match? {
        var j = i
        if tokens[j].is("the"), j + 1 < tokens.count { j += 1 }
        let word = tokens[j].norm
        // "december 12", "dec 12th", "dec. 12, 2026"
        if let month = Lexicon.month(word), j == i {
            var k = j + 1
            if k < tokens.count, tokens[k].is(".") { k += 1 }
            guard k < tokens.count, let day = dayNumber(tokens[k].norm), day <= 31 else { return nil }
            var end = k + 1
            let year = yearAfter(tokens, &end)
            return Match(phrase: .date(year: year, month: month, day: day), end: end)
        }
        // "12 dec", "12th of december 2026", "the 15th", "the 1st of the month"
        guard let day = dayNumber(word), day >= 1, day <= 31 else { return nil }
        let ordinal = Lexicon.ordinal(word) != nil
        var k = j + 1
        if k < tokens.count, tokens[k].is("of") { k += 1 }
        if k < tokens.count, let month = Lexicon.month(tokens[k].norm) {
            var end = k + 1
            let year = yearAfter(tokens, &end)
            return Match(phrase: .date(year: year, month: month, day: day), end: end)
        }
        // A bare ordinal is a day of the month only when it cannot be anything else: "the 15th",
        // "15th", but "the first" only at the end of a phrase ("read the first chapter" is a title).
        guard ordinal else { return nil }
        if tokens[j].norm.first?.isNumber != true {
            guard j > i, k >= tokens.count || !tokens[k].isWord || tokens[k].isAny(["at", "by", "and", "remind"]) else { return nil }
        }
        if k < tokens.count, tokens[k - 1].is("of") {
            // "the 15th of every month" belongs to recurrence, not here.
            return nil
        }
        return Match(phrase: .dayOfMonth(day), end: j + 1)
    }

    private static func dayNumber(_ word: String) -> Int? {
        if let ordinal = Lexicon.ordinal(word) { return ordinal }
        guard word.count <= 2, word.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(word)
    }

    private static func yearAfter(_ tokens: [Token], _ end: inout Int) -> Int? {
        var k = end
        if k < tokens.count, tokens[k].isPunct, tokens[k].norm == "," { k += 1 }
        guard k < tokens.count, tokens[k].norm.count == 4, let year = Int(tokens[k].norm), (1970...2200).contains(year) else { return nil }
        end = k + 1
        return year
    }

    // MARK: 12/20, 2026-01-15, 20.12.2025

    private static func numeric(_ tokens: [Token], _ i: Int) -> Match? {
        let word = tokens[i].norm
        guard let first = word.first, first.isNumber else { return nil }
        if word.count == 10, let value = DateValue(rfc3339: word) {
            return Match(phrase: .date(year: value.local.year, month: value.local.month, day: value.local.day), end: i + 1)
        }
        let separator: Character
        if word.contains("/") {
            separator = "/"
        } else if word.contains("."), word.filter({ $0 == "." }).count >= 1, !word.contains(":") {
            separator = "."
        } else {
            return nil
        }
        let parts = word.split(separator: separator, omittingEmptySubsequences: true).map(String.init)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        guard let a = Int(parts[0]), let b = Int(parts[1]), parts[0].count <= 2, parts[1].count <= 2 else { return nil }
        var year: Int?
        if parts.count == 3 {
            guard let value = Int(parts[2]) else { return nil }
            year = parts[2].count == 2 ? 2000 + value : value
            guard (1970...2200).contains(year!) else { return nil }
        }
        // "20.12." is European day.month; "12/20" is read whichever way is a valid date.
        if separator == "." {
            guard (1...12).contains(b), (1...31).contains(a), parts.count == 3 || word.hasSuffix(".") else { return nil }
            return Match(phrase: .date(year: year, month: b, day: a), end: i + 1)
        }
        switch (a <= 12, b <= 12) {
        case (true, true):
            if a == b { return Match(phrase: .date(year: year, month: a, day: b), end: i + 1) }
            return Match(phrase: .ambiguousNumeric(a, b, year: year), end: i + 1)
        case (true, false):
            guard b <= 31 else { return nil }
            return Match(phrase: .date(year: year, month: a, day: b), end: i + 1)
        case (false, true):
            guard a <= 31 else { return nil }
            return Match(phrase: .date(year: year, month: b, day: a), end: i + 1)
        default:
            return nil
        }
    }
}
