import Foundation
import Recurrence

/// A recurring series' calendar as its SeriesActor reads it: the rule expanded from the
/// series' first due (DTSTART) in one zone, so COUNT, UNTIL and the schedule stay those of the
/// whole series however many occurrences have been materialised, skipped or edited.
public struct SeriesSchedule: Sendable {
    let set: RecurrenceSet
    public let anchor: TaskRecurrence.Anchor
    public let zone: TimeZone

    /// Nil when the rule does not parse or the start is not a date (validation refused both
    /// when the task was created, so this is stored data from an older version).
    public init?(recurrence: TaskRecurrence, start: TaskDue, zone: TimeZone) {
        guard let begin = start.recurrenceStart, let rule = try? RecurrenceRule(parsing: recurrence.rrule),
              let set = try? RecurrenceSet(start: begin, timeZone: zone, rule: rule) else { return nil }
        self.set = set
        self.anchor = recurrence.anchor
        self.zone = zone
    }

    /// The instant a due stands for in the series' zone (date-only: the start of the day).
    public func instant(of due: TaskDue) -> Date {
        Date(timeIntervalSince1970: Double(due.instant(in: zone)))
    }

    /// The first occurrence strictly after `instant`, nil once the series has ended.
    public func next(after instant: Date) -> (due: TaskDue, at: Date)? {
        set.next(after: instant).map { (TaskDue($0), $0.instant) }
    }

    /// The occurrence that follows `due` when it is closed at `closedAt` (completed, deleted,
    /// or found closed later): schedule anchor, the first occurrence after the later of the
    /// two, so an overdue series never moves to another past date; completion anchor, counted
    /// from `closedAt`. `closedCount` is how many occurrences the series has had (for COUNT
    /// under the completion anchor). Nil when the series has ended.
    public func following(due: TaskDue, closedAt: Date, closedCount: Int) -> (due: TaskDue, at: Date)? {
        let anchor: RecurrenceAnchor = self.anchor == .completion ? .completion : .schedule
        return set.next(anchor: anchor, dueAt: instant(of: due), completedAt: closedAt, completedCount: closedCount).map { (TaskDue($0), $0.instant) }
    }

    /// `count` occurrences from `due` on (the due itself first), for previews.
    public func upcoming(from due: TaskDue, count: Int) -> [(due: TaskDue, at: Date)] {
        guard count > 0 else { return [] }
        let at = instant(of: due)
        return [(due, at)] + set.occurrences(after: at).prefix(count - 1).map { (TaskDue($0), $0.instant) }
    }
}
