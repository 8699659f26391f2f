/// An amount of time as said ("two days", "an hour and a half", "90 min", "1w"). Days, weeks,
/// months and years are calendar amounts (wall-clock arithmetic); hours and minutes are exact.
struct Duration: Sendable, Equatable {
    var years = 0
    var months = 0
    var weeks = 0
    var days = 0
    var minutes = 0

    var isCalendar: Bool { minutes == 0 }
    var isZero: Bool { years == 0 && months == 0 && weeks == 0 && days == 0 && minutes == 0 }

    init(years: Int = 0, months: Int = 0, weeks: Int = 0, days: Int = 0, minutes: Int = 0) {
        self.years = years
        self.months = months
        self.weeks = weeks
        self.days = days
        self.minutes = minutes
    }

    init(_ amount: Int, _ unit: Lexicon.Unit) {
        switch unit {
        case .minute: minutes = amount
        case .hour: minutes = amount * 60
        case .day: days = amount
        case .week: weeks = amount
        case .month: months = amount
        case .year: years = amount
        }
    }

    static func + (a: Duration, b: Duration) -> Duration {
        Duration(years: a.years + b.years, months: a.months + b.months, weeks: a.weeks + b.weeks, days: a.days + b.days, minutes: a.minutes + b.minutes)
    }

    /// ISO 8601: `P2D`, `P1W`, `PT1H30M`.
    var iso8601: String {
        var text = "P"
        if years != 0 { text += "\(years)Y" }
        if months != 0 { text += "\(months)M" }
        if weeks != 0 { text += "\(weeks)W" }
        if days != 0 { text += "\(days)D" }
        if minutes != 0 {
            text += "T"
            if minutes / 60 != 0 { text += "\(minutes / 60)H" }
            if minutes % 60 != 0 { text += "\(minutes % 60)M" }
        }
        return text == "P" ? "PT0M" : text
    }

    /// The single unit the duration is expressed in, when it is one ("3 weeks" → 3, .week).
    var singleUnit: (Int, Lexicon.Unit)? {
        let parts = [(years, Lexicon.Unit.year), (months, .month), (weeks, .week), (days, .day)].filter { $0.0 != 0 }
        if minutes == 0, parts.count == 1 { return parts[0] }
        if parts.isEmpty, minutes != 0 { return minutes % 60 == 0 ? (minutes / 60, .hour) : (minutes, .minute) }
        return nil
    }

    /// Reads a duration at `i`: "two days", "a week", "an hour and a half", "half an hour",
    /// "1.5 hours", "90 mins", "2h", "30m", "a couple of days", "the day" (as in "the day before").
    static func match(_ tokens: [Token], _ i: Int) -> (Duration, Int)? {
        guard i < tokens.count, tokens[i].isWord else { return nil }
        let word = tokens[i].norm
        // "half an hour", "half a day"
        if word == "half", i + 2 < tokens.count, tokens[i + 1].isAny(["an", "a"]), let unit = Lexicon.unit(tokens[i + 2].norm) {
            if unit == .hour { return (Duration(minutes: 30), i + 3) }
            if unit == .day { return (Duration(minutes: 12 * 60), i + 3) }
            return nil
        }
        // "the day", "the week" (before): one unit.
        if word == "the", i + 1 < tokens.count, tokens[i + 1].isAny(["day", "week", "month"]), let unit = Lexicon.unit(tokens[i + 1].norm) {
            return (Duration(1, unit), i + 2)
        }
        // Attached forms: "2h", "30m", "30min", "1hr", "2d", "1w", "1.5h".
        if let attached = attachedDuration(word) { return (attached, i + 1) }
        var amountEnd = i + 1
        var amount: Double
        // "a couple of days", "a few weeks"
        if (word == "a" || word == "an"), amountEnd < tokens.count, tokens[amountEnd].isAny(["couple", "few"]) {
            return match(tokens, amountEnd).map { ($0.0, $0.1) }
        }
        if let value = Lexicon.quantity(word) {
            amount = Double(value)
            if word == "couple" || word == "few" || word == "several" {
                if amountEnd < tokens.count, tokens[amountEnd].is("of") { amountEnd += 1 }
            }
        } else if let decimal = Double(word), word.contains("."), decimal > 0, decimal < 1_000 {
            amount = decimal
        } else if word == "fortnight" {
            return (Duration(weeks: 2), i + 1)
        } else {
            return nil
        }
        // "one and a half hours"
        var half = false
        if amountEnd + 3 < tokens.count, tokens[amountEnd].is("and"), tokens[amountEnd + 1].is("a"), tokens[amountEnd + 2].is("half") {
            half = true
            amountEnd += 3
        }
        guard amountEnd < tokens.count, tokens[amountEnd].isWord else { return nil }
        if tokens[amountEnd].norm == "fortnight" || tokens[amountEnd].norm == "fortnights" {
            return (Duration(weeks: 2 * Int(amount)), amountEnd + 1)
        }
        guard let unit = Lexicon.unit(tokens[amountEnd].norm), tokens[amountEnd].norm.count > 1 else { return nil }
        if half { amount += 0.5 }
        var end = amountEnd + 1
        var duration: Duration
        if amount != amount.rounded(.down) {
            guard unit == .hour || unit == .day else { return nil }
            duration = unit == .hour ? Duration(minutes: Int(amount * 60)) : Duration(minutes: Int(amount * 24 * 60))
        } else {
            duration = Duration(Int(amount), unit)
        }
        // "2 weeks and 3 days", "a day and 2 hours"
        if end + 1 < tokens.count, tokens[end].is("and"), !tokens[end + 1].is("a") || (end + 2 < tokens.count && !tokens[end + 2].is("half")),
           let (more, moreEnd) = match(tokens, end + 1), more.weeks + more.days + more.months + more.years + more.minutes > 0,
           !(more.minutes > 0 && unit == .hour) {
            return (duration + more, moreEnd)
        }
        // "an hour and a half", "1 hour and 30 minutes", "2 hours 15 minutes"
        if end + 2 < tokens.count, tokens[end].is("and"), tokens[end + 1].is("a"), tokens[end + 2].is("half") {
            switch unit {
            case .hour: duration = duration + Duration(minutes: 30)
            case .day: duration = duration + Duration(minutes: 12 * 60)
            default: return (duration, end)
            }
            end += 3
        } else if unit == .hour {
            var next = end
            if next < tokens.count, tokens[next].is("and") { next += 1 }
            if next + 1 < tokens.count, let extra = Lexicon.number(tokens[next].norm), Lexicon.unit(tokens[next + 1].norm) == .minute {
                duration = duration + Duration(minutes: extra)
                end = next + 2
            }
        }
        return (duration, end)
    }

    private static func attachedDuration(_ word: String) -> Duration? {
        guard let first = word.first, first.isNumber else { return nil }
        var digits = ""
        var rest = Substring(word)
        while let character = rest.first, character.isNumber || character == "." {
            digits.append(character)
            rest.removeFirst()
        }
        // Bounded like every other amount (`Lexicon.number`): "99999999999999999999d" is not a
        // duration, and converting it to `Int` would trap.
        guard !rest.isEmpty, digits.count <= 6, let amount = Double(digits), amount > 0, amount < 1_000_000 else { return nil }
        switch rest {
        case "h", "hr", "hrs": return Duration(minutes: Int(amount * 60))
        case "m", "min", "mins": return amount == amount.rounded(.down) ? Duration(minutes: Int(amount)) : nil
        case "d": return amount == amount.rounded(.down) ? Duration(days: Int(amount)) : nil
        case "w", "wk", "wks": return amount == amount.rounded(.down) ? Duration(weeks: Int(amount)) : nil
        default: return nil
        }
    }
}
