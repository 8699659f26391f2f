import Foundation
import Recurrence

extension TaskFields {
    /// A recurrence as given, checked: the rule must parse (RFC 5545, DAILY to YEARLY) and
    /// the task must have a due, which is its first occurrence (DTSTART). The rule is kept
    /// in canonical form.
    public static func recurrence(_ raw: TaskRecurrence?, due: TaskDue?) throws(TaskValidationError) -> TaskRecurrence? {
        guard var recurrence = raw else { return nil }
        let rule: RecurrenceRule
        do {
            rule = try RecurrenceRule(parsing: recurrence.rrule)
        } catch {
            throw .invalid(field: "recurrence.rrule", error.message)
        }
        guard let due else {
            throw .invalid(field: "recurrence", "a recurring task needs a due date: it is the first occurrence")
        }
        if let until = rule.until, !years.contains(until.year) {
            throw .invalid(field: "recurrence.rrule", "UNTIL=\(until) is outside the years \(years.lowerBound) to \(years.upperBound)")
        }
        // Whether the rule ever moves on is a property of the rule and the start; UTC stands
        // in for the task's zone, which shifts instants by hours, not the days examined.
        if let start = due.recurrenceStart, let set = try? RecurrenceSet(start: start, timeZone: .gmt, rule: rule) {
            do {
                try set.checkYieldsWithinHorizon()
            } catch {
                throw .invalid(field: "recurrence.rrule", error.message)
            }
        }
        recurrence.rrule = rule.rrule
        return recurrence
    }
}

extension RecurrenceRule.Until {
    /// The calendar year it names (in UTC for a UTC instant).
    var year: Int {
        switch self {
        case .date(let date): return date.year
        case .local(let local): return local.date.year
        case .utc(let instant): return CivilTime.date(days: Int((instant.timeIntervalSince1970 / 86_400).rounded(.down))).year
        }
    }
}

extension TaskRecurrence {
    /// What a person should know about the rule ("BYMONTHDAY=31 skips months with fewer
    /// days; did you mean BYMONTHDAY=-1?"); empty when the rule is unremarkable.
    public var warnings: [String] {
        ((try? RecurrenceRule(parsing: rrule))?.warnings ?? []).map(\.message)
    }
}

extension TaskDue {
    /// The due as a recurrence start (DTSTART): a date, or a wall-clock date-time.
    var recurrenceStart: RecurrenceSet.Start? {
        guard let date = CivilDate(year: year, month: month, day: day) else { return nil }
        guard let secondOfDay else { return .date(date) }
        return LocalDateTime(date: date, hour: secondOfDay / 3_600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60).map { .dateTime($0) }
    }

    /// The due of an occurrence: its wall-clock date (and time) in the series' zone.
    init(_ occurrence: Occurrence) {
        let local = occurrence.local
        self.init(year: local.date.year, month: local.date.month, day: local.date.day, secondOfDay: occurrence.isDateOnly ? nil : local.secondOfDay)
    }
}

extension TaskRecord {
    /// The instant the task is due, in its zone (floating tasks: the user's).
    public func dueAt(userZone: TimeZone) -> Date? {
        due.map { Date(timeIntervalSince1970: Double($0.instant(in: effectiveZone(userZone: userZone)))) }
    }

    /// The task's series in its zone (floating tasks: the user's), from the series' first
    /// due (DTSTART), so COUNT, UNTIL and the schedule stay those of the whole series.
    /// Nil when the task does not recur.
    public func recurrenceSet(userZone: TimeZone) -> RecurrenceSet? {
        guard let recurrence, let start = (seriesStart ?? due)?.recurrenceStart, let rule = try? RecurrenceRule(parsing: recurrence.rrule) else { return nil }
        return try? RecurrenceSet(start: start, timeZone: effectiveZone(userZone: userZone), rule: rule)
    }

    /// The next `count` occurrences from this task's due on (the due itself first).
    public func upcomingOccurrences(count: Int, userZone: TimeZone) -> [(due: TaskDue, at: Date)] {
        guard let set = recurrenceSet(userZone: userZone), let due, let dueAt = dueAt(userZone: userZone) else { return [] }
        let current = [(due, dueAt)]
        return current + set.occurrences(after: dueAt).prefix(max(0, count - 1)).map { (TaskDue($0), $0.instant) }
    }

    /// The due after this occurrence's own (for skipping one occurrence).
    public func dueAfterSkipping(userZone: TimeZone) -> TaskDue? {
        guard let set = recurrenceSet(userZone: userZone), let dueAt = dueAt(userZone: userZone) else { return nil }
        return set.next(after: dueAt).map(TaskDue.init)
    }
}
