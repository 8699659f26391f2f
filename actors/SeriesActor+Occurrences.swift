import ActorRuntime
import Foundation
import TodoEvents
import TodoModel

/// How the series follows its occurrences: adopting a recurring task it has not seen,
/// rolling forward when the open occurrence closes, taking an untouched occurrence back when
/// the one before it is reopened, and noting single-occurrence edits and skips.
extension SeriesActor {
    public func occurrenceChanged(_ input: Change) async throws -> Outcome {
        let task = input.task
        // A task that names no series may have just left this one (its rule was cleared: the
        // event carries `formerSeriesId`); `follow` ends the series if it was the open one.
        guard task.seriesID == context.id || task.seriesID == nil else { return Outcome(series: nil) }
        var series: SeriesRecord
        var adopted = false
        if let stored = try await context.state.get(Self.seriesKey) {
            series = stored
        } else {
            // A recurring task made by any path (REST, chat, MCP, an older version) becomes
            // a series the first time the series hears of it; a deleted one is left alone.
            guard input.kind != .deleted, let recurrence = task.recurrence, let due = task.due else { return Outcome(series: nil) }
            series = SeriesRecord(
                id: context.id, ownerID: task.ownerID, template: SeriesTemplate(of: task), recurrence: recurrence,
                start: task.seriesStart ?? due, counter: task.occurrence ?? 1, lastDue: due, openTaskID: task.id, now: context.now
            )
            try await armSchedule(&series)
            adopted = true
        }
        let before = series
        guard task.ownerID == series.ownerID, series.status != .deleted else { return Outcome(series: nil) }
        var outcome = Outcome(series: nil)
        switch input.kind {
        case .created, .updated:
            try await follow(&series, task)
        case .completed:
            outcome.nextOccurrenceID = try await close(&series, taskID: task.id, closedAt: task.completedAt ?? context.now)
        case .deleted:
            outcome.nextOccurrenceID = try await close(&series, taskID: task.id, closedAt: context.now)
        case .reopened:
            outcome.retractedTaskID = try await takeBack(&series, reopened: task)
        }
        // A repeated event changes nothing and writes nothing.
        if adopted || series != before { save(series) }
        outcome.series = series
        return outcome
    }

    /// The open occurrence closed: materialise the next one (active series), or end the
    /// series when the rule has no more. Returns the occurrence that follows `taskID`.
    func close(_ series: inout SeriesRecord, taskID: String, closedAt: Date) async throws -> String? {
        guard series.openTaskID == taskID else {
            // Already rolled forward (the other path got here first, or a redelivery).
            return series.previousTaskID == taskID ? series.openTaskID : nil
        }
        let live = try await liveTask(taskID, owner: series.ownerID)
        if let live, live.status == .open, live.seriesID == series.id {
            return nil // reopened since this event was published
        }
        series.openTaskID = nil
        series.openDue = nil
        series.previousTaskID = taskID
        series.version += 1
        guard series.status == .active, let schedule = try await schedule(of: series) else {
            try await armSchedule(&series)
            return nil
        }
        let closedDue = live?.due ?? series.lastDue
        guard let next = schedule.following(due: closedDue, closedAt: closedAt, closedCount: series.counter) else {
            series.status = .ended
            try await armSchedule(&series)
            return nil
        }
        try await materialise(&series, number: series.counter + 1, due: next.due)
        if let live, live.status == .completed {
            try await task(taskID).linkNextOccurrence(.init(userID: series.ownerID, nextOccurrenceID: series.openTaskID))
        }
        try await armSchedule(&series)
        return series.openTaskID
    }

    /// An earlier occurrence was reopened (an undone completion): the occurrence its
    /// completion made is taken back if nobody has touched it, so one stays open.
    func takeBack(_ series: inout SeriesRecord, reopened: TaskRecord) async throws -> String? {
        guard series.openTaskID != reopened.id else { return nil }
        guard let live = try await liveTask(reopened.id, owner: series.ownerID), live.status == .open else { return nil }
        // Only the latest completion can be undone into the series: reopening an older
        // occurrence (also while nothing is open, a paused or ended series) leaves it a task
        // of its own, so the counter never goes back to numbers that exist.
        guard series.previousTaskID == reopened.id else { return nil }
        var retracted: String?
        if let openID = series.openTaskID {
            guard let open = try await liveTask(openID, owner: series.ownerID), open.status == .open, open.version == 1 else {
                // The later occurrence was changed or is not the one this completion made:
                // both stay, and the series keeps following the later one.
                return nil
            }
            _ = try await task(openID).delete(.init(userID: series.ownerID))
            retracted = openID
        }
        series.openTaskID = reopened.id
        series.openDue = reopened.due
        series.openVersion = live.version
        series.counter = reopened.occurrence ?? series.counter
        series.lastDue = reopened.due ?? series.lastDue
        series.previousTaskID = nil
        series.scheduledThrough = nil
        if series.status == .ended { series.status = .active }
        series.version += 1
        try await task(reopened.id).linkNextOccurrence(.init(userID: series.ownerID, nextOccurrenceID: nil))
        try await armSchedule(&series)
        return retracted
    }

    /// The open occurrence was edited or skipped on its own: keep its due, note which
    /// template fields it overrides, and take a rule edited on it as the series' rule.
    func follow(_ series: inout SeriesRecord, _ task: TaskRecord) async throws {
        // Only the open occurrence, and not an older snapshot of it than one already seen.
        // A redelivered event (the same version again) changes nothing and writes nothing.
        guard task.id == series.openTaskID, task.version > (series.openVersion ?? 0) else { return }
        series.openVersion = task.version
        guard task.recurrence != nil else {
            // Its rule was cleared: the occurrence left the series, which ends.
            series.openTaskID = nil
            series.openDue = nil
            series.status = .ended
            series.version += 1
            try await armSchedule(&series)
            return
        }
        if let number = task.occurrence, number > series.counter, let due = task.due {
            series.counter = number // skipped to a later occurrence
            series.lastDue = due
        }
        series.openDue = task.due
        if let recurrence = task.recurrence, recurrence != series.recurrence {
            series.recurrence = recurrence
        }
        let differences = series.template.differences(from: task)
        series.overrides[task.id] = differences.isEmpty ? nil : differences
        series.version += 1
        try await armSchedule(&series)
    }
}
