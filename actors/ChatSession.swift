import ActorRuntime
import TodoEvents
import Foundation
import TodoLanguage
import TodoModel

/// The work of one chat turn, on behalf of one user: everything goes through the user's
/// TaskActors and UserActor, exactly as the REST API does, so the same validation and
/// ownership checks apply.
struct ChatSession: Sendable {
    let context: ActorContext
    let userID: String
    let userZone: TimeZone
    /// The language of the message being answered: replies are written in it.
    var voice: ChatVoice = .english

    func task(_ id: String) -> ActorProxy<TaskActor> { context.proxy(TaskActor.self, id) }
    var user: ActorProxy<UserActor> { context.proxy(UserActor.self, userID) }

    /// Tells a recurring task's series about a change at once (ConversationActor →
    /// SeriesActor → TaskActor, never back), so the reply can name the next occurrence. If
    /// the series cannot be reached now, `task-events` brings it the change later.
    func tellSeries(_ kind: TaskEvent.Kind, _ task: TaskRecord) async -> SeriesActor.Outcome? {
        await SeriesActor.tell(kind, task, series: { context.proxy(SeriesActor.self, $0) }, logger: context.logger)
    }

    /// New task ids: unguessable, like the REST API's.
    static func newTaskID() -> String {
        "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    /// Today's date in `zone` (where a bare time of day lands).
    func today(in zone: TimeZone) -> TaskDue {
        var today = TaskDue(instant: context.now, in: zone)
        today.secondOfDay = nil
        return today
    }

    // MARK: Add

    /// Creates every parsed task. One task the API refuses (say, a rule it cannot use) is
    /// reported and does not stop the others.
    func add(_ parsed: [ParsedTask]) async throws -> ChatOutcome {
        guard !parsed.isEmpty else { return ChatOutcome(reply: voice.whatToAdd) }
        var sentences: [String] = []
        var actions: [ChatAction] = []
        var undo: [UndoStep] = []
        for item in parsed {
            do {
                let created = try await task(Self.newTaskID()).create(.init(userID: userID, draft: ChatTaskEdits.draft(from: item)))
                let action = ChatAction(kind: .created, taskID: created.id, title: created.title, due: created.due)
                actions.append(action)
                undo.append(UndoStep(action: action))
                sentences.append(voice.added(describe(created)))
            } catch let problem as ActorProblem where problem.status == 422 {
                sentences.append(voice.couldNotAdd(item.title, problem.detail))
            }
        }
        return ChatOutcome(reply: sentences.joined(separator: " "), actions: actions, undo: actions.isEmpty ? nil : undo)
    }

    /// “pay rent” — Tue 1 Dec 2026 at 09:00, every month on the 1st, reminder Mon 30 Nov at 09:00, priority high, #home
    func describe(_ task: TaskRecord) -> String {
        voice.describe(task, userZone: userZone)
    }

    /// The engine writes filters in the API's language, so a refusal is a gap in the engine;
    /// the user gets a reply rather than an error for the whole message.
    static func unusableFilter(_ problem: ActorProblem) -> String {
        "I understood that as a search I can't run (\(problem.detail)). Try naming a tag, a date or a few words of the title."
    }


    // MARK: List

    /// The tasks a filter selects, as a short numbered list (ten at most, then a count).
    func list(filter: String?, sort: String?) async throws -> ChatOutcome {
        let limit = 10
        let page: TaskListPage
        do {
            page = try await user.listTasks(.init(filter: filter ?? "open", sort: sort ?? "due", limit: 500))
        } catch let problem as ActorProblem where problem.status == 400 {
            return ChatOutcome(reply: Self.unusableFilter(problem))
        }
        guard !page.items.isEmpty else { return ChatOutcome(reply: voice.noMatches) }
        var lines = [voice.listHeader(page.items.count, more: page.nextCursor != nil)]
        for (index, summary) in page.items.prefix(limit).enumerated() {
            var line = "\(index + 1). \(ChatPhrasing.quoted(summary.title))"
            if let date = summaryDate(summary) { line += " — \(date)" }
            if summary.status == .completed { line += voice.doneMark }
            lines.append(line)
        }
        if page.items.count > limit { lines.append(voice.andMore(page.items.count - limit)) }
        return ChatOutcome(reply: lines.joined(separator: "\n"))
    }

    /// A list line's date in the reply's language.
    private func summaryDate(_ summary: TaskSummary) -> String? {
        guard !voice.isEnglish, let day = summary.dueDay else { return ChatPhrasing.summaryDate(summary, userZone: userZone) }
        let date = CivilTime.date(days: day)
        var due = TaskDue(year: date.year, month: date.month, day: date.day)
        if summary.dueHasTime, let at = summary.dueAt { due = TaskDue(instant: Date(timeIntervalSince1970: at), in: userZone) }
        return voice.urdu.date(due)
    }
}
