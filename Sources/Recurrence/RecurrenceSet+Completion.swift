import Foundation

/// What the next occurrence of a recurring task is counted from when one is completed.
public enum RecurrenceAnchor: String, Sendable, Hashable, Codable, CaseIterable {
    /// The rule's own schedule: the next occurrence after the later of the completed
    /// occurrence's due time and the completion time. An overdue task thus moves to the first
    /// occurrence after now (never to another date in the past); a task completed early moves
    /// to the occurrence after the one it was due.
    case schedule
    /// Counted from the completion ("every 3 days from when I last did it", Todoist's `every!`):
    /// see `RecurrenceSet.nextFromCompletion(at:completedCount:timeOfDay:)`.
    case completion
}

/// Which time of day a completion-anchored occurrence takes.
public enum CompletionTimeOfDay: String, Sendable, Hashable, Codable, CaseIterable {
    /// The series' time (DTSTART's, or BYHOUR/BYMINUTE/BYSECOND): "every 3 days at 08:00".
    case series
    /// The completion's wall-clock time: "3 days after I did it, to the minute".
    case completion
}

extension RecurrenceSet {
    /// The next occurrence under the schedule anchor: the first one strictly after
    /// `max(due, completedAt)`.
    public func nextAfterCompleting(dueAt due: Date, completedAt: Date) -> Occurrence? {
        next(after: Swift.max(due, completedAt))
    }

    /// The next occurrence under the completion anchor.
    ///
    /// 1. Take the completion's wall-clock date in the set's zone.
    /// 2. Shift it by INTERVAL units of FREQ: days, weeks, or months/years with the day clamped
    ///    to the month's end (Jan 31 + 1 month = Feb 28/29): a shift has no series to skip
    ///    months in, and skipping would make "monthly from completion" two months.
    /// 3. Put the series' time of day on it (or the completion's, per `timeOfDay`).
    /// 4. If the rule names days itself (BYDAY, BYMONTHDAY, BYMONTH, …) take the first day on
    ///    or after that which the rule allows, as if INTERVAL were 1: "every 2 weeks on Monday
    ///    from completion" completed on a Wednesday is due on the Monday after the Wednesday two
    ///    weeks on. Otherwise the shifted date itself.
    /// 5. EXDATEs are skipped (to the next allowed day); UNTIL ends the series; COUNT ends it
    ///    once `completedCount` (occurrences so far, the completed one included) reaches it.
    ///    RDATEs do not apply: the series is defined by its interval.
    ///
    /// `nil` without a rule or when the series has ended.
    public func nextFromCompletion(at completion: Date, completedCount: Int = 1, timeOfDay: CompletionTimeOfDay = .series) -> Occurrence? {
        guard let rule else { return nil }
        if let count = rule.count, completedCount >= count { return nil }
        var zone = ZoneCursor(timeZone: timeZone)
        let completedWall = zone.wall(atUTC: Int64(completion.timeIntervalSince1970.rounded(.down)))
        let completed = LocalDateTime(wallSeconds: completedWall)
        let shifted: CivilDate
        switch rule.frequency {
        case .daily: shifted = completed.date.adding(days: rule.interval)
        case .weekly: shifted = completed.date.adding(days: 7 * rule.interval)
        case .monthly: shifted = completed.date.adding(months: rule.interval)
        case .yearly: shifted = completed.date.adding(months: 12 * rule.interval)
        }
        guard CivilDate.years.contains(shifted.year) else { return nil }
        let keepCompletionTime = timeOfDay == .completion && !isDateOnly
        let secondOfDay = isDateOnly ? 0 : (keepCompletionTime ? completed.secondOfDay : start.local.secondOfDay)
        let from = LocalDateTime(date: shifted, secondOfDay: secondOfDay)

        var plain = rule
        plain.count = nil
        plain.until = nil
        let plan = ExpansionPlan(rule: plain, start: from, dateOnly: isDateOnly, intervalOverride: 1,
                                 timesOverride: keepCompletionTime ? [Int64(secondOfDay)] : nil)
        var expansion = RuleExpansion(plan: plan, zone: zone, dateOnly: isDateOnly)
        while let candidate = expansion.next() {
            if let untilKey, candidate.key > untilKey { return nil }
            if !isExcluded(candidate) { return candidate }
        }
        return nil
    }

    /// Both anchors behind one call, for the series owner: what replaces the occurrence due at
    /// `due` once it is completed at `completedAt`. `completedCount` counts occurrences so far,
    /// the completed one included (for COUNT under the completion anchor).
    public func next(anchor: RecurrenceAnchor, dueAt due: Date, completedAt: Date, completedCount: Int = 1) -> Occurrence? {
        switch anchor {
        case .schedule: nextAfterCompleting(dueAt: due, completedAt: completedAt)
        case .completion: nextFromCompletion(at: completedAt, completedCount: completedCount)
        }
    }
}
