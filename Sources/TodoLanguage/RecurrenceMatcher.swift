/// Repeat phrases: "every weekday", "every other saturday", "every 2nd wednesday", "mondays and
/// thursdays", "daily", "every 3 months", "on the last day of every month", "every year on
/// march 3", "every morning", "every! week".
enum RecurrenceMatcher {
    /// Words after which "daily", "weekly" … are adverbs ("water the garden daily at 7"), not
    /// adjectives that belong to the title ("daily standup", "weekly review").
    private static let adverbFollowers: Set<String> = [
        "at", "on", "in", "from", "until", "till", "for", "starting", "and", "by", "before", "after", "remind",
        "with", "except", "then", "please", "until", "through", "beginning", "p1", "p2", "p3", "p4", "urgent",
        "tomorrow", "today", "tonight", "next", "this", "every",
    ]

    static func match(_ tokens: [Token], _ i: Int) -> (RecurrenceRule, Int)? {
        guard i < tokens.count, tokens[i].isWord else { return nil }
        var j = i
        if tokens[j].is("on"), j + 1 < tokens.count { j += 1 }
        let word = tokens[j].norm
        if word == "every" || word == "each" || word == "every!" {
            var k = j + 1
            var completion = word == "every!"
            if k < tokens.count, tokens[k].isPunct, tokens[k].norm == "!" {
                completion = true
                k += 1
            }
            guard let (found, end) = afterEvery(tokens, k) else { return nil }
            var rule = found
            rule.fromCompletion = rule.fromCompletion || completion
            return (rule, end)
        }
        if j == i, let rule = adverb(word), isAdverb(tokens, j + 1) {
            var rule = rule
            var end = j + 1
            extend(&rule, tokens, &end)
            return (rule, end)
        }
        if let (rule, end) = pluralDays(tokens, j) { return (rule, end) }
        if let (rule, end) = ofEveryMonth(tokens, j) { return (rule, end) }
        return nil
    }

    // MARK: every …

    private static func afterEvery(_ tokens: [Token], _ start: Int) -> (RecurrenceRule, Int)? {
        var k = start
        guard k < tokens.count else { return nil }
        if tokens[k].is("single") { k += 1 }
        guard k < tokens.count, tokens[k].isWord else { return nil }
        var interval = 1
        if tokens[k].is("other") {
            interval = 2
            k += 1
        } else if let number = Lexicon.number(tokens[k].norm), number >= 1, k + 1 < tokens.count, Lexicon.unit(tokens[k + 1].norm) != nil || tokens[k + 1].isAny(["fortnight", "fortnights", "quarters"]) {
            interval = number
            k += 1
        }
        guard k < tokens.count, tokens[k].isWord else { return nil }
        let word = tokens[k].norm
        var rule: RecurrenceRule
        var end = k + 1

        if let ordinal = ordinalOrLast(word), interval == 1, end < tokens.count {
            // "every 2nd and 4th tuesday", "every first and third monday"
            var ordinals = [ordinal]
            var listEnd = end
            while listEnd + 1 < tokens.count, tokens[listEnd].isJoiner,
                  let more = ordinalOrLast(tokens[listEnd + 1].norm) {
                ordinals.append(more)
                listEnd += 2
            }
            if ordinals.count > 1, listEnd < tokens.count, let weekday = Lexicon.weekday(tokens[listEnd].norm) ?? Lexicon.pluralWeekday(tokens[listEnd].norm) {
                rule = RecurrenceRule(frequency: .monthly, ordinalWeekdays: ordinals.map { .init(ordinal: $0, weekday: weekday) })
                end = listEnd + 1
                skipOfMonth(tokens, &end)
                return (rule, end)
            }
            // "every 2nd wednesday" (the 2nd Wednesday of each month), "every last friday",
            // "every last day of the month", "every 15th", "every 2nd week".
            let next = tokens[end].norm
            if let weekday = Lexicon.weekday(next) ?? Lexicon.pluralWeekday(next) {
                rule = RecurrenceRule(frequency: .monthly, ordinalWeekdays: [.init(ordinal: ordinal, weekday: weekday)])
                end += 1
                skipOfMonth(tokens, &end)
                extend(&rule, tokens, &end)
                return (rule, end)
            }
            // "every last weekday of the month", "every first working day of the month"
            if let end2 = workdayWords(tokens, end) {
                rule = RecurrenceRule(frequency: .monthly, weekdays: [0, 1, 2, 3, 4], setPosition: ordinal)
                end = end2
                skipOfMonth(tokens, &end)
                return (rule, end)
            }
            if next == "day", ordinal == -1 {
                rule = RecurrenceRule(frequency: .monthly, monthDays: [-1])
                end += 1
                skipOfMonth(tokens, &end)
                return (rule, end)
            }
            if let unit = Lexicon.unit(next), ordinal > 1, unit != .minute, unit != .hour {
                rule = RecurrenceRule(frequency: frequency(unit), interval: ordinal)
                end += 1
                extend(&rule, tokens, &end)
                return (rule, end)
            }
        }
        if let ordinal = Lexicon.ordinal(word), interval == 1, word.first?.isNumber == true {
            // "every 15th (of the month)"
            rule = RecurrenceRule(frequency: .monthly, monthDays: [ordinal])
            skipOfMonth(tokens, &end)
            return (rule, end)
        }
        if let unit = Lexicon.unit(word) {
            rule = RecurrenceRule(frequency: frequency(unit), interval: interval)
            if word == "fortnight" || word == "fortnights" { rule.interval *= 2 }
            extend(&rule, tokens, &end)
            return (rule, end)
        }
        switch word {
        case "quarter", "quarters":
            rule = RecurrenceRule(frequency: .monthly, interval: 3 * interval)
            extend(&rule, tokens, &end)
            return (rule, end)
        case "weekday", "weekdays", "workday", "workdays":
            rule = RecurrenceRule(frequency: .weekly, interval: interval, weekdays: [0, 1, 2, 3, 4])
            return (rule, end)
        case "business", "working":
            guard end < tokens.count, tokens[end].isAny(["day", "days"]) else { return nil }
            return (RecurrenceRule(frequency: .weekly, interval: interval, weekdays: [0, 1, 2, 3, 4]), end + 1)
        case "weekend", "weekends":
            return (RecurrenceRule(frequency: .weekly, interval: interval, weekdays: [5, 6]), end)
        default:
            break
        }
        if let period = DayPeriod.named(word), interval == 1 {
            return (RecurrenceRule(frequency: .daily, period: period), end)
        }
        if let (weekdays, listEnd) = weekdayList(tokens, k) {
            var rule = RecurrenceRule(frequency: .weekly, interval: interval, weekdays: weekdays)
            var end = listEnd
            // "every tuesday night", "every monday morning"
            if let (period, periodEnd) = DateMatcher.periodAfter(tokens, end) {
                rule.period = period
                end = periodEnd
            }
            return (rule, end)
        }
        // "every march 3", "every 12th of december" → yearly.
        if let month = Lexicon.month(word), end < tokens.count, let day = Lexicon.ordinal(tokens[end].norm) ?? smallNumber(tokens[end].norm) {
            return (RecurrenceRule(frequency: .yearly, interval: interval, monthDays: [day], month: month), end + 1)
        }
        return nil
    }

    // MARK: daily, weekly …

    private static func adverb(_ word: String) -> RecurrenceRule? {
        switch word {
        case "daily", "everyday": return RecurrenceRule(frequency: .daily)
        case "nightly": return RecurrenceRule(frequency: .daily, period: .night)
        case "weekly": return RecurrenceRule(frequency: .weekly)
        case "biweekly", "fortnightly": return RecurrenceRule(frequency: .weekly, interval: 2)
        case "monthly": return RecurrenceRule(frequency: .monthly)
        case "quarterly": return RecurrenceRule(frequency: .monthly, interval: 3)
        case "yearly", "annually": return RecurrenceRule(frequency: .yearly)
        case "hourly": return RecurrenceRule(frequency: .hourly)
        default: return nil
        }
    }

    private static func isAdverb(_ tokens: [Token], _ next: Int) -> Bool {
        guard next < tokens.count else { return true }
        let token = tokens[next]
        guard token.isWord else { return true }
        if adverbFollowers.contains(token.norm) { return true }
        if TimeMatcher.parseClock(token.norm) != nil || Lexicon.weekday(token.norm) != nil || Lexicon.number(token.norm) != nil { return true }
        return false
    }

    // MARK: mondays and thursdays, weekdays, weekends

    private static func pluralDays(_ tokens: [Token], _ i: Int) -> (RecurrenceRule, Int)? {
        let word = tokens[i].norm
        if word == "weekdays" || word == "workdays" {
            return (RecurrenceRule(frequency: .weekly, weekdays: [0, 1, 2, 3, 4]), i + 1)
        }
        if word == "weekends" {
            return (RecurrenceRule(frequency: .weekly, weekdays: [5, 6]), i + 1)
        }
        if Lexicon.pluralWeekday(word) != nil, let (weekdays, end) = weekdayList(tokens, i) {
            return (RecurrenceRule(frequency: .weekly, weekdays: weekdays), end)
        }
        // "gym monday, wednesday and friday": several weekdays named together repeat weekly.
        if Lexicon.weekday(word) != nil, let (weekdays, end) = weekdayList(tokens, i), Set(weekdays).count >= 2,
           !tokens[i..<end].contains(where: { $0.is("or") }) {
            return (RecurrenceRule(frequency: .weekly, weekdays: weekdays), end)
        }
        return nil
    }

    // MARK: on the last day of every month, the 1st and 15th of each month, the first monday of every month

    private static func ofEveryMonth(_ tokens: [Token], _ i: Int) -> (RecurrenceRule, Int)? {
        var k = i
        if k < tokens.count, tokens[k].is("the") { k += 1 }
        var rule = RecurrenceRule(frequency: .monthly)
        guard k < tokens.count, let ordinal = ordinalOrLast(tokens[k].norm) else { return nil }
        k += 1
        if k < tokens.count, let weekday = Lexicon.weekday(tokens[k].norm) {
            rule.ordinalWeekdays = [.init(ordinal: ordinal, weekday: weekday)]
            k += 1
        } else if let end = workdayWords(tokens, k) {
            rule.weekdays = [0, 1, 2, 3, 4]
            rule.setPosition = ordinal
            k = end
        } else if k < tokens.count, tokens[k].is("day"), ordinal == -1 {
            rule.monthDays = [-1]
            k += 1
        } else if ordinal > 0 {
            rule.monthDays = [ordinal]
            // "the 1st and 15th"
            while k + 1 < tokens.count, tokens[k].isJoiner, let more = Lexicon.ordinal(tokens[k + 1].norm) {
                rule.monthDays.append(more)
                k += 2
            }
        } else {
            return nil
        }
        guard k + 2 < tokens.count, tokens[k].is("of"), tokens[k + 1].isAny(["every", "each"]), tokens[k + 2].is("month") else { return nil }
        return (rule, k + 3)
    }

    // MARK: helpers

    /// "monday", "mon, wed and fri", "tuesdays and fridays", "monday, wednesday and friday".
    static func weekdayList(_ tokens: [Token], _ i: Int) -> ([Int], Int)? {
        var days: [Int] = []
        var k = i
        while k < tokens.count, tokens[k].isWord, let day = Lexicon.weekday(tokens[k].norm) ?? Lexicon.pluralWeekday(tokens[k].norm) {
            days.append(day)
            k += 1
            var separator = k
            while separator < tokens.count, tokens[separator].isAny(["and", "&", "or"]) || (tokens[separator].isPunct && tokens[separator].norm == ",") {
                separator += 1
            }
            guard separator < tokens.count, tokens[separator].isWord,
                  Lexicon.weekday(tokens[separator].norm) ?? Lexicon.pluralWeekday(tokens[separator].norm) != nil else { break }
            k = separator
        }
        return days.isEmpty ? nil : (days, k)
    }

    /// After the core of a rule: "on mondays", "on the 5th", "on the last day", "on march 3".
    private static func extend(_ rule: inout RecurrenceRule, _ tokens: [Token], _ end: inout Int) {
        guard end + 1 < tokens.count, tokens[end].is("on") else { return }
        let k = end + 1
        switch rule.frequency {
        case .weekly, .daily:
            if let (days, listEnd) = weekdayList(tokens, k) {
                rule.frequency = .weekly
                rule.weekdays = days
                end = listEnd
            }
        case .monthly:
            var m = k
            if tokens[m].is("the"), m + 1 < tokens.count { m += 1 }
            if let ordinal = ordinalOrLast(tokens[m].norm) {
                if m + 1 < tokens.count, let weekday = Lexicon.weekday(tokens[m + 1].norm) {
                    rule.ordinalWeekdays = [.init(ordinal: ordinal, weekday: weekday)]
                    end = m + 2
                } else if ordinal == -1, m + 1 < tokens.count, tokens[m + 1].is("day") {
                    rule.monthDays = [-1]
                    end = m + 2
                } else if ordinal > 0 {
                    rule.monthDays = [ordinal]
                    end = m + 1
                    while end + 1 < tokens.count, tokens[end].isJoiner, let more = Lexicon.ordinal(tokens[end + 1].norm) {
                        rule.monthDays.append(more)
                        end += 2
                    }
                }
                skipOfMonth(tokens, &end)
            }
        case .yearly:
            if let match = DateMatcher.match(tokens, k), case .date(_, let month, let day) = match.phrase {
                rule.month = month
                rule.monthDays = [day]
                end = match.end
            }
        default:
            break
        }
    }

    /// "of the month", "of every month", "of each month", "a month".
    private static func skipOfMonth(_ tokens: [Token], _ end: inout Int) {
        guard end + 1 < tokens.count, tokens[end].isAny(["of", "a", "each", "every"]) else { return }
        var k = end
        if tokens[k].isAny(["of"]) { k += 1 }
        if k < tokens.count, tokens[k].isAny(["the", "every", "each", "a"]) { k += 1 }
        if k < tokens.count, tokens[k].is("month") { end = k + 1 }
    }

    /// "weekday", "workday", "working day", "business day" → the end of those words.
    private static func workdayWords(_ tokens: [Token], _ i: Int) -> Int? {
        guard i < tokens.count else { return nil }
        if tokens[i].isAny(["weekday", "workday"]) { return i + 1 }
        if tokens[i].isAny(["working", "business", "work"]), i + 1 < tokens.count, tokens[i + 1].is("day") { return i + 2 }
        return nil
    }

    private static func ordinalOrLast(_ word: String) -> Int? {
        if word == "last" { return -1 }
        guard let ordinal = Lexicon.ordinal(word), ordinal <= 31 else { return nil }
        return ordinal
    }

    private static func smallNumber(_ word: String) -> Int? {
        guard word.count <= 2, let value = Int(word), (1...31).contains(value) else { return nil }
        return value
    }

    private static func frequency(_ unit: Lexicon.Unit) -> RecurrenceRule.Frequency {
        switch unit {
        case .minute: return .minutely
        case .hour: return .hourly
        case .day: return .daily
        case .week: return .weekly
        case .month: return .monthly
        case .year: return .yearly
        }
    }
}
