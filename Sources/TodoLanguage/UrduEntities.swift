import TodoModel

/// Reads the dates, times, repeats, reminders, priority and tags of Urdu words (canonical keys,
/// see `UrduLexicon`) into the same `SegmentEntities` slots the English matchers fill, so the
/// English resolver (`TaskResolver`) turns them into dues, RRULEs and reminder instants by the
/// same documented rules. Each matcher looks at a few tokens from one position and never
/// recurses; unmatched tokens are left, in order, for the title.
struct UrduEntities {
    let clock: Clock

    static func extract(_ tokens: [Token], _ clock: Clock) -> SegmentEntities {
        UrduEntities(clock: clock).run(tokens)
    }

    private static let periods: [String: DayPeriod] = ["subah": .morning, "dopahar": .afternoon, "shaam": .evening, "raat": .night]
    private static let periodHours: [DayPeriod: Int] = [.evening: 18, .night: 21]
    /// Words a day or time phrase may take after it: "jumma ko", "kal tak", "parson par".
    private static let dayParticles: Set<String> = ["ko", "tak", "par"]

    private func run(_ tokens: [Token]) -> SegmentEntities {
        var entities = SegmentEntities()
        let w = tokens.map(\.norm)
        var index = 0
        var sawTitleWord = false
        while index < tokens.count {
            let token = tokens[index]
            if token.kind == .hashtag {
                let tag = token.norm
                if !entities.tags.contains(tag) { entities.tags.append(tag) }
                index += 1
                continue
            }
            if token.kind == .quoted {
                entities.quotedTitle = token.text
                index += 1
                continue
            }
            guard token.isWord else {
                entities.rest.append(token)
                index += 1
                continue
            }
            if let end = reminder(w, index, &entities)
                ?? recurrence(w, index, &entities)
                ?? day(w, index, &entities, leads: !sawTitleWord)
                ?? time(w, index, &entities)
                ?? priority(w, index, &entities) {
                index = end
                continue
            }
            sawTitleWord = true
            entities.rest.append(token)
            index += 1
        }
        // Urdu evenings and nights start earlier than the English defaults: شام shaam is 18:00,
        // رات raat 21:00 (a bare hour said with them still follows the period).
        if entities.clock == nil, let period = entities.period ?? entities.rule?.period, let hour = Self.periodHours[period] {
            entities.clock = ClockTime(hour: hour, minute: 0, settled: true)
        }
        return entities
    }

    // MARK: Repeats

    /// roz, rozana, har roz/din, har doosre din, har 3 din, har hafte, har mahine (ki pehli / 5
    /// tareekh), har saal, har peer (aur jumma) ko, har subah.
    private func recurrence(_ w: [String], _ i: Int, _ e: inout SegmentEntities) -> Int? {
        let n = w.count
        if w[i] == "roz" || w[i] == "rozana" {
            guard e.rule == nil else { return nil }
            e.rule = RecurrenceRule(frequency: .daily)
            return i + 1
        }
        guard w[i] == "har", i + 1 < n, e.rule == nil else { return nil }
        var k = i + 1
        var interval = 1
        if w[k] == "doosre", k + 1 < n {
            interval = 2
            k += 1
        } else if let amount = UrduLexicon.number(w[k]), amount >= 1, amount <= 999, k + 1 < n, ["din", "hafta", "mahina", "saal"].contains(w[k + 1]) {
            interval = amount
            k += 1
        }
        var rule: RecurrenceRule
        switch w[k] {
        case "roz", "din":
            rule = RecurrenceRule(frequency: .daily)
            k += 1
        case "hafta":
            // "har hafte ko" is every Saturday; "har hafte" every week.
            if interval == 1, k + 1 < n, w[k + 1] == "ko" {
                rule = RecurrenceRule(frequency: .weekly, weekdays: [5])
                k += 2
            } else {
                rule = RecurrenceRule(frequency: .weekly)
                k += 1
                // "har hafte jumma ko": weekly on that day.
                if k < n, w[k] != "hafta", let day = UrduLexicon.weekdays[w[k]] {
                    rule.weekdays = [day]
                    k += 1
                }
            }
        case "mahina":
            rule = RecurrenceRule(frequency: .monthly)
            k += 1
            if let (day, end) = monthDay(w, k) {
                rule.monthDays = [day]
                k = end
            }
        case "saal":
            rule = RecurrenceRule(frequency: .yearly)
            k += 1
        case let word where UrduLexicon.weekdays[word] != nil:
            var days = [UrduLexicon.weekdays[word]!]
            k += 1
            while k + 1 < n, w[k] == "aur" || w[k] == ",", let next = UrduLexicon.weekdays[w[k + 1]], days.count < 7 {
                days.append(next)
                k += 2
            }
            rule = RecurrenceRule(frequency: .weekly, weekdays: days)
        case let word where Self.periods[word] != nil:
            rule = RecurrenceRule(frequency: .daily)
            rule.period = Self.periods[word]
            k += 1
        default:
            return nil
        }
        rule.interval = interval
        // "har 3 din baad": after every three days.
        if k < n, w[k] == "baad" { k += 1 }
        if k < n, w[k] == "ko" { k += 1 }
        e.rule = rule
        return k
    }

    /// "(ki|ke) pehli tareekh (ko)", "ki 5 tareekh", "ki aakhri tareekh": the day of the month.
    private func monthDay(_ w: [String], _ start: Int) -> (Int, Int)? {
        var k = start
        if k < w.count, ["ki", "ke", "ka"].contains(w[k]) { k += 1 }
        guard k + 1 < w.count, w[k + 1] == "tareekh" else { return nil }
        let day: Int
        if w[k] == "pehli" { day = 1 } else if w[k] == "aakhri" { day = -1 } else if let value = UrduLexicon.number(w[k]), (1...31).contains(value) { day = value } else { return nil }
        k += 2
        if k < w.count, w[k] == "ko" { k += 1 }
        return (day, k)
    }

    // MARK: Reminders

    /// "ek din pehle yaad dilana", "15 minute pehle yaad dilana", "aadha ghanta pehle", "9 baje
    /// yaad dilana", "yaad dilana", "mujhe yaad dilana ke …".
    private func reminder(_ w: [String], _ i: Int, _ e: inout SegmentEntities) -> Int? {
        let n = w.count
        // N unit pehle (yaad dilana)
        if let (duration, afterUnit) = amount(w, i), afterUnit < n, w[afterUnit] == "pehle" {
            var k = afterUnit + 1
            guard let end = reminderVerb(w, k) else {
                // "ek din pehle" without the verb still means a reminder when one was asked for elsewhere.
                e.reminders.append(.before(duration, at: nil))
                return k
            }
            k = end
            e.reminders.append(.before(duration, at: nil))
            return k
        }
        if w[i] == "mujhe", let end = reminderVerb(w, i + 1) {
            e.reminderCue = true
            return skipConjunction(w, end)
        }
        if let end = reminderVerb(w, i) {
            e.reminderCue = true
            return skipConjunction(w, end)
        }
        return nil
    }

    /// "yaad dilana", "yaad karana", "yaad dila dena", "yaad dilao": where the phrase ends.
    private func reminderVerb(_ w: [String], _ start: Int) -> Int? {
        var k = start
        if k < w.count, w[k] == "mujhe" { k += 1 }
        guard k + 1 < w.count, w[k] == "yaad", ["dilana", "karana", "karwana", "karwa", "karwao", "کروانا", "کروا", "karna", "kar"].contains(w[k + 1]) else { return nil }
        k += 2
        if k < w.count, ["do", "dena", "deina", "دینا", "hai"].contains(w[k]) { k += 1 }
        return k
    }

    private func skipConjunction(_ w: [String], _ k: Int) -> Int {
        k < w.count && ["ke", "ki", "kay", "کہ"].contains(w[k]) ? k + 1 : k
    }

    /// "ek din", "15 minute", "do ghante", "aadha ghanta", "dedh ghanta", "2 hafte": a duration
    /// and the index after its unit.
    private func amount(_ w: [String], _ i: Int) -> (Duration, Int)? {
        guard i + 1 < w.count else { return nil }
        var minutesOverride: Int?
        var value = UrduLexicon.number(w[i])
        if w[i] == "aadha" || w[i] == "آدھا" || w[i] == "adha" { minutesOverride = 30 }
        if w[i] == "dedh" { minutesOverride = 90; value = 1 }
        if w[i] == "dhai" { minutesOverride = 150; value = 2 }
        guard let count = value ?? (minutesOverride != nil ? 1 : nil), count >= 0, count <= 1_000 else { return nil }
        switch w[i + 1] {
        case "minute": return minutesOverride == nil ? (Duration(minutes: count), i + 2) : nil
        case "ghanta": return (Duration(minutes: minutesOverride ?? count * 60), i + 2)
        case "din": return minutesOverride == nil ? (Duration(days: count), i + 2) : nil
        case "hafta": return minutesOverride == nil ? (Duration(weeks: count), i + 2) : nil
        case "mahina": return minutesOverride == nil ? (Duration(months: count), i + 2) : nil
        default: return nil
        }
    }

    // MARK: Days

    private func day(_ w: [String], _ i: Int, _ e: inout SegmentEntities, leads: Bool) -> Int? {
        let n = w.count
        var found: DayPhrase?
        var k = i
        switch w[i] {
        case "aaj": found = .offset(0); k += 1
        // "kal" is tomorrow for a task: a to-do is about the future (see docs/language.md).
        case "kal": found = .offset(1); k += 1
        case "parson": found = .offset(2); k += 1
        case "agle", "is":
            guard i + 1 < n else { return nil }
            let next = w[i + 1]
            if next == "weekend" { found = .weekend(w[i] == "agle" ? 1 : 0) } else if next == "hafta" { found = .week(w[i] == "agle" ? 1 : 0) } else if next == "mahina" { found = .month(w[i] == "agle" ? 1 : 0) } else if next == "saal" { found = .year(w[i] == "agle" ? 1 : 0) } else if let weekday = UrduLexicon.weekdays[next] { found = .weekday(weekday, w[i] == "agle" ? .next : .bare) } else { return nil }
            k += 2
            // "agle mahine ke aakhir": the end of next month.
            if case .month(let months)? = found, k + 1 < n, ["ke", "ki", "ka"].contains(w[k]), w[k + 1] == "aakhir" {
                found = .endOfMonth(months)
                k += 2
                if k < n, w[k] == "mein" { k += 1 }
            }
            // "agle mahine ki 5 tareekh": that day of next month.
            if case .month(let months)? = found, let (day, end) = monthDay(w, k), day > 0 {
                let date = Clock.date(Clock.addMonths(clock.today - Clock.date(clock.today).day + 1, months))
                found = .date(year: date.year, month: date.month, day: min(day, CivilTime.daysInMonth(year: date.year, month: date.month)))
                k = end
            }
        case "mahina" where i + 2 < n && ["ke", "ki", "ka"].contains(w[i + 1]) && w[i + 2] == "aakhir":
            // "mahine ke aakhir (mein)": the last day of the month.
            found = .endOfMonth(0)
            k = i + 3
            if k < n, w[k] == "mein" { k += 1 }
        case "hafta" where i + 2 < n && ["ke", "ki", "ka"].contains(w[i + 1]) && w[i + 2] == "aakhir":
            found = .endOfWeek(0)
            k = i + 3
            if k < n, w[k] == "mein" { k += 1 }
        case "weekend":
            found = .weekend(0)
            k += 1
        case "mahina":
            // "mahine ki pehli tareekh": the next 1st.
            guard let (day, end) = monthDay(w, i + 1) else { return nil }
            found = day > 0 ? DayPhrase.dayOfMonth(day) : DayPhrase.endOfMonth(0)
            k = end
        case "pehli":
            guard i + 1 < n, w[i + 1] == "tareekh" else { return nil }
            found = .dayOfMonth(1)
            k += 2
        case let word where UrduLexicon.weekdays[word] != nil:
            // "hafta" alone is also "week": it is Saturday when a particle or a time follows.
            if word == "hafta" {
                guard i + 1 < n, w[i + 1] == "ko" || Self.periods[w[i + 1]] != nil || UrduLexicon.number(w[i + 1]) != nil else { return nil }
            }
            found = .weekday(UrduLexicon.weekdays[word]!, .bare)
            k += 1
        case let word where UrduLexicon.months[word] != nil && i + 1 < n && UrduLexicon.number(w[i + 1]).map({ (1...31).contains($0) }) == true:
            // "december 5", "دسمبر 5"
            found = .date(year: nil, month: UrduLexicon.months[word]!, day: UrduLexicon.number(w[i + 1])!)
            k += 2
        default:
            if let value = UrduLexicon.number(w[i]), i + 1 < n {
                // N tareekh, N december, N din baad / mein.
                if w[i + 1] == "tareekh", (1...31).contains(value) {
                    found = .dayOfMonth(value)
                    k += 2
                } else if let month = UrduLexicon.months[w[i + 1]], (1...31).contains(value) {
                    found = .date(year: nil, month: month, day: value)
                    k += 2
                } else if let (duration, end) = amount(w, i), end < n, w[end] == "baad" || w[end] == "mein" {
                    if duration.minutes > 0 {
                        guard e.fromNow == nil else { return nil }
                        e.fromNow = duration
                        return end + 1
                    }
                    found = duration.months > 0 ? DayPhrase.monthsAhead(duration.months) : DayPhrase.offset(duration.days + duration.weeks * 7)
                    k = end + 1
                } else {
                    return nil
                }
            } else {
                return nil
            }
        }
        guard let phrase = found, e.day == nil else { return nil }
        e.day = phrase
        if leads { e.dayLeads = true }
        if k < n, Self.dayParticles.contains(w[k]) { k += 1 }
        return k
    }

    // MARK: Times

    /// subah/dopahar/shaam/raat (ko), 9 baje, saade 9 (baje), sawa 5, paune 8, dedh baje, 9:30,
    /// 9am / 5 pm.
    private func time(_ w: [String], _ i: Int, _ e: inout SegmentEntities) -> Int? {
        let n = w.count
        if let period = Self.periods[w[i]] {
            guard e.period == nil else { return nil }
            e.period = period
            return i + 1 < n && w[i + 1] == "ko" ? i + 2 : i + 1
        }
        guard e.clock == nil else { return nil }
        var k = i
        var clock: ClockTime?
        switch w[i] {
        case "saade", "sawa", "paune":
            guard i + 1 < n, let (hour, minute, settled) = hourMinute(w[i + 1]), minute == 0, (1...23).contains(hour) else { return nil }
            switch w[i] {
            case "saade": clock = ClockTime(hour: hour, minute: 30, settled: settled)
            case "sawa": clock = ClockTime(hour: hour, minute: 15, settled: settled)
            default: clock = ClockTime(hour: hour == 1 ? 12 : hour - 1, minute: 45, settled: settled)
            }
            k = i + 2
        case "dedh", "dhai":
            guard i + 1 < n, w[i + 1] == "baje" else { return nil }
            clock = ClockTime(hour: w[i] == "dedh" ? 1 : 2, minute: 30, settled: false)
            k = i + 1
        default:
            guard let (hour, minute, settled) = hourMinute(w[i]) else { return nil }
            // A number is a time only with a colon, am/pm or "baje" ("15 minute" is not).
            let written = w[i].contains(":") || w[i].hasSuffix("am") || w[i].hasSuffix("pm")
            let next = i + 1 < n ? w[i + 1] : ""
            if written {
                clock = ClockTime(hour: hour, minute: minute, settled: settled)
                k = i + 1
            } else if next == "baje" || next == "am" || next == "pm" {
                guard hour <= 24, minute < 60 else { return nil }
                if next == "baje" {
                    clock = ClockTime(hour: hour, minute: minute, settled: hour > 12 || hour == 0)
                } else {
                    clock = ClockTime(hour: next == "pm" ? (hour % 12) + 12 : hour % 12, minute: minute, settled: true)
                }
                k = i + 1
                if next == "am" || next == "pm" { k += 1 }
            } else {
                return nil
            }
        }
        guard let clock else { return nil }
        if k < n, w[k] == "baje" { k += 1 }
        if k < n, ["tak", "ko", "par"].contains(w[k]) { k += 1 }
        e.clock = clock
        return k
    }

    /// "9", "9:30", "17:00", "9am", "5:30pm": hour, minute, and whether the half of the day is settled.
    private func hourMinute(_ word: String) -> (Int, Int, Bool)? {
        // "paanch baje", "saade nau": hours in words.
        if let hour = UrduLexicon.numberWords[word], hour <= 12 { return (hour, 0, false) }
        var text = Substring(word)
        var meridiem: String?
        if text.hasSuffix("am") || text.hasSuffix("pm") {
            meridiem = String(text.suffix(2))
            text = text.dropLast(2)
        }
        guard !text.isEmpty, text.count <= 5 else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let hour = Int(parts[0]), parts[0].count <= 2, hour <= 24 else { return nil }
        var minute = 0
        if parts.count == 2 {
            guard parts[1].count == 2, let value = Int(parts[1]), value < 60 else { return nil }
            minute = value
        }
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            return (meridiem == "pm" ? hour % 12 + 12 : hour % 12, minute, true)
        }
        guard parts.count == 2 || hour <= 24 else { return nil }
        return (hour, minute, hour > 12 || hour == 0 || (parts.count == 2 && parts[0].count == 2 && parts[0].first == "0"))
    }

    // MARK: Priority

    /// bohat zaroori / fori / urgent (urgent), zaroori / ahem / important (high), kam zaroori
    /// (low), p1–p4; a following "hai" belongs to the phrase.
    private func priority(_ w: [String], _ i: Int, _ e: inout SegmentEntities) -> Int? {
        let n = w.count
        var named: Priority?
        var k = i + 1
        switch w[i] {
        case "bohat":
            guard i + 1 < n, ["zaroori", "ahem", "important", "urgent"].contains(w[i + 1]) else { return nil }
            named = .urgent
            k = i + 2
        case "koi" where i + 2 < n && w[i + 1] == "jaldi" && w[i + 2] == "nahi", "jaldi" where i + 1 < n && w[i + 1] == "nahi":
            // "koi jaldi nahi": no rush.
            named = .low
            k = w[i] == "koi" ? i + 3 : i + 2
        case "kam", "ghair":
            guard i + 1 < n, ["zaroori", "ahem", "important"].contains(w[i + 1]) else { return nil }
            named = .low
            k = i + 2
        case let word where ["high", "low", "medium"].contains(word) && i + 1 < n && ["priority", "tarjeeh"].contains(w[i + 1]):
            named = word == "high" ? .high : word == "low" ? .low : .medium
            k = i + 2
        case let word where ["priority", "tarjeeh"].contains(word) && i + 1 < n && ["high", "low", "medium", "urgent"].contains(w[i + 1]):
            named = ["high": Priority.high, "low": .low, "medium": .medium, "urgent": .urgent][w[i + 1]]
            k = i + 2
        case "zaroori", "ahem", "important": named = .high
        case "fori", "urgent", "asap": named = .urgent
        case "p1": named = .urgent
        case "p2": named = .high
        case "p3": named = .medium
        case "p4": named = .low
        default: return nil
        }
        guard let level = named, e.priority == nil else { return nil }
        e.priority = level
        if k < n, w[k] == "hai" { k += 1 }
        return k
    }
}
