import TodoModel

/// Updates: move/reschedule/postpone ("move X to friday 3pm", "push X by two days"), rename,
/// priority ("make X urgent"), tags ("tag X with finance"), recurrence ("make X repeat every
/// monday", "stop repeating X"), clearing ("remove the due date from X") and reminders
/// ("remind me 30 minutes before the standup"). Returns nil when the message is none of these.
struct UpdateParser {
    let clock: Clock

    static func parse(_ tokens: [Token], _ clock: Clock) -> ParseResult? {
        UpdateParser(clock: clock).run(tokens)
    }

    /// The longest date, amount or priority phrase an update's value can be, in tokens.
    static let maxValueLength = 12

    private static let moveVerbs: Set<String> = ["move", "reschedule", "push", "postpone", "delay", "defer", "bump", "shift", "snooze", "put"]
    private static let changeVerbs: Set<String> = ["change", "set", "make", "update", "mark", "turn"]

    private func run(_ input: [Token]) -> ParseResult? {
        var t = input
        while let last = t.last, last.isPunct { t.removeLast() }
        guard let first = t.first, first.isWord else { return nil }
        let w = t.map(\.norm)
        let n = w.count

        if w[0] == "remind", n > 3, w[1] == "me", let result = remindBefore(Array(t[2...])) { return result }
        if let result = reminderAbout(t, w) { return result }
        if Self.moveVerbs.contains(w[0]), n >= 2 {
            if w[0] == "put", !(w.contains("off") || w.contains("back")) { return nil }
            // "move to the new flat", "move in with Sam": a task about moving.
            if ["to", "into", "in", "out", "house", "home", "flat", "apartment"].contains(w[1]) { return nil }
            return move(Array(t[1...]), verb: w[0])
        }
        if w[0] == "rename", n >= 2 { return rename(Array(t[1...])) }
        if w[0] == "prioritize" || w[0] == "prioritise", n >= 2 {
            return result(target: Array(t[1...]), TaskChanges(priority: .high))
        }
        if w[0] == "deprioritize" || w[0] == "deprioritise", n >= 2 {
            return result(target: Array(t[1...]), TaskChanges(priority: .low))
        }
        if let found = tagging(t, w) { return found }
        if let found = stopRepeating(t, w) { return found }
        if let found = clearing(t, w) { return found }
        // "set out clothes", "make up the bed": phrasal verbs are tasks.
        if Self.changeVerbs.contains(w[0]), n >= 3, !TaskVerbs.particles.contains(w[1]) { return change(Array(t[1...]), verb: w[0]) }
        return nil
    }

    private func result(target tokens: [Token], _ changes: TaskChanges, ask question: String? = nil) -> ParseResult {
        // "push everything due today to tomorrow": a bulk update over a filter.
        if let first = tokens.first, first.isAny(["all", "everything"]) {
            var rest = Array(tokens.dropFirst())
            if rest.first?.is("of") == true { rest.removeFirst() }
            return ParseResult(intent: .update, changes: changes, filter: FilterBuilder.build(rest, clock).filter, clarification: question)
        }
        let target = TargetBuilder.build(tokens)
        let clarification = question ?? (target == nil ? Clarifications.whichTask(.update) : nil)
        return ParseResult(intent: .update, target: target, changes: changes, clarification: clarification)
    }

    // MARK: move, reschedule, postpone, push, snooze

    private func move(_ rest: [Token], verb: String) -> ParseResult? {
        // The first split point whose tail reads entirely as a date, a time or an amount. Such a
        // tail is a few words long, so only the last dozen positions are tried (this keeps a
        // long message linear).
        for split in rest.indices where split > 0 && split >= rest.count - Self.maxValueLength {
            let word = rest[split].norm
            let tail = Array(rest[split...])
            if ["by", "back", "out", "for", "ahead", "off"].contains(word) || Duration.match(rest, split) != nil {
                var k = split
                while k < rest.count, rest[k].isAny(["by", "back", "out", "for", "ahead", "off", "another", "an", "extra"]) && Duration.match(rest, k) == nil { k += 1 }
                if let (duration, end) = Duration.match(rest, k), onlyGlue(rest, end) {
                    let target = Array(rest[..<split]).filter { !$0.isAny(["back", "out"]) }
                    return result(target: target, TaskChanges(shift: duration.iso8601))
                }
            }
            if ["to", "until", "till", "for", "on", "at", "by", "into", "onto"].contains(word) || rest[split].isWord {
                let startsAtPreposition = ["to", "until", "till", "for", "into", "onto"].contains(word)
                let body = startsAtPreposition ? Array(tail.dropFirst()) : tail
                if let changes = dateChanges(body) {
                    return result(target: Array(rest[..<split]), changes)
                }
            }
        }
        // "move the couch to the basement" is a task; "postpone the meeting prep" asks until when.
        guard ["postpone", "reschedule", "delay", "defer", "snooze"].contains(verb) else { return nil }
        let target = TargetBuilder.build(rest)
        return ParseResult(intent: .update, target: target, changes: TaskChanges(), clarification: Clarifications.untilWhen(target))
    }

    /// A due, a time or a repeat rule from words that must all be date words.
    private func dateChanges(_ tokens: [Token]) -> TaskChanges? {
        guard !tokens.isEmpty else { return nil }
        let entities = EntityExtractor.extract(tokens, options: .init(listNamesAreTags: false))
        guard entities.hasDate || entities.rule != nil, !entities.conflictingDays, TitleBuilder.build(entities.rest).isEmpty else { return nil }
        var changes = TaskChanges()
        if entities.rule != nil {
            let resolved = TaskResolver.resolve(entities, title: "", clock)
            changes.rrule = resolved.task.rrule
            changes.anchor = resolved.task.rrule == nil ? nil : resolved.task.anchor
            changes.due = resolved.task.due
            return changes
        }
        if entities.day == nil, entities.fromNow == nil, entities.untilDay == nil, entities.startDay == nil, let clock = entities.clock ?? entities.period.map({ ClockTime(hour: $0.defaultSecond / 3_600, minute: 0, settled: true) }) {
            // A time alone keeps the task's date: "move laundry to 6pm".
            let second = clock.secondOfDay(period: entities.period)
            changes.time = "\(pad(second / 3_600, 2)):\(pad(second / 60 % 60, 2))"
            changes.timeZone = entities.zone
            return changes
        }
        let resolved = TaskResolver.resolve(entities, title: "", self.clock)
        guard let due = resolved.task.due else { return nil }
        changes.due = due
        changes.timeZone = entities.zone
        return changes
    }

    private func onlyGlue(_ tokens: [Token], _ from: Int) -> Bool {
        tokens[from...].allSatisfy { $0.isPunct || $0.isAny(["later", "please", "more", "from", "now"]) }
    }

    // MARK: rename

    private func rename(_ rest: [Token]) -> ParseResult? {
        guard let to = rest.firstIndex(where: { $0.isAny(["to", "as", "into"]) }), to > 0, to + 1 < rest.count else {
            return ParseResult(intent: .update, target: TargetBuilder.build(rest), changes: TaskChanges(), clarification: "What should the new name be?")
        }
        let title = TitleBuilder.build(Array(rest[(to + 1)...]))
        return result(target: Array(rest[..<to]), TaskChanges(title: rest[(to + 1)...].first(where: { $0.kind == .quoted })?.text ?? title))
    }

    // MARK: change, set, make, mark

    private func change(_ rest: [Token], verb: String) -> ParseResult? {
        var body = rest
        // "change the priority of X to P", "set the due date of X to D", "change the name of X to Y"
        var field: String?
        var m = 0
        if m < body.count, body[m].is("the") { m += 1 }
        if m < body.count {
            switch body[m].norm {
            case "priority": field = "priority"; m += 1
            case "due", "deadline", "date":
                field = "due"
                m += 1
                if m < body.count, body[m].isAny(["date"]) { m += 1 }
            case "name", "title": field = "title"; m += 1
            default: break
            }
        }
        if field != nil {
            guard m < body.count, body[m].isAny(["of", "for", "on"]) else { return nil }
            body = Array(body[(m + 1)...])
        }
        // "X's priority to P": possessive on the target's last word.
        if field == nil, let index = body.firstIndex(where: { $0.isAny(["priority", "deadline"]) || ($0.is("due") && true) }), index > 0,
           body[index - 1].text.hasSuffix("'s") || body[index - 1].text.hasSuffix("’s") {
            field = body[index].is("priority") ? "priority" : "due"
            var stripped = body[index - 1]
            stripped.text = String(stripped.text.dropLast(2))
            var after = index + 1
            if after < body.count, body[after].is("date") { after += 1 }
            body = Array(body[..<(index - 1)]) + [stripped] + Array(body[after...])
        }
        for split in body.indices where split > 0 {
            let word = body[split].norm
            let isPreposition = ["to", "as", "for", "into"].contains(word)
            var valueStart = isPreposition ? split + 1 : split
            guard valueStart < body.count else { continue }
            if body[valueStart].isAny(["be", "a", "an"]) { valueStart += 1 }
            guard valueStart < body.count else { continue }
            let value = Array(body[valueStart...])
            let target = Array(body[..<split])
            // Dates, priorities and rules are short; only a new title ("change X to …") is long.
            let nearEnd = body.count - split <= Self.maxValueLength
            // "make X urgent" takes the level directly; "set/change/update X" need "to"/"as" first
            // ("update the CV medium priority" is a new task).
            if nearEnd, field == nil || field == "priority", verb == "make" || isPreposition || field == "priority", let priority = priorityValue(value) {
                if verb == "mark" && !body[split].is("as") { continue }
                var named = target
                while let last = named.last, last.isAny(["as", "priority", "prio", "'s"]) { named.removeLast() }
                return result(target: named, TaskChanges(priority: priority))
            }
            if nearEnd, field == nil || field == "due", verb != "mark" {
                // "update the budget spreadsheet every 2 months" is a new repeating task;
                // "make X repeat …", "set X to repeat …" change one.
                let saysRepeat = value.first?.isAny(["repeat", "recur", "repeating", "recurring"]) == true
                if verb == "make" || isPreposition || saysRepeat, let repeatChanges = repeatValue(value) {
                    return result(target: target, repeatChanges)
                }
                // "make dinner reservations for friday" is a task; "make X due friday" is not.
                let datesAllowed = verb == "make" ? value.first?.is("due") == true || field == "due" : isPreposition || field == "due"
                if datesAllowed, let changes = dateChanges(value.first?.is("due") == true ? Array(value.dropFirst()) : value) {
                    var named = target
                    while let last = named.last, last.isAny(["due", "date", "deadline", "time"]) { named.removeLast() }
                    return result(target: named, changes)
                }
            }
            if (field == "title" && isPreposition) || (field == nil && verb == "change" && isPreposition && word == "to") {
                if field == "title" || !nearEnd || dateChanges(value) == nil {
                    let title = value.first(where: { $0.kind == .quoted })?.text ?? TitleBuilder.build(value)
                    guard !title.isEmpty else { continue }
                    return result(target: target, TaskChanges(title: title))
                }
            }
        }
        return nil
    }

    private func priorityValue(_ tokens: [Token]) -> Priority? {
        var k = 0
        if k < tokens.count, tokens[k].isAny(["a", "an", "as"]) { k += 1 }
        guard let (priority, end) = PriorityMatcher.match(tokens, k) ?? bareLevel(tokens, k) else { return nil }
        var rest = end
        if rest < tokens.count, tokens[rest].isAny(["priority", "prio", "one", "task"]) { rest += 1 }
        return rest == tokens.count ? priority : nil
    }

    /// "high", "low", "medium" alone after "to" ("set the priority of X to low").
    private func bareLevel(_ tokens: [Token], _ k: Int) -> (Priority, Int)? {
        guard k < tokens.count else { return nil }
        switch tokens[k].norm {
        case "high": return (.high, k + 1)
        case "low": return (.low, k + 1)
        case "medium", "normal": return (.medium, k + 1)
        case "none": return (Priority.none, k + 1)
        default: return nil
        }
    }

    /// "repeat every monday", "weekly on fridays", "recur daily", "repeating every 2 weeks".
    private func repeatValue(_ tokens: [Token]) -> TaskChanges? {
        var k = 0
        while k < tokens.count, tokens[k].isAny(["repeat", "recur", "repeating", "recurring", "to", "be", "a", "task", "that", "repeats"]) { k += 1 }
        guard k < tokens.count, let (rule, end) = RecurrenceMatcher.match(tokens, k) else { return nil }
        let tail = Array(tokens[end...])
        var entities = tail.isEmpty ? SegmentEntities() : EntityExtractor.extract(tail, options: .init(listNamesAreTags: false))
        guard TitleBuilder.build(entities.rest).isEmpty else { return nil }
        entities.rule = rule
        let resolved = TaskResolver.resolve(entities, title: "", clock)
        guard let rrule = resolved.task.rrule else { return nil }
        return TaskChanges(rrule: rrule, anchor: resolved.task.anchor)
    }

    // MARK: tags

    private func tagging(_ t: [Token], _ w: [String]) -> ParseResult? {
        let n = w.count
        // "tag X with Y", "tag X as Y", "label X (as) Y"
        if ["tag", "label"].contains(w[0]), n >= 4, let with = w.firstIndex(where: { ["with", "as"].contains($0) }), with > 1, with + 1 < n {
            return result(target: Array(t[1..<with]), TaskChanges(addTags: tagNames(Array(t[(with + 1)...]))))
        }
        // "add (the) tag(s) Y to X", "add #y to X", "add Y tag to X"
        if w[0] == "add", n >= 4, let to = w.lastIndex(of: "to"), to > 1, to + 1 < n {
            let middle = Array(t[1..<to])
            let names = middle.filter { !$0.isAny(["the", "tag", "tags", "label", "labels", "a"]) }
            let mentionsTag = middle.contains { $0.isAny(["tag", "tags", "label", "labels"]) } || middle.allSatisfy { $0.kind == .hashtag }
            if mentionsTag, !names.isEmpty {
                return result(target: Array(t[(to + 1)...]), TaskChanges(addTags: tagNames(names)))
            }
        }
        // "remove (the) tag(s) Y from X", "untag X"
        if ["remove", "delete", "drop"].contains(w[0]), n >= 4, let from = w.lastIndex(of: "from"), from > 1, from + 1 < n {
            let middle = Array(t[1..<from])
            let mentionsTag = middle.contains { $0.isAny(["tag", "tags", "label", "labels"]) } || middle.allSatisfy { $0.kind == .hashtag }
            guard mentionsTag else { return nil }
            let names = middle.filter { !$0.isAny(["the", "tag", "tags", "label", "labels", "all", "a"]) }
            if names.isEmpty { return result(target: Array(t[(from + 1)...]), TaskChanges(clear: ["tags"])) }
            return result(target: Array(t[(from + 1)...]), TaskChanges(removeTags: tagNames(names)))
        }
        return nil
    }

    private func tagNames(_ tokens: [Token]) -> [String] {
        var names: [String] = []
        for token in tokens where token.kind == .hashtag || (token.isWord && !token.isAny(["and", "the", "tag", "tags", "a", "as", "with"])) {
            if !names.contains(token.norm) { names.append(token.norm) }
        }
        return names
    }

    // MARK: stop repeating, clear fields

    private func stopRepeating(_ t: [Token], _ w: [String]) -> ParseResult? {
        let n = w.count
        if n >= 3, w[0] == "stop", ["repeating", "recurring"].contains(w[1]) {
            return result(target: Array(t[2...]), TaskChanges(clear: ["recurrence"]))
        }
        if n >= 3, ["don't", "dont"].contains(w[0]), ["repeat", "recur"].contains(w[1]) {
            return result(target: Array(t[2...]), TaskChanges(clear: ["recurrence"]))
        }
        // "make X not repeat", "X should not repeat"
        if let index = w.firstIndex(where: { ["repeat", "recur", "repeating"].contains($0) }), index >= 2, ["not", "never", "shouldn't", "stop"].contains(w[index - 1]) {
            var start = 0
            if ["make", "set"].contains(w[0]) { start = 1 }
            var end = index - 1
            if end > start, ["should", "to"].contains(w[end - 1]) { end -= 1 }
            return result(target: Array(t[start..<end]), TaskChanges(clear: ["recurrence"]))
        }
        return nil
    }

    private func clearing(_ t: [Token], _ w: [String]) -> ParseResult? {
        let n = w.count
        guard ["remove", "clear", "delete", "drop", "unset"].contains(w[0]), n >= 3 else { return nil }
        var k = 1
        if ["the", "all", "any"].contains(w[k]) { k += 1 }
        if k < n, w[k] == "the" { k += 1 }
        guard k < n else { return nil }
        let field: String
        var end = k + 1
        switch w[k] {
        case "due", "deadline", "date":
            field = "due"
            if w[k] == "due", end < n, ["date", "time"].contains(w[end]) { end += 1 }
        case "reminder", "reminders", "alerts": field = "reminders"
        case "recurrence", "repeat", "schedule": field = "recurrence"
        case "priority":
            guard end < n, ["from", "of", "on"].contains(w[end]) else { return nil }
            return result(target: Array(t[(end + 1)...]), TaskChanges(priority: Priority.none))
        default: return nil
        }
        guard end < n, ["from", "of", "on", "for"].contains(w[end]) else { return nil }
        return result(target: Array(t[(end + 1)...]), TaskChanges(clear: [field]))
    }

    // MARK: remind me about X an hour before; set a reminder for X 1 hour before

    private func reminderAbout(_ t: [Token], _ w: [String]) -> ParseResult? {
        var k: Int
        if w.count > 3, w[0] == "remind", w[1] == "me", ["about", "of", "for"].contains(w[2]) {
            k = 3
        } else if w.count > 3, ["set", "add", "create"].contains(w[0]) {
            k = 1
            if ["a", "an"].contains(w[k]) { k += 1 }
            guard k + 1 < w.count, ["reminder", "alert"].contains(w[k]), ["for", "on", "to", "about"].contains(w[k + 1]) else { return nil }
            k += 2
        } else {
            return nil
        }
        // The offsets run to the end: "… an hour before", "… a day and an hour before".
        var offsets: [String] = []
        var end = t.count
        guard end > k, t[end - 1].is("before") else { return nil }
        end -= 1
        var start = end
        // Find the earliest position from which durations joined by "and" reach `end`.
        for candidate in (k + 1)..<end {
            var position = candidate
            var found: [String] = []
            while let (duration, durationEnd) = Duration.match(t, position) {
                found.append(duration.iso8601)
                position = durationEnd
                if position < end, t[position].is("and") { position += 1 } else { break }
            }
            if position == end, !found.isEmpty {
                start = candidate
                offsets = found
                break
            }
        }
        guard !offsets.isEmpty else { return nil }
        let target = Array(t[k..<start])
        guard !EntityExtractor.extract(target).hasDate else { return nil }
        return result(target: target, TaskChanges(remindBefore: offsets))
    }

    // MARK: remind me 30 minutes before X

    private func remindBefore(_ rest: [Token]) -> ParseResult? {
        var offsets: [String] = []
        var k = 0
        while let (duration, end) = Duration.match(rest, k), end < rest.count, rest[end].is("before") {
            offsets.append(duration.iso8601)
            k = end + 1
            if k < rest.count, rest[k].is("and"), Duration.match(rest, k + 1) != nil { k += 1 } else { break }
        }
        guard !offsets.isEmpty, k < rest.count else { return nil }
        let target = Array(rest[k...])
        // "remind me an hour before the dentist appointment tomorrow at 3": a new task, not an update.
        guard !EntityExtractor.extract(target).hasDate else { return nil }
        return result(target: target, TaskChanges(remindBefore: offsets))
    }
}
