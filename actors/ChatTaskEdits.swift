import Foundation
import TodoLanguage
import TodoModel

/// Turns what the language engine read into the tasks API's inputs: a parsed task into a
/// draft, parsed changes into a patch against the task as it is now, and a task's old fields
/// into the patch that puts them back (for undo).
enum ChatTaskEdits {
    /// A parsed task as a draft. The engine resolves dates in the task's zone, so the
    /// wall-clock part of its due is exactly the task's due; reminders are absolute instants.
    static func draft(from parsed: ParsedTask) -> TaskDraft {
        let reminders = parsed.reminders.compactMap(\.date).map { TaskReminder(id: TaskReminder.derivedID(at: $0, minutesBefore: nil), at: $0) }
        return TaskDraft(
            title: parsed.title, priority: parsed.priority, tags: parsed.tags, due: parsed.due?.local, timeZone: parsed.timeZone,
            reminders: reminders, recurrence: parsed.rrule.map { TaskRecurrence(rrule: $0, anchor: parsed.anchor) }
        )
    }

    /// A draft that recreates a deleted task with the fields it had.
    static func draft(restoring task: TaskRecord) -> TaskDraft {
        TaskDraft(title: task.title, notes: task.notes, priority: task.priority, tags: task.tags, due: task.due, timeZone: task.timeZone, reminders: task.reminders, recurrence: task.recurrence)
    }

    /// The patch that sets every user-visible field back to what `task` had.
    static func patch(restoring task: TaskRecord) -> TaskPatch {
        TaskPatch(
            title: task.title, notes: task.notes, priority: task.priority, tags: task.tags,
            due: task.due.map { .set($0) } ?? .clear, timeZone: task.timeZone.map { .set($0) } ?? .clear,
            reminders: task.reminders, recurrence: task.recurrence.map { .set($0) } ?? .clear
        )
    }

    /// Why a change cannot be applied, in words for the reply.
    struct Refusal: Error, Equatable {
        let reason: String
    }

    /// The patch that applies `changes` to `task`. `today` (in the task's zone) is the date a
    /// new time of day lands on when the task has no due yet.
    static func patch(applying changes: TaskChanges, to task: TaskRecord, today: TaskDue) throws(Refusal) -> TaskPatch {
        var patch = TaskPatch()
        if let title = changes.title { patch.title = title }
        if let priority = changes.priority { patch.priority = priority }
        var due = task.due
        if let newDue = changes.due {
            // A new date alone keeps the time the task already had ("move it to friday").
            var local = newDue.local
            if !local.hasTime, let seconds = task.due?.secondOfDay { local.secondOfDay = seconds }
            due = local
        }
        if let time = changes.time {
            guard let seconds = secondOfDay(time) else { throw Refusal(reason: "'\(time)' is not a time of day") }
            var base = due ?? today
            base.secondOfDay = seconds
            due = base
        }
        if let shift = changes.shift {
            guard let current = due else { throw Refusal(reason: "\(ChatPhrasing.quoted(task.title)) has no due date to move") }
            guard let amount = ISODuration(shift) else { throw Refusal(reason: "'\(shift)' is not a duration") }
            due = amount.shift(current)
        }
        if due != task.due { patch.due = due.map { .set($0) } ?? .clear }
        if let zone = changes.timeZone { patch.timeZone = .set(zone) }
        if changes.addTags != nil || changes.removeTags != nil {
            var tags = task.tags
            for tag in changes.addTags ?? [] where !tags.contains(tag) { tags.append(tag) }
            let removed = Set((changes.removeTags ?? []).map { $0.lowercased() })
            tags.removeAll { removed.contains($0.lowercased()) }
            patch.tags = tags
        }
        if let rrule = changes.rrule {
            patch.recurrence = .set(TaskRecurrence(rrule: rrule, anchor: changes.anchor ?? task.recurrence?.anchor ?? .schedule))
        } else if let anchor = changes.anchor {
            guard let current = task.recurrence else { throw Refusal(reason: "\(ChatPhrasing.quoted(task.title)) does not repeat") }
            patch.recurrence = .set(TaskRecurrence(rrule: current.rrule, anchor: anchor))
        }
        if let before = changes.remindBefore {
            var reminders = task.reminders
            for text in before {
                guard let amount = ISODuration(text) else { throw Refusal(reason: "'\(text)' is not a duration") }
                let minutes = amount.totalMinutes
                let reminder = TaskReminder(id: TaskReminder.derivedID(at: nil, minutesBefore: minutes), minutesBefore: minutes)
                if !reminders.contains(where: { $0.id == reminder.id }) { reminders.append(reminder) }
            }
            patch.reminders = reminders
        }
        for field in changes.clear ?? [] {
            switch field {
            case "due":
                // A series needs a due, so clearing the due ends the series too.
                patch.due = .clear
                patch.recurrence = .clear
            case "recurrence": patch.recurrence = .clear
            case "reminders": patch.reminders = []
            case "tags": patch.tags = []
            case "priority": patch.priority = Priority.none
            case "timeZone": patch.timeZone = .clear
            default: throw Refusal(reason: "I can't clear '\(field)'")
            }
        }
        return patch
    }

    /// "18:30" → seconds after midnight.
    static func secondOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":").compactMap { Int($0) }
        guard parts.count >= 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]), parts.count < 3 || (0..<61).contains(parts[2]) else { return nil }
        return parts[0] * 3_600 + parts[1] * 60 + (parts.count > 2 ? parts[2] : 0)
    }
}

/// An ISO 8601 duration as the engine writes them (`P2D`, `P1W`, `P1M`, `PT1H30M`, `-P1D`).
/// Years, months, weeks and days move the calendar date (wall clock: 09:00 stays 09:00);
/// hours and minutes move the time of day and carry into the date.
struct ISODuration: Equatable {
    var years = 0, months = 0, days = 0, minutes = 0

    init?(_ text: String) {
        var rest = Substring(text.uppercased())
        var sign = 1
        if rest.hasPrefix("-") { sign = -1; rest.removeFirst() }
        guard rest.hasPrefix("P") else { return nil }
        rest.removeFirst()
        var inTime = false, number = "", sawPart = false
        for character in rest {
            if character == "T" { inTime = true; continue }
            if character.isNumber { number.append(character); continue }
            // Six digits at most per part (as the engine reads amounts): the sums below cannot overflow.
            guard number.count <= 6, let value = Int(number) else { return nil }
            number = ""
            sawPart = true
            switch (character, inTime) {
            case ("Y", false): years += sign * value
            case ("M", false): months += sign * value
            case ("W", false): days += sign * value * 7
            case ("D", false): days += sign * value
            case ("H", true): minutes += sign * value * 60
            case ("M", true): minutes += sign * value
            case ("S", true): minutes += sign * value / 60
            default: return nil
            }
        }
        guard sawPart, number.isEmpty else { return nil }
    }

    /// The duration in minutes, counting a day as 1440 (for "remind me N before").
    var totalMinutes: Int { ((years * 365 + months * 30 + days) * 1_440) + minutes }

    /// `due` moved by this duration. A month shift lands on the same day of the month, or
    /// the month's last day when it is shorter (Jan 31 + 1 month = Feb 28).
    func shift(_ due: TaskDue) -> TaskDue {
        var monthIndex = due.year * 12 + (due.month - 1) + years * 12 + months
        let year = Int((Double(monthIndex) / 12).rounded(.down))
        monthIndex -= year * 12
        let month = monthIndex + 1
        let day = min(due.day, CivilTime.daysInMonth(year: year, month: month))
        var dayNumber = CivilTime.days(year: year, month: month, day: day) + days
        var seconds = due.secondOfDay
        if minutes != 0 {
            // A date-only task moved by hours moves by whole days only.
            let total = (seconds ?? 0) + minutes * 60
            let carry = Int((Double(total) / 86_400).rounded(.down))
            dayNumber += seconds == nil ? minutes / 1_440 : carry
            if seconds != nil { seconds = total - carry * 86_400 }
        }
        let date = CivilTime.date(days: dayNumber)
        return TaskDue(year: date.year, month: date.month, day: date.day, secondOfDay: seconds)
    }
}
