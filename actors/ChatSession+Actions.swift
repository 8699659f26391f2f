import ActorRuntime
import Foundation
import TodoEvents
import TodoLanguage
import TodoModel

/// Acting on tasks the user named: one task by its words, many by a filter (after a
/// confirmation), and undoing the last turn.
extension ChatSession {
    // MARK: One task by name

    func act(_ operation: PendingConfirmation.Operation, target: String, changes: TaskChanges?) async throws -> ChatOutcome {
        if operation == .update, changes?.isEmpty ?? true {
            let question = voice.whatToChange(target)
            return ChatOutcome(reply: question, clarification: question)
        }
        // Reopening looks among finished tasks; everything else among open ones.
        let status = operation == .reopen ? "completed" : "open"
        let matches = try await ChatTargets(user: user).resolve(target, status: status)
        switch matches.count {
        case 0:
            return ChatOutcome(reply: voice.notFound(target, completed: operation == .reopen))
        case 1:
            return try await perform(operation, on: [matches[0].id], changes: changes)
        default:
            let shown = matches.prefix(5).enumerated().map { "\($0.offset + 1). \(ChatPhrasing.quoted($0.element.title))" }
            let question = voice.several(target, more: max(matches.count - 5, 0), shown: shown)
            return ChatOutcome(reply: question, clarification: question)
        }
    }

    // MARK: Many tasks by filter

    /// Resolves the filter now and asks first: the confirmation acts on exactly these tasks.
    func askToConfirm(_ operation: PendingConfirmation.Operation, filter: String, changes: TaskChanges?) async throws -> (ChatOutcome, PendingConfirmation?) {
        var query = filter
        // Completing what is already complete (or reopening what is open) would do nothing,
        // and moving finished tasks around is never what "push everything" means.
        if operation == .complete || operation == .update { query = "(\(filter)) & open" }
        if operation == .reopen { query = "(\(filter)) & completed" }
        let tasks: [TaskSummary]
        do {
            tasks = try await user.listTasks(.init(filter: query, sort: "due", limit: 500)).items
        } catch let problem as ActorProblem where problem.status == 400 {
            return (ChatOutcome(reply: Self.unusableFilter(problem)), nil)
        }
        guard !tasks.isEmpty else { return (ChatOutcome(reply: voice.nothingToAct(operation.rawValue)), nil) }
        if operation == .update, changes?.isEmpty ?? true {
            let question = voice.whatToChangeMany
            return (ChatOutcome(reply: question, clarification: question), nil)
        }
        let question = voice.confirm(operation.rawValue, count: tasks.count, titles: ChatPhrasing.titles(tasks.map(\.title)))
        let pending = PendingConfirmation(operation: operation, taskIDs: tasks.map(\.id), changes: changes)
        return (ChatOutcome(reply: question, clarification: question), pending)
    }

    func execute(_ pending: PendingConfirmation) async throws -> ChatOutcome {
        try await perform(pending.operation, on: pending.taskIDs, changes: pending.changes)
    }

    // MARK: Doing it

    /// Applies the operation to each task, recording how to revert it. A task that went away
    /// in the meantime (deleted elsewhere) is skipped.
    func perform(_ operation: PendingConfirmation.Operation, on ids: [String], changes: TaskChanges?) async throws -> ChatOutcome {
        var actions: [ChatAction] = []
        var undo: [UndoStep] = []
        var sentences: [String] = []
        for id in ids {
            let before: TaskRecord
            do {
                before = try await task(id).get(.init(userID: userID))
            } catch let problem as ActorProblem where problem.status == 404 {
                continue
            }
            do {
                switch operation {
                case .complete:
                    let done = try await task(id).complete(.init(userID: userID))
                    let action = ChatAction(kind: .completed, taskID: id, title: done.title, due: done.due)
                    actions.append(action)
                    undo.append(UndoStep(action: action, before: before))
                    var sentence = voice.markedDone(done.title)
                    let followed = await tellSeries(.completed, done)
                    if let nextID = followed?.nextOccurrenceID ?? done.nextOccurrenceID, let next = try? await task(nextID).get(.init(userID: userID)), let due = next.due {
                        sentence += voice.nextDue(voice.due(due, zone: next.timeZone))
                    }
                    sentences.append(sentence)
                case .reopen:
                    let reopened = try await task(id).reopen(.init(userID: userID))
                    let action = ChatAction(kind: .reopened, taskID: id, title: reopened.title, due: reopened.due)
                    actions.append(action)
                    undo.append(UndoStep(action: action, before: before))
                    sentences.append(voice.reopened(reopened.title))
                case .delete:
                    _ = try await task(id).delete(.init(userID: userID))
                    let action = ChatAction(kind: .deleted, taskID: id, title: before.title, due: before.due)
                    actions.append(action)
                    undo.append(UndoStep(action: action, before: before))
                    sentences.append(voice.deleted(before.title))
                case .update:
                    let zone = before.effectiveZone(userZone: userZone)
                    let patch = try ChatTaskEdits.patch(applying: changes ?? TaskChanges(), to: before, today: today(in: zone))
                    let updated = try await task(id).update(.init(userID: userID, patch: patch))
                    let action = ChatAction(kind: .updated, taskID: id, title: updated.title, due: updated.due)
                    actions.append(action)
                    undo.append(UndoStep(action: action, before: before))
                    sentences.append(voice.updated(describe(updated)))
                }
            } catch let refusal as ChatTaskEdits.Refusal {
                sentences.append(voice.couldNotChange(before.title, refusal.reason))
            } catch let problem as ActorProblem where problem.status == 422 || problem.status == 409 {
                sentences.append(voice.couldNotChange(before.title, problem.detail))
            }
        }
        if ids.count > 1, sentences.count > 5 {
            // A bulk action over many tasks: one summary line instead of a sentence each.
            let verb = ["complete": "Completed", "reopen": "Reopened", "delete": "Deleted", "update": "Updated"][operation.rawValue] ?? "Changed"
            sentences = ["\(verb) \(ChatPhrasing.plural(actions.count, "task")): \(ChatPhrasing.titles(actions.map(\.title)))."]
        }
        if sentences.isEmpty { sentences = [voice.noLongerExist] }
        return ChatOutcome(reply: sentences.joined(separator: " "), actions: actions, undo: actions.isEmpty ? nil : undo)
    }

    // MARK: Undo

    /// Reverts the recorded steps, newest first, and reports each inverse as an action.
    func undo(_ steps: [UndoStep]) async throws -> ChatOutcome {
        var actions: [ChatAction] = []
        var sentences: [String] = []
        for step in steps.reversed() {
            let id = step.action.taskID
            let title = ChatPhrasing.quoted(step.action.title)
            do {
                switch step.action.kind {
                case .created:
                    _ = try await task(id).delete(.init(userID: userID))
                    actions.append(ChatAction(kind: .deleted, taskID: id, title: step.action.title))
                    sentences.append(voice.removedAgain(title))
                case .completed:
                    let task = try await task(id).reopen(.init(userID: userID))
                    actions.append(ChatAction(kind: .reopened, taskID: id, title: task.title, due: task.due))
                    sentences.append(voice.reopenedQuoted(title))
                    // Completing an occurrence made the next one; undoing the completion has
                    // the series take it back, unless the user has since changed or finished it.
                    if let nextID = task.nextOccurrenceID, let next = try? await self.task(nextID).get(.init(userID: userID)),
                       let followed = await tellSeries(.reopened, task), followed.retractedTaskID == nextID {
                        actions.append(ChatAction(kind: .deleted, taskID: nextID, title: next.title, due: next.due))
                    }
                case .reopened:
                    let task = try await task(id).complete(.init(userID: userID, completedAt: step.before?.completedAt))
                    _ = await tellSeries(.completed, task)
                    actions.append(ChatAction(kind: .completed, taskID: id, title: task.title, due: task.due))
                    sentences.append(voice.doneAgain(title))
                case .deleted:
                    guard let before = step.before else { continue }
                    // The same id again, so links to the task keep working.
                    let series = before.seriesID.flatMap { seriesID in
                        before.seriesStart.map { TaskActor.SeriesPosition(seriesID: seriesID, seriesStart: $0, occurrence: before.occurrence ?? 1) }
                    }
                    var restored = try await task(id).create(.init(userID: userID, draft: ChatTaskEdits.draft(restoring: before), series: series))
                    if before.status == .completed {
                        restored = try await task(id).complete(.init(userID: userID, completedAt: before.completedAt))
                    }
                    actions.append(ChatAction(kind: .created, taskID: id, title: restored.title, due: restored.due))
                    sentences.append(voice.restored(describe(restored)))
                case .updated:
                    guard let before = step.before else { continue }
                    let task = try await task(id).update(.init(userID: userID, patch: ChatTaskEdits.patch(restoring: before)))
                    actions.append(ChatAction(kind: .updated, taskID: id, title: task.title, due: task.due))
                    sentences.append(voice.putBack(describe(task)))
                }
            } catch let problem as ActorProblem where [404, 409, 422].contains(problem.status) {
                sentences.append(voice.couldNotUndo(title, problem.detail))
            }
        }
        if sentences.count > 5 {
            sentences = ["Undone: \(ChatPhrasing.plural(actions.count, "change")) to \(ChatPhrasing.titles(steps.map(\.action.title)))."]
        }
        return ChatOutcome(reply: sentences.isEmpty ? voice.nothingLeftToUndo : sentences.joined(separator: " "), actions: actions)
    }
}
