import Foundation
import TodoModel

/// A task in plain words, the way the chat confirms what it did — shared with the tool set
/// (MCP and LLM mode), so every path that changes a task says it the same way, with the
/// weekday of every date.
public enum TaskWording {
    /// “pay rent” — Tue 1 Dec 2026 at 09:00, every month on the 1st, reminder Mon 30 Nov at 09:00, priority high, #home
    public static func describe(_ task: TaskRecord, userZone: TimeZone) -> String {
        var details: [String] = []
        if let due = task.due { details.append(ChatPhrasing.due(due, zone: task.timeZone)) }
        if let recurrence = task.recurrence { details.append(ChatPhrasing.recurrence(recurrence)) }
        let reminders = reminderPhrases(task, userZone: userZone)
        if !reminders.isEmpty { details.append((reminders.count == 1 ? "reminder " : "reminders ") + reminders.joined(separator: " and ")) }
        if task.priority != .none { details.append("priority \(task.priority.rawValue)") }
        if !task.tags.isEmpty { details.append(task.tags.map { "#\($0)" }.joined(separator: " ")) }
        let title = ChatPhrasing.quoted(task.title)
        return details.isEmpty ? title : title + " — " + details.joined(separator: ", ")
    }

    /// “pay rent”, in typographic quotes.
    public static func quoted(_ title: String) -> String { ChatPhrasing.quoted(title) }

    /// "Tue 1 Dec 2026 at 09:00", with the zone named when the task has its own.
    public static func due(_ due: TaskDue, zone: String?) -> String { ChatPhrasing.due(due, zone: zone) }

    /// A list entry's date with its weekday, in the user's zone ("Fri 27 Nov 2026 at 17:00").
    public static func when(_ summary: TaskSummary, userZone: TimeZone) -> String? {
        ChatPhrasing.summaryDate(summary, userZone: userZone)
    }

    /// Any instant as the user reads it in `zone`, with its weekday.
    public static func instant(_ date: Date, in zone: TimeZone) -> String {
        ChatPhrasing.date(TaskDue(instant: date, in: zone))
    }

    /// Absolute reminders with their weekday, in the task's zone; relative ones as said.
    static func reminderPhrases(_ task: TaskRecord, userZone: TimeZone) -> [String] {
        let zone = task.effectiveZone(userZone: userZone)
        return task.reminders.map { reminder in
            if let at = reminder.at {
                let local = TaskDue(instant: at, in: zone)
                return ChatPhrasing.date(local, withYear: local.year != task.due?.year)
            }
            return before(minutes: reminder.minutesBefore ?? 0)
        }
    }

    /// "30 minutes before", "1 day before".
    static func before(minutes: Int) -> String {
        if minutes == 0 { return "at the due time" }
        if minutes % 1_440 == 0 { return ChatPhrasing.plural(minutes / 1_440, "day") + " before" }
        if minutes % 60 == 0 { return ChatPhrasing.plural(minutes / 60, "hour") + " before" }
        return ChatPhrasing.plural(minutes, "minute") + " before"
    }
}
