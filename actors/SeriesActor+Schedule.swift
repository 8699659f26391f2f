import ActorRuntime
import Foundation
import Logging
import TodoModel

/// The schedule anchor's clock: one durable one-shot reminder at the next occurrence's
/// instant (an RFC 3339 due time; the Dapr Scheduler refuses calendar periods such as P1M),
/// re-armed every time the series moves. When it fires with no occurrence open it
/// materialises the one that is due; with one still open it records the occurrence as missed
/// and waits for the next — never a second open task.
extension SeriesActor {
    /// The schedule reminder's data: the occurrence instant it was armed for.
    struct ScheduleMark: Codable, Sendable {
        var at: Date
    }

    /// Registers, moves or cancels the schedule reminder so that it stands at the first
    /// occurrence not yet accounted for (active schedule-anchored series only).
    func armSchedule(_ series: inout SeriesRecord) async throws {
        var wanted: Date?
        if series.status == .active, series.recurrence.anchor == .schedule, let schedule = try await schedule(of: series) {
            let from = max(schedule.instant(of: series.lastDue), series.scheduledThrough ?? .distantPast)
            wanted = schedule.next(after: from)?.at
        }
        let registered = try await context.reminder(named: Self.scheduleReminder)
        if let wanted {
            if registered?.dueTime != wanted { try context.registerReminder(Self.scheduleReminder, dueTime: wanted, payload: ScheduleMark(at: wanted)) }
        } else if registered != nil {
            context.unregisterReminder(Self.scheduleReminder)
        }
        series.nextCheckAt = wanted
    }

    public func receiveReminder(_ reminder: FiredReminder) async throws {
        guard reminder.name == Self.scheduleReminder, var series = try await context.state.get(Self.seriesKey) else { return }
        // A reminder moved or cancelled after it was scheduled, or delivered again, is stale.
        // It names the instant it was armed for: behind the Dapr Scheduler `dueTime` arrives
        // empty and reads as the delivery time.
        let armedFor = (try? reminder.decodeData(ScheduleMark.self))?.at ?? reminder.dueTime
        guard series.status == .active, let armed = series.nextCheckAt, abs(armed.timeIntervalSince(armedFor)) < 1,
              let schedule = try await schedule(of: series) else {
            context.logger.debug("ignoring stale schedule reminder", metadata: ["series": "\(series.id)"])
            return
        }
        let now = max(context.now, armed)
        if let openID = series.openTaskID {
            let live = try await liveTask(openID, owner: series.ownerID)
            if let live, live.seriesID != series.id {
                // Its rule was cleared (the event no longer names this series): the
                // occurrence left the series, which ends rather than making new tasks.
                series.openTaskID = nil
                series.openDue = nil
                series.status = .ended
                series.version += 1
                try await armSchedule(&series)
                save(series)
                return
            }
            if let live, live.status == .open {
                recordMissed(&series, schedule: schedule, through: now, openTaskID: openID)
                try await armSchedule(&series)
                save(series)
                return
            }
            // Closed while its event was not delivered (the service was down): roll on here.
            series.previousTaskID = openID
            series.openTaskID = nil
            series.openDue = nil
        }
        // Nothing open: materialise the newest occurrence that is due (older ones passed
        // while the series was paused or down and are not made retroactively).
        var due: (due: TaskDue, at: Date)?
        var cursor = max(schedule.instant(of: series.lastDue), series.scheduledThrough ?? .distantPast)
        while let next = schedule.next(after: cursor), next.at <= now {
            due = next
            cursor = next.at
        }
        if let due {
            let previous = series.previousTaskID
            try await materialise(&series, number: series.counter + 1, due: due.due)
            if let previous, let closed = try await liveTask(previous, owner: series.ownerID), closed.status == .completed, closed.nextOccurrenceID == nil {
                try await task(previous).linkNextOccurrence(.init(userID: series.ownerID, nextOccurrenceID: series.openTaskID))
            }
        } else if schedule.next(after: cursor) == nil {
            series.status = .ended
        }
        series.scheduledThrough = now
        try await armSchedule(&series)
        save(series)
    }

    /// Notes the occurrences from the armed one through `now` as missed: their time came
    /// while `openTaskID` was still open.
    func recordMissed(_ series: inout SeriesRecord, schedule: SeriesSchedule, through now: Date, openTaskID: String) {
        var cursor = max(schedule.instant(of: series.lastDue), series.scheduledThrough ?? .distantPast)
        var count = 0
        while let next = schedule.next(after: cursor), next.at <= now, count < 10_000 {
            series.missed.append(MissedOccurrence(due: next.due, at: next.at, openTaskID: openTaskID))
            cursor = next.at
            count += 1
        }
        if series.missed.count > SeriesRecord.missedKept { series.missed.removeFirst(series.missed.count - SeriesRecord.missedKept) }
        series.missedCount += count
        series.scheduledThrough = now
        series.version += 1
        context.logger.info("occurrence missed: the previous one is still open", metadata: ["series": "\(series.id)", "open": "\(openTaskID)", "missed": "\(count)"])
    }
}
