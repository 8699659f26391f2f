import Foundation
import TodoModel

/// How the chat says dates, times, rules and titles. Fixed English forms built from integers
/// (no locale-dependent formatters), so the same task always reads the same way.
enum ChatPhrasing {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// “pay rent” — titles in typographic quotes, so they stand apart from the sentence.
    static func quoted(_ title: String) -> String { "“\(title)”" }

    /// Day numbers count from 1970-01-01, a Thursday.
    static func weekday(ofDay day: Int) -> String {
        weekdays[((day % 7) + 7 + 4) % 7]
    }

    /// "Tue 1 Dec 2026", "Tue 1 Dec 2026 at 09:00"; `withYear: false` drops the year (for a
    /// reminder in the same year as its task).
    static func date(_ due: TaskDue, withYear: Bool = true) -> String {
        var text = "\(weekday(ofDay: due.dayNumber)) \(due.day) \(months[due.month - 1])"
        if withYear { text += " \(due.year)" }
        if let seconds = due.secondOfDay { text += " at \(clock(seconds))" }
        return text
    }

    /// "09:05" from seconds after midnight.
    static func clock(_ seconds: Int) -> String {
        let hours = seconds / 3_600, minutes = seconds / 60 % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (minutes < 10 ? "0" : "") + "\(minutes)"
    }

    /// A task's due as the user reads it, with the zone named when the task has its own.
    static func due(_ due: TaskDue, zone: String?) -> String {
        let text = date(due)
        guard let zone, due.hasTime else { return text }
        return text + " (\(zone) time)"
    }

    /// A list line's date from an index summary (already resolved in the user's zone).
    static func summaryDate(_ summary: TaskSummary, userZone: TimeZone) -> String? {
        guard let day = summary.dueDay else { return nil }
        let date = CivilTime.date(days: day)
        var due = TaskDue(year: date.year, month: date.month, day: date.day)
        if summary.dueHasTime, let at = summary.dueAt {
            due = TaskDue(instant: Date(timeIntervalSince1970: at), in: userZone)
        }
        return self.date(due)
    }

    /// "“a”, “b” and “c”", or the first five and how many more.
    static func titles(_ titles: [String], limit: Int = 5) -> String {
        let shown = titles.prefix(limit).map(quoted)
        let more = titles.count - shown.count
        if more > 0 { return shown.joined(separator: ", ") + " and \(more) more" }
        if shown.count <= 1 { return shown.first ?? "" }
        return shown.dropLast().joined(separator: ", ") + " and " + shown.last!
    }

    static func plural(_ count: Int, _ noun: String) -> String {
        count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
    }

    /// An RRULE in words: "every month on the 1st", "every 2 weeks on Tue and Fri",
    /// "every weekday", "every 3 days from completion". Rules with parts this does not
    /// describe are named as they are, so nothing is misreported.
    static func recurrence(_ recurrence: TaskRecurrence) -> String {
        var parts: [String: String] = [:]
        for item in recurrence.rrule.split(separator: ";") {
            let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { parts[pair[0].uppercased()] = pair[1] }
        }
        let interval = Int(parts["INTERVAL"] ?? "1") ?? 1
        let unit: String
        switch parts["FREQ"] {
        case "DAILY": unit = "day"
        case "WEEKLY": unit = "week"
        case "MONTHLY": unit = "month"
        case "YEARLY": unit = "year"
        case "HOURLY": unit = "hour"
        case "MINUTELY": unit = "minute"
        default: return "repeating (\(recurrence.rrule))"
        }
        let known: Set<String> = ["FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "COUNT", "UNTIL", "WKST"]
        guard Set(parts.keys).isSubset(of: known) else { return "repeating (\(recurrence.rrule))" }
        var text = interval == 1 ? "every \(unit)" : "every \(interval) \(unit)s"
        if let byDay = parts["BYDAY"] {
            let days = byDay.split(separator: ",").map(String.init)
            if Set(days) == ["MO", "TU", "WE", "TH", "FR"], interval == 1, parts["FREQ"] == "WEEKLY" || parts["FREQ"] == "DAILY" {
                text = "every weekday"
            } else {
                text += " on " + list(days.map(dayName))
            }
        }
        if let monthDays = parts["BYMONTHDAY"] {
            text += " on the " + list(monthDays.split(separator: ",").compactMap { Int($0) }.map(ordinalDay))
        }
        if let byMonth = parts["BYMONTH"] {
            let names = byMonth.split(separator: ",").compactMap { Int($0) }.filter { (1...12).contains($0) }.map { months[$0 - 1] }
            text += " in " + list(names)
        }
        if recurrence.anchor == .completion { text += " from completion" }
        if let count = parts["COUNT"] { text += ", \(count) times" }
        if let until = parts["UNTIL"], until.count >= 8, let year = Int(until.prefix(4)), let month = Int(until.dropFirst(4).prefix(2)),
           let day = Int(until.dropFirst(6).prefix(2)), (1...12).contains(month) {
            text += " until " + date(TaskDue(year: year, month: month, day: day))
        }
        return text
    }

    /// "MO" → "Mon", "2WE" → "the 2nd Wed", "-1FR" → "the last Fri".
    private static func dayName(_ code: String) -> String {
        let names = ["SU": "Sun", "MO": "Mon", "TU": "Tue", "WE": "Wed", "TH": "Thu", "FR": "Fri", "SA": "Sat"]
        let day = String(code.suffix(2))
        let name = names[day] ?? day
        guard let position = Int(code.dropLast(2)) else { return name }
        if position == -1 { return "the last \(name)" }
        return position > 0 ? "the \(ordinal(position)) \(name)" : "the \(ordinal(-position)) last \(name)"
    }

    private static func ordinalDay(_ day: Int) -> String {
        day == -1 ? "last day" : day < 0 ? "\(ordinal(-day)) last day" : ordinal(day)
    }

    static func ordinal(_ number: Int) -> String {
        let suffix: String
        switch (number % 10, number % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(number)\(suffix)"
    }

    private static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
