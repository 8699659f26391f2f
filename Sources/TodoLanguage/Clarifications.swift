/// The questions the engine asks instead of guessing. Phrased for people: the chat layer
/// shows them as they are.
enum Clarifications {
    static func day(_ day: Int) -> String {
        let date = Clock.date(day)
        return "\(Lexicon.weekdayNames[Clock.weekday(day)]), \(Lexicon.monthNames[date.month - 1]) \(date.day)"
    }

    static func ambiguousDay(_ first: Int, _ second: Int, today: Int) -> String {
        let firstText = first == today + 1 ? "tomorrow (\(day(first)))" : day(first)
        return "Did you mean \(firstText) or \(day(second))?"
    }

    static func whichTask(_ intent: Intent) -> String {
        switch intent {
        case .complete: return "Which task should I mark as done?"
        case .reopen: return "Which task should I reopen?"
        case .delete: return "Which task should I delete?"
        default: return "Which task do you mean?"
        }
    }

    static func remindWhen(_ title: String) -> String {
        title.isEmpty ? "When should I remind you?" : "When should I remind you to \(title)?"
    }

    static func beforeWhat(_ title: String) -> String {
        "Before when? \(title.isEmpty ? "The task" : "“\(title)”") has no due date or time yet."
    }

    static func unsupportedRepeat(_ title: String) -> String {
        "I can repeat tasks daily, weekly, monthly or yearly, but not every few hours or minutes. How often should \(title.isEmpty ? "it" : "“\(title)”") repeat?"
    }

    static func untilWhen(_ target: String?) -> String {
        guard let target else { return "Which task, and until when?" }
        return "Until when should I move “\(target)”?"
    }

    static let emptyTask = "What should the task be called?"
}
