/// Runs the matchers over one task's tokens, left to right; whatever no matcher takes is
/// left for the title. Order matters where phrases overlap: reminders before recurrences
/// before dates ("remind me the day before", "every monday", "monday").
enum EntityExtractor {
    struct Options: Sendable {
        /// "to my shopping list" → tag (adds only).
        var listNamesAreTags = true
    }

    /// Prepositions a date phrase may carry; they go with the date, not the title.
    private static let prepositions: Set<String> = ["on", "by", "at", "for", "due", "before", "until", "till", "through", "from", "starting", "beginning", "around", "after", "as"]

    static func extract(_ tokens: [Token], options: Options = Options()) -> SegmentEntities {
        var entities = SegmentEntities()
        var kept = [Bool](repeating: true, count: tokens.count)
        var seenTitleWord = false
        var lastTimeEnd = -1
        var i = 0
        func take(_ range: Range<Int>) {
            for index in range { kept[index] = false }
        }
        while i < tokens.count {
            let token = tokens[i]
            if token.kind == .quoted {
                if entities.quotedTitle == nil { entities.quotedTitle = token.text }
                kept[i] = false
                seenTitleWord = true
                i += 1
                continue
            }
            if let reminder = ReminderMatcher.match(tokens, i) {
                entities.reminders += reminder.specs
                if reminder.specs.isEmpty { entities.reminderCue = true }
                take(i..<reminder.end)
                i = reminder.end
                continue
            }
            if entities.rule == nil, let (rule, end) = RecurrenceMatcher.match(tokens, i) {
                entities.rule = rule
                take(i..<end)
                i = end
                continue
            }
            if let end = modifier(tokens, i, &entities) {
                take(i..<end)
                i = end
                continue
            }
            if let (zone, end) = TimeZoneNames.match(tokens, i, afterTime: lastTimeEnd == i) {
                entities.zone = zone
                take(i..<end)
                i = end
                continue
            }
            if let match = temporal(tokens, i) {
                let isFirstDay = entities.day == nil && entities.untilDay == nil && entities.startDay == nil
                apply(match, to: &entities)
                if match.day != nil, isFirstDay, !seenTitleWord { entities.dayLeads = true }
                take(i..<match.end)
                if match.clock != nil { lastTimeEnd = match.end }
                i = match.end
                continue
            }
            if let (priority, end) = PriorityMatcher.match(tokens, i) {
                entities.priority = priority
                take(i..<end)
                if end < tokens.count, tokens[end].isPunct, tokens[end].norm == ":" { take(end..<(end + 1)) }
                i = end
                continue
            }
            if let (tags, end) = TagMatcher.match(tokens, i) {
                for tag in tags where !entities.tags.contains(tag) { entities.tags.append(tag) }
                take(i..<end)
                i = end
                continue
            }
            if options.listNamesAreTags, let (names, end) = TagMatcher.listName(tokens, i) {
                for name in names where !entities.tags.contains(name) { entities.tags.append(name) }
                take(i..<end)
                i = end
                continue
            }
            if token.isWord || token.kind == .hashtag { seenTitleWord = true }
            i += 1
        }
        entities.rest = tokens.indices.filter { kept[$0] }.map { tokens[$0] }
        return entities
    }

    // MARK: Dates and times with their prepositions

    struct Temporal: Sendable {
        enum Role: Sendable { case due, until, start }
        var role: Role = .due
        var day: DayPhrase?
        var period: DayPeriod?
        var clock: ClockTime?
        var fromNow: Duration?
        var end: Int
    }

    /// A date or time phrase at `i`, with a preposition before it if there is one.
    static func temporal(_ tokens: [Token], _ i: Int) -> Temporal? {
        guard i < tokens.count, tokens[i].isWord else { return nil }
        let word = tokens[i].norm
        if prepositions.contains(word) {
            var k = i + 1
            var role = Temporal.Role.due
            switch word {
            case "until", "till", "through": role = .until
            case "from", "starting", "beginning": role = .start
            case "as":
                guard k < tokens.count, tokens[k].is("of") else { return nil }
                k += 1
                role = .start
            case "due":
                if k < tokens.count, tokens[k].isAny(["on", "by", "before", "at", "date", "for"]) { k += 1 }
            default: break
            }
            // "starting on monday", "beginning from the 1st"
            if word == "starting" || word == "beginning", k < tokens.count, tokens[k].isAny(["on", "from"]) { k += 1 }
            let allowsBareHour = ["at", "by", "around", "before", "after", "from", "until", "till"].contains(word)
            if var match = piece(tokens, k, allowsBareHour: allowsBareHour) {
                match.role = role
                return match
            }
        }
        return piece(tokens, i, allowsBareHour: false)
    }

    private static func piece(_ tokens: [Token], _ i: Int, allowsBareHour: Bool) -> Temporal? {
        guard i < tokens.count, tokens[i].isWord else { return nil }
        // "in 2 hours", "in 45 minutes", "3 hours from now"
        if let (duration, end) = exactFromNow(tokens, i) { return Temporal(fromNow: duration, end: end) }
        if let day = DateMatcher.match(tokens, i) {
            return Temporal(day: day.phrase, period: day.period, end: day.end)
        }
        if let (clock, end) = allowsBareHour ? TimeMatcher.atTime(tokens, i) : (TimeMatcher.clock(tokens, i) ?? TimeMatcher.namedTime(tokens, i)) {
            var result = Temporal(clock: clock, end: end)
            // "8 in the morning", "9 tonight", "7 at night"
            if let (period, periodEnd) = DateMatcher.periodAfter(tokens, end), !tokens[end].isWord || tokens[end].isAny(["in", "at", "tonight", "night", "morning", "evening", "afternoon"]) {
                result.period = period
                result.end = periodEnd
            } else if end < tokens.count, tokens[end].is("tonight") {
                result.day = .offset(0)
                result.period = .evening
                result.end = end + 1
            }
            return result
        }
        // "in the morning", "at night" on their own.
        if tokens[i].isAny(["in", "at"]), let (period, end) = DateMatcher.periodAfter(tokens, i) {
            return Temporal(period: period, end: end)
        }
        return nil
    }

    private static func exactFromNow(_ tokens: [Token], _ i: Int) -> (Duration, Int)? {
        if tokens[i].isAny(["in", "within"]), let (duration, end) = Duration.match(tokens, i + 1), !duration.isCalendar, !tokens[i + 1].is("the") {
            return (duration, end)
        }
        if let (duration, end) = Duration.match(tokens, i), !duration.isCalendar, end + 1 < tokens.count, tokens[end].is("from"), tokens[end + 1].is("now") {
            return (duration, end + 2)
        }
        return nil
    }

    private static func apply(_ match: Temporal, to entities: inout SegmentEntities) {
        if let fromNow = match.fromNow, entities.fromNow == nil { entities.fromNow = fromNow }
        if let day = match.day {
            switch match.role {
            case .until: if entities.untilDay == nil { entities.untilDay = day }
            case .start: if entities.startDay == nil { entities.startDay = day }
            case .due:
                if entities.day == nil { entities.day = day } else { entities.conflictingDays = true }
            }
        }
        if let clock = match.clock, entities.clock == nil { entities.clock = clock }
        if let period = match.period, entities.period == nil { entities.period = period }
    }

    // MARK: Recurrence modifiers

    /// "for the next 7 days", "for 30 days", "10 times", "from when I last did it",
    /// "after completion". Returns the end of the phrase.
    private static func modifier(_ tokens: [Token], _ i: Int, _ entities: inout SegmentEntities) -> Int? {
        let word = tokens[i].norm
        if word == "for", i + 1 < tokens.count {
            var k = i + 1
            var next = false
            if tokens[k].is("the"), k + 1 < tokens.count, tokens[k + 1].isAny(["next", "following", "coming"]) {
                next = true
                k += 2
            } else if tokens[k].isAny(["next", "following", "coming"]) {
                next = true
                k += 1
            }
            if let (duration, end) = Duration.match(tokens, k), duration.isCalendar, !tokens[k].is("the") {
                // Without a repeat rule or "next", "for 2 days" is part of a title ("rent a car for 2 days").
                guard next || entities.rule != nil || isRuleAhead(tokens, end) else { return nil }
                entities.forDuration = duration
                entities.forNext = next
                return end
            }
            if let number = Lexicon.number(tokens[k].norm), k + 1 < tokens.count, tokens[k + 1].is("times") {
                entities.times = number
                return k + 2
            }
            return nil
        }
        if let number = Lexicon.number(word), number > 0, i + 1 < tokens.count, tokens[i + 1].is("times"), entities.rule != nil {
            entities.times = number
            return i + 2
        }
        // "except weekends", "except on fridays", "but not on sundays"
        if tokens[i].isAny(["except", "excluding"]) || (tokens[i].is("but") && i + 1 < tokens.count && tokens[i + 1].is("not")) {
            var k = i + (tokens[i].is("but") ? 2 : 1)
            if k < tokens.count, tokens[k].isAny(["on", "for"]) { k += 1 }
            if k < tokens.count, tokens[k].isAny(["weekends", "weekend"]) {
                entities.exceptDays += [5, 6]
                return k + 1
            }
            if let (days, end) = RecurrenceMatcher.weekdayList(tokens, k) {
                entities.exceptDays += days
                return end
            }
            return nil
        }
        if let end = completionPhrase(tokens, i) {
            entities.fromCompletion = true
            return end
        }
        return nil
    }

    private static func isRuleAhead(_ tokens: [Token], _ i: Int) -> Bool {
        var k = i
        while k < tokens.count {
            if RecurrenceMatcher.match(tokens, k) != nil { return true }
            k += 1
        }
        return false
    }

    private static let completionWords: Set<String> = ["completion", "completed", "complete", "completing", "finish", "finished", "finishing", "did", "done", "do", "time", "check", "checked"]
    private static let completionFillers: Set<String> = ["when", "the", "i", "i've", "i'm", "it's", "it", "is", "last", "previous", "was", "its", "i'd", "have", "has", "been", "my", "each", "every"]

    /// "from when I last did it", "after completion", "from the last time", "since I last did
    /// it", "after I finish it", "from last completion".
    private static func completionPhrase(_ tokens: [Token], _ i: Int) -> Int? {
        guard tokens[i].isAny(["from", "after", "since"]) else { return nil }
        var k = i + 1
        var sawLast = false
        while k < tokens.count, tokens[k].isWord, completionFillers.contains(tokens[k].norm) {
            if tokens[k].is("last") { sawLast = true }
            k += 1
        }
        guard k < tokens.count, tokens[k].isWord, completionWords.contains(tokens[k].norm) else { return nil }
        // "after the last time" needs "last"; "from done" is not a phrase.
        if tokens[k].is("time") && !sawLast { return nil }
        if tokens[k].isAny(["did", "done", "do"]) && !(sawLast || tokens[i].is("after")) { return nil }
        k += 1
        if k < tokens.count, tokens[k].isAny(["it", "them", "one", "that"]) { k += 1 }
        return k
    }
}
