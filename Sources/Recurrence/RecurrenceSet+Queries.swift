import Foundation

extension RecurrenceSet {
    /// Every occurrence, lazily (possibly infinite: read with `prefix` or a condition).
    public var occurrences: Occurrences { Occurrences(set: self, afterKey: nil) }

    /// Occurrences strictly after an instant, lazily. For a date-only set: the days after the
    /// instant's day in the set's zone (today counts as reached).
    ///
    /// Without COUNT, expansion starts near the instant instead of at DTSTART, so a rule that
    /// started years ago costs no more than a new one.
    public func occurrences(after instant: Date) -> Occurrences {
        Occurrences(set: self, afterKey: key(after: instant))
    }

    /// The first `count` occurrences (fewer if the set ends first).
    public func occurrences(count: Int) -> [Occurrence] { Array(occurrences.prefix(Swift.max(0, count))) }

    /// The first occurrence strictly after `instant`: "completing an overdue task moves it to
    /// the next occurrence after now". `nil` when the set has ended.
    public func next(after instant: Date) -> Occurrence? {
        var iterator = occurrences(after: instant).makeIterator()
        return iterator.next()
    }

    /// Occurrences with `start ≤ instant < end` (for a date-only set, the instant of the day's
    /// start in the set's zone).
    public func between(_ start: Date, _ end: Date) -> [Occurrence] {
        guard start < end else { return [] }
        var result: [Occurrence] = []
        for occurrence in occurrences(after: start.addingTimeInterval(-1)) {
            if occurrence.instant >= end { break }
            if occurrence.instant >= start { result.append(occurrence) }
        }
        return result
    }

    /// The key an occurrence must exceed to be after `instant`.
    func key(after instant: Date) -> Int64 {
        let utc = Int64(instant.timeIntervalSince1970.rounded(.down))
        guard isDateOnly else { return utc }
        var zone = ZoneCursor(timeZone: timeZone)
        return Self.floorDay(zone.wall(atUTC: utc)) * 86_400
    }
}

extension RecurrenceSet {
    /// The wall-clock time an instant shows in the set's zone ("what is today for this task").
    public func localTime(at instant: Date) -> LocalDateTime {
        var zone = ZoneCursor(timeZone: timeZone)
        return LocalDateTime(wallSeconds: zone.wall(atUTC: Int64(instant.timeIntervalSince1970.rounded(.down))))
    }

    /// The instant of a wall-clock time in the set's zone, resolved like the rule's times
    /// (RFC 5545 §3.3.5: a time in a gap moves forward, a repeated time takes the first instant).
    public func instant(of local: LocalDateTime) -> Date {
        var zone = ZoneCursor(timeZone: timeZone)
        return Date(timeIntervalSince1970: TimeInterval(zone.resolve(local.wallSeconds).utc))
    }
}
