import Foundation
import TodoModel

/// Updates in Urdu: "X ko <change> kar do / bana do / rakh do", "X <date> tak taal do",
/// "X ka naam (badal kar) Y rakh do", "X mein #tag laga do", "X se #tag hata do". The change is
/// read with the add's entity matchers; a message whose change reads as nothing is not an update.
enum UrduUpdate {
    private static let verbEndings: [[String]] = [
        ["aage", "kar", "do"], ["taal", "do"], ["shift", "kar", "do"], ["move", "kar", "do"], ["postpone", "kar", "do"], ["change", "kar", "do"],
        ["badal", "do"], ["rakh", "do"], ["bana", "do"], ["kar", "do"], ["karo"], ["laga", "do"], ["add", "kar", "do"], ["hata", "do"], ["hata"],
        ["set", "kar", "do"],
    ]
    /// Verbs that move a date: without a new date or amount they ask until when.
    private static let postponeVerbs: Set<Int> = [0, 1, 4]
    /// A change is a short phrase: only the last this many words before the verb are tried as
    /// one, so a long message costs linear time (as the English `UpdateParser.maxValueLength`).
    static let maxChangeLength = 12

    static func parse(_ tokens: [Token], _ clock: Clock) -> ParseResult? {
        let w = tokens.map(\.norm)
        if let reminder = remindBefore(tokens, w, clock) { return reminder }
        guard let (verbStart, verb) = UrduGrammar.ending(w, verbEndings), verbStart > 0 else { return nil }
        let body = Array(tokens[..<verbStart])
        let b = Array(w[..<verbStart])
        // "X ko dohrana band kar do": stop repeating.
        if b.count >= 3, b.suffix(2) == ["dohrana", "band"] || b.last == "dohrana" && w[verbStart] == "band" {
            let end = b.lastIndex(of: "dohrana")!
            var target = Array(body[..<end])
            while let last = target.last, last.isAny(["ko", "ka"]) { target.removeLast() }
            if let name = UrduGrammar.target(target) { return ParseResult(intent: .update, target: name, changes: TaskChanges(clear: ["recurrence"])) }
        }
        if let rename = rename(body, b) { return rename }
        if let priority = priorityLevel(body, b) { return priority }
        if let tags = tagChange(body, b, removing: w[verbStart] == "hata") { return tags }
        guard w[verbStart] != "hata" else { return nil }

        // The task, then the change: "X ko <change>" (the last "ko" after which a change
        // follows: titles have their own, "ammi ko call karna ko …"), else the longest
        // trailing run of entities.
        var split: Int?
        for ko in b.indices.reversed() where ko > 0 && ko >= b.count - Self.maxChangeLength - 1 && b[ko] == "ko" && changes(Array(body[(ko + 1)...]), clock) != nil {
            split = ko
            break
        }
        if split == nil, let ko = b.firstIndex(of: "ko"), ko > 0 { split = ko }
        var targetTokens: [Token]
        var changeTokens: [Token]
        if let split {
            targetTokens = Array(body[..<split])
            changeTokens = Array(body[(split + 1)...])
        } else if verb == 0, body.count > 2, let duration = amount(Array(body.suffix(2))), let target = UrduGrammar.target(Array(body.dropLast(2))) {
            // "X ek din aage kar do"
            return ParseResult(intent: .update, target: target, changes: TaskChanges(shift: duration.iso8601))
        } else {
            var cut: Int?
            for start in stride(from: body.count - 1, through: max(1, body.count - Self.maxChangeLength), by: -1) {
                let entities = UrduEntities.extract(Array(body[start...]), clock)
                if entities.rest.allSatisfy({ $0.isPunct || $0.isAny(["tak", "par", "ko", "ke", "liye"]) }), entities.hasEntities { cut = start }
            }
            guard let cut else {
                if postponeVerbs.contains(verb), let target = UrduGrammar.target(body) {
                    return ParseResult(intent: .update, target: target, changes: TaskChanges(), clarification: UrduClarifications.untilWhen(target, tokens))
                }
                return nil
            }
            targetTokens = Array(body[..<cut])
            changeTokens = Array(body[cut...])
        }
        // "X ko do din aage kar do": the verb carries "aage", the words the amount.
        if verb == 0, let duration = amount(changeTokens), let target = UrduGrammar.target(targetTokens) {
            return ParseResult(intent: .update, target: target, changes: TaskChanges(shift: duration.iso8601))
        }
        guard let changes = changes(changeTokens, clock) else {
            if postponeVerbs.contains(verb), let target = UrduGrammar.target(targetTokens) {
                return ParseResult(intent: .update, target: target, changes: TaskChanges(), clarification: UrduClarifications.untilWhen(target, tokens))
            }
            return nil
        }
        // "X ka waqt", "X ki tareekh", "X ka reminder", "X ki priority": the field, not the task.
        if targetTokens.count > 2, targetTokens[targetTokens.count - 2].isAny(["ka", "ki", "ke"]),
           targetTokens[targetTokens.count - 1].isAny(["waqt", "tareekh", "date", "din", "reminder", "priority", "tarjeeh", "due"]) {
            targetTokens.removeLast(2)
        }
        guard let target = UrduGrammar.target(targetTokens) else {
            return ParseResult(intent: .update, changes: changes, clarification: UrduClarifications.whichTask(.update, tokens))
        }
        return ParseResult(intent: .update, target: target, changes: changes)
    }

    /// "X se 30 minute pehle yaad dilana", "میٹنگ سے ایک گھنٹہ پہلے یاد دلانا": a reminder on an
    /// existing task (X has no date of its own; with one it is a new task).
    private static func remindBefore(_ tokens: [Token], _ w: [String], _ clock: Clock) -> ParseResult? {
        guard let se = w.firstIndex(where: { $0 == "se" }), se >= 1, se + 3 < w.count else { return nil }
        let entities = UrduEntities.extract(Array(tokens[(se + 1)...]), clock)
        guard entities.rest.allSatisfy({ $0.isPunct }), !entities.reminders.isEmpty, !entities.hasDate, entities.rule == nil else { return nil }
        let before = entities.reminders.compactMap { spec -> String? in
            if case .before(let duration, _) = spec { return duration.iso8601 }
            return nil
        }
        let target = Array(tokens[..<se])
        guard !before.isEmpty, !UrduEntities.extract(target, clock).hasDate, let name = UrduGrammar.target(target) else { return nil }
        return ParseResult(intent: .update, target: name, changes: TaskChanges(remindBefore: before))
    }

    /// "X ki tarjeeh kam / zyada / high kar do": the priority named by a level word.
    private static func priorityLevel(_ body: [Token], _ b: [String]) -> ParseResult? {
        guard let at = b.lastIndex(of: "tarjeeh"), at >= 2, ["ki", "ka"].contains(b[at - 1]), at + 1 < b.count else { return nil }
        let level = b[(at + 1)...].filter { $0 != "hai" }
        let priority: Priority
        switch level {
        case ["kam"], ["low"]: priority = .low
        case ["zyada"], ["high"], ["zaroori"]: priority = .high
        case ["bohat", "zyada"], ["urgent"], ["bohat", "zaroori"]: priority = .urgent
        case ["medium"], ["darmiyani"]: priority = .medium
        default: return nil
        }
        guard let target = UrduGrammar.target(Array(body[..<(at - 1)])) else { return nil }
        return ParseResult(intent: .update, target: target, changes: TaskChanges(priority: priority))
    }

    /// "X ka naam (badal kar) Y rakh do", "X ka naam Y kar do", "X ka naam badal kar Y".
    private static func rename(_ body: [Token], _ b: [String]) -> ParseResult? {
        guard let naam = b.firstIndex(of: "naam"), naam >= 2, ["ka", "ki"].contains(b[naam - 1]) else { return nil }
        var k = naam + 1
        if k < b.count, b[k] == "badal" { k += 1 }
        if k < b.count, b[k] == "kar" || b[k] == "ke" { k += 1 }
        var newTitle = Array(body[k...])
        while let last = newTitle.last, last.isAny(["se", "mein", "ko"]) || last.isPunct { newTitle.removeLast() }
        let title = UrduGrammar.title(newTitle)
        guard !title.isEmpty else { return nil }
        guard let target = UrduGrammar.target(Array(body[..<(naam - 1)])) else {
            return ParseResult(intent: .update, changes: TaskChanges(title: title), clarification: UrduClarifications.whichTask(.update, body))
        }
        return ParseResult(intent: .update, target: target, changes: TaskChanges(title: title))
    }

    /// "X mein #tag laga do" / "X par #tag laga do", "X se #tag hata do".
    private static func tagChange(_ body: [Token], _ b: [String], removing: Bool) -> ParseResult? {
        guard let firstTag = body.firstIndex(where: { $0.kind == .hashtag }), firstTag >= 1 else { return nil }
        var end = firstTag
        while end > 0, body[end - 1].isAny(["mein", "par", "se", "ko", "pe", "ka", "tag"]) { end -= 1 }
        guard end > 0, end < firstTag || removing else { return nil }
        let tags = body[firstTag...].filter { $0.kind == .hashtag }.map(\.norm)
        guard let target = UrduGrammar.target(Array(body[..<end])) else { return nil }
        return ParseResult(intent: .update, target: target, changes: removing ? TaskChanges(removeTags: tags) : TaskChanges(addTags: tags))
    }

    /// The change named by the words between the task and the verb: a due, a time, a shift
    /// ("do din aage"), a priority, a repeat, reminders. Nil when they name none of these.
    private static func changes(_ tokens: [Token], _ clock: Clock) -> TaskChanges? {
        var words = tokens
        var shiftAmount = false
        if let last = words.last, last.isAny(["aage", "baad"]) {
            words.removeLast()
            shiftAmount = true
        }
        let entities = UrduEntities.extract(words, clock)
        let leftover = entities.rest.filter { !$0.isPunct && !$0.isAny(["tak", "par", "ko", "ke", "liye", "ki", "ka", "se"]) }
        var changes = TaskChanges()
        if shiftAmount, entities.day == nil, let duration = amount(words) {
            changes.shift = duration.iso8601
            return leftover.count <= 2 ? changes : nil
        }
        guard leftover.isEmpty, entities.hasEntities else { return nil }
        if let priority = entities.priority { changes.priority = priority }
        if !entities.tags.isEmpty { changes.addTags = entities.tags }
        if entities.rule != nil {
            let resolved = TaskResolver.resolve(entities, title: "", clock)
            if let rrule = resolved.task.rrule {
                changes.rrule = rrule
                changes.anchor = resolved.task.anchor
            }
        } else if entities.day != nil || entities.fromNow != nil {
            var dated = entities
            dated.reminders = []
            changes.due = TaskResolver.resolve(dated, title: "", clock).task.due
        } else if let time = entities.clock {
            let second = time.secondOfDay(period: entities.period)
            changes.time = "\(pad(second / 3_600, 2)):\(pad(second / 60 % 60, 2))"
        } else if let period = entities.period {
            let second = period.defaultSecond
            changes.time = "\(pad(second / 3_600, 2)):\(pad(second / 60 % 60, 2))"
        }
        let before = entities.reminders.compactMap { spec -> String? in
            if case .before(let duration, _) = spec { return duration.iso8601 }
            return nil
        }
        if !before.isEmpty { changes.remindBefore = before }
        return changes.isEmpty ? nil : changes
    }

    /// "do din", "ek ghanta": a duration at the end of the words.
    private static func amount(_ tokens: [Token]) -> Duration? {
        let w = tokens.map(\.norm)
        guard w.count >= 2, let count = UrduLexicon.number(w[w.count - 2]), count <= 1_000 else { return nil }
        switch w[w.count - 1] {
        case "minute": return Duration(minutes: count)
        case "ghanta": return Duration(minutes: count * 60)
        case "din": return Duration(days: count)
        case "hafta": return Duration(weeks: count)
        case "mahina": return Duration(months: count)
        default: return nil
        }
    }
}
