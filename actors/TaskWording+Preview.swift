import ActorRuntime
import Foundation
import TodoLanguage
import TodoModel

/// What the chat would create from a parsed task, before anything is created: the draft it
/// would send, its fields in the chat's words, or why it would be refused.
public struct TaskPreview: Sendable, Equatable {
    /// Exactly the draft the chat's add sends for the same words.
    public var draft: TaskDraft
    /// “call mom” — Fri 4 Dec 2026 at 17:00, reminder Fri 4 Dec at 16:30, priority high, #family
    public var words: String
    public var dueWords: String?
    public var recurrenceWords: String?
    public var reminderWords: [String]
    /// Why the task would be refused (a 422's detail), or nil.
    public var problem: String?
}

extension TaskWording {
    /// The chat's own wording of the task it would add from `parsed` (validated as a create is).
    public static func preview(_ parsed: ParsedTask, userZone: TimeZone) -> TaskPreview {
        let draft = ChatTaskEdits.draft(from: parsed)
        do {
            var record = try TaskActor.fields(of: draft)
            record.status = .open
            return TaskPreview(
                draft: draft, words: describe(record, userZone: userZone),
                dueWords: record.due.map { ChatPhrasing.due($0, zone: record.timeZone) },
                recurrenceWords: record.recurrence.map(ChatPhrasing.recurrence),
                reminderWords: reminderPhrases(record, userZone: userZone)
            )
        } catch let problem as ActorProblem {
            return TaskPreview(draft: draft, words: ChatPhrasing.quoted(parsed.title), reminderWords: [], problem: problem.detail)
        } catch {
            return TaskPreview(draft: draft, words: ChatPhrasing.quoted(parsed.title), reminderWords: [], problem: String(describing: error))
        }
    }
}
