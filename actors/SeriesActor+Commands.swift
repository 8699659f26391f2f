import ActorRuntime
import Foundation
import TodoEvents
import TodoModel

/// What an owner does to a whole series: pause, resume, edit, delete.
extension SeriesActor {
    public struct Edit: Codable, Sendable {
        public var userID: String
        public var title: String?
        public var notes: String?
        public var priority: Priority?
        public var tags: [String]?
        public var reminders: [TaskReminder]?
        /// A new zone; with `clearTimeZone` the series floats with its owner's zone.
        public var timeZone: String?
        public var clearTimeZone: Bool
        public var recurrence: TaskRecurrence?

        public init(userID: String, title: String? = nil, notes: String? = nil, priority: Priority? = nil, tags: [String]? = nil, reminders: [TaskReminder]? = nil, timeZone: String? = nil, clearTimeZone: Bool = false, recurrence: TaskRecurrence? = nil) {
            self.userID = userID
            self.title = title
            self.notes = notes
            self.priority = priority
            self.tags = tags
            self.reminders = reminders
            self.timeZone = timeZone
            self.clearTimeZone = clearTimeZone
            self.recurrence = recurrence
        }
    }

    /// Stops materialising occurrences; the open one (if any) stays and can be completed.
    public func pause(_ input: Access) async throws -> SeriesRecord {
        var series = try await owned(by: input.userID)
        guard series.status != .ended else { throw Self.ended(series) }
        guard series.status != .paused else { return series }
        series.status = .paused
        series.version += 1
        try await armSchedule(&series)
        save(series)
        return series
    }

    /// Materialises again: the next occurrence after now at once if none is open.
    public func resume(_ input: Access) async throws -> SeriesRecord {
        var series = try await owned(by: input.userID)
        guard series.status != .ended else { throw Self.ended(series) }
        guard series.status == .paused else { return series }
        series.status = .active
        series.version += 1
        let now = context.now
        if let openID = series.openTaskID, let live = try await liveTask(openID, owner: series.ownerID), live.status == .open {
            // One is still open: it stays the open occurrence.
        } else if let schedule = try await schedule(of: series) {
            if let closed = series.openTaskID { series.previousTaskID = closed }
            series.openTaskID = nil
            series.openDue = nil
            if let next = schedule.next(after: max(now, schedule.instant(of: series.lastDue))) {
                try await materialise(&series, number: series.counter + 1, due: next.due)
            } else {
                series.status = .ended
            }
        }
        series.scheduledThrough = max(series.scheduledThrough ?? .distantPast, now)
        try await armSchedule(&series)
        save(series)
        return series
    }

    /// Edits the series: the template and rule of future occurrences, and the open one's
    /// fields unless that occurrence was edited on its own (those fields it keeps).
    public func edit(_ input: Edit) async throws -> SeriesRecord {
        var series = try await owned(by: input.userID)
        let before = series.template
        var template = before
        var recurrence = series.recurrence
        do {
            if let title = input.title { template.title = try TaskFields.title(title) }
            if let notes = input.notes { template.notes = try TaskFields.notes(notes) }
            if let priority = input.priority { template.priority = priority }
            if let tags = input.tags { template.tags = try TaskFields.tags(tags) }
            if let reminders = input.reminders { template.reminders = try TaskFields.reminders(reminders) }
            if input.clearTimeZone {
                template.timeZone = nil
            } else if let zone = input.timeZone {
                template.timeZone = try TaskFields.timeZone(zone)
            }
            if let raw = input.recurrence { recurrence = try TaskFields.recurrence(raw, due: series.start) ?? recurrence }
        } catch {
            throw ActorProblem.unprocessable(error)
        }
        guard template != before || recurrence != series.recurrence else { return series }
        series.template = template
        series.recurrence = recurrence
        series.version += 1
        if let openID = series.openTaskID, let open = try await liveTask(openID, owner: series.ownerID), open.status == .open {
            let own = Set(before.differences(from: open))
            var patch = TaskPatch()
            if !own.contains("title"), open.title != template.title { patch.title = template.title }
            if !own.contains("notes"), open.notes != template.notes { patch.notes = template.notes }
            if !own.contains("priority"), open.priority != template.priority { patch.priority = template.priority }
            if !own.contains("tags"), open.tags != template.tags { patch.tags = template.tags }
            if !own.contains("reminders"), open.reminders != template.reminders { patch.reminders = template.reminders }
            if !own.contains("timeZone"), open.timeZone != template.timeZone { patch.timeZone = template.timeZone.map { .set($0) } ?? .clear }
            if open.recurrence != recurrence { patch.recurrence = .set(recurrence) }
            if !patch.isEmpty {
                let updated = try await task(openID).update(.init(userID: series.ownerID, patch: patch))
                let differences = template.differences(from: updated)
                series.overrides[openID] = differences.isEmpty ? nil : differences
            }
        }
        try await armSchedule(&series)
        save(series)
        return series
    }

    /// Deletes the series and its open occurrence; completed occurrences stay as history.
    /// The series is kept as a tombstone so late events cannot bring it back.
    public func delete(_ input: Access) async throws -> NoValue {
        var series = try await owned(by: input.userID)
        series.status = .deleted
        series.version += 1
        if let openID = series.openTaskID, let open = try await liveTask(openID, owner: series.ownerID), open.status == .open {
            _ = try await task(openID).delete(.init(userID: series.ownerID))
        }
        series.openTaskID = nil
        series.openDue = nil
        try await armSchedule(&series)
        save(series)
        return NoValue()
    }

    static func ended(_ series: SeriesRecord) -> ActorProblem {
        ActorProblem(status: 409, title: "Conflict", detail: "series \(series.id) has ended (its rule has no more occurrences)")
    }
}
