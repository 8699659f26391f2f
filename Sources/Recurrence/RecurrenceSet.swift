import Foundation

/// A recurrence set (RFC 5545 §3.8.5): a start (DTSTART), an optional rule, extra
/// occurrences (RDATE) and excluded ones (EXDATE), expanded on wall-clock time in an IANA
/// time zone.
///
/// - DTSTART is always the first occurrence and counts toward COUNT, also when the rule would
///   not generate it (RFC 5545 §3.8.5.3; python-dateutil differs here).
/// - Wall-clock times stay put across DST changes: 08:00 stays 08:00.
/// - A wall time inside a DST gap is read with the offset before the gap, so it moves forward by
///   the gap's length (02:30 → 03:30); a wall time that occurs twice takes the first instant
///   (RFC 5545 §3.3.5). `Occurrence.resolution` says which happened.
/// - Dates that do not exist (February 30, the 31st of a short month) are skipped and do not
///   count (RFC 5545 §3.3.10).
/// - A date-only start (`.date`) makes every occurrence a day.
/// - Floating times (no zone in the task) are expanded by passing the user's current zone.
///
/// Values are immutable and `Sendable`; iterate with `for occurrence in set` or the query
/// methods (`next(after:)`, `occurrences(count:)`, `between(_:_:)`).
public struct RecurrenceSet: Sendable {
    /// DTSTART: a wall-clock date-time in the set's zone, or a date.
    public enum Start: Sendable, Hashable, CustomStringConvertible {
        case date(CivilDate)
        case dateTime(LocalDateTime)

        /// Parses `YYYY-MM-DD` (a date) or `YYYY-MM-DDTHH:MM[:SS]` (a local date-time), also in
        /// the iCalendar basic forms.
        public init?(parsing text: some StringProtocol) {
            switch DateTimeText.parse(text) {
            case .date(let date)?: self = .date(date)
            case .local(let local)?: self = .dateTime(local)
            default: return nil
            }
        }

        public var date: CivilDate {
            switch self {
            case .date(let date): date
            case .dateTime(let local): local.date
            }
        }

        /// The start as a wall time; a date starts at 00:00.
        public var local: LocalDateTime {
            switch self {
            case .date(let date): LocalDateTime(date: date, secondOfDay: 0)
            case .dateTime(let local): local
            }
        }

        public var description: String {
            switch self {
            case .date(let date): date.description
            case .dateTime(let local): local.description
            }
        }
    }

    /// An RDATE or EXDATE value.
    public enum Moment: Sendable, Hashable, CustomStringConvertible {
        /// A day. In a series with times: as RDATE, that day at DTSTART's time; as EXDATE, every
        /// occurrence on that day.
        case date(CivilDate)
        /// A wall-clock time in the set's zone (resolved like the rule's times).
        case local(LocalDateTime)
        /// An instant. In a date-only series it stands for its day in the set's zone.
        case instant(Date)

        /// Parses a date, a local date-time, or an RFC 3339 / iCalendar UTC date-time.
        public init?(parsing text: some StringProtocol) {
            switch DateTimeText.parse(text) {
            case .date(let date)?: self = .date(date)
            case .local(let local)?: self = .local(local)
            case .instant(let local, let offset)?:
                self = .instant(Date(timeIntervalSince1970: TimeInterval(local.wallSeconds - Int64(offset))))
            case nil: return nil
            }
        }

        public var description: String {
            switch self {
            case .date(let date): date.description
            case .local(let local): local.description
            case .instant(let instant): RFC3339.format(instant, in: TimeZone(identifier: "UTC")!)
            }
        }
    }

    public let start: Start
    public let timeZone: TimeZone
    public let rule: RecurrenceRule?
    /// RDATE values.
    public let additions: [Moment]
    /// EXDATE values.
    public let exclusions: [Moment]

    let plan: ExpansionPlan?
    let startOccurrence: Occurrence
    /// RDATEs resolved, sorted, without duplicates.
    let additionOccurrences: [Occurrence]
    let exclusionKeys: Set<Int64>
    /// Days (since 1970) excluded whole: date EXDATEs in a series with times.
    let excludedDays: Set<Int>
    /// Rule occurrences with a larger key are past UNTIL.
    let untilKey: Int64?

    public init(start: Start, timeZone: TimeZone, rule: RecurrenceRule? = nil, additions: [Moment] = [], exclusions: [Moment] = []) throws(RecurrenceError) {
        if let rule {
            try rule.validate()
            if case .date = start {
                for (name, values) in [("BYHOUR", rule.byHour), ("BYMINUTE", rule.byMinute), ("BYSECOND", rule.bySecond)] where !values.isEmpty {
                    throw RecurrenceError(.invalidStart, part: name, "\(name) needs a start with a time of day, but DTSTART \(start) is a date: give DTSTART as YYYY-MM-DDTHH:MM:SS")
                }
            }
        }
        self.start = start
        self.timeZone = timeZone
        self.rule = rule
        self.additions = additions
        self.exclusions = exclusions

        let dateOnly = start.isDate
        var zone = ZoneCursor(timeZone: timeZone)
        let startWall = start.local.wallSeconds
        startOccurrence = Occurrence(nominalWall: startWall, resolved: zone.resolve(startWall), dateOnly: dateOnly)
        plan = rule.map { ExpansionPlan(rule: $0, start: start.local, dateOnly: dateOnly) }

        func occurrence(_ moment: Moment) -> Occurrence {
            let wall: Int64
            switch moment {
            case .date(let date): wall = Int64(date.daysSinceEpoch) * 86_400 + (dateOnly ? 0 : Int64(start.local.secondOfDay))
            case .local(let local): wall = dateOnly ? Int64(local.date.daysSinceEpoch) * 86_400 : local.wallSeconds
            case .instant(let instant):
                let utc = Int64(instant.timeIntervalSince1970.rounded(.down))
                let offset = zone.offset(atUTC: utc)
                if !dateOnly {
                    return Occurrence(nominalWall: utc + Int64(offset), resolved: ResolvedWall(utc: utc, offset: offset, kind: 0), dateOnly: false)
                }
                wall = Self.floorDay(utc + Int64(offset)) * 86_400
            }
            return Occurrence(nominalWall: wall, resolved: zone.resolve(wall), dateOnly: dateOnly)
        }

        var seen: Set<Int64> = []
        additionOccurrences = additions.map(occurrence).sorted().filter { seen.insert($0.key).inserted }
        var keys: Set<Int64> = []
        var days: Set<Int> = []
        for moment in exclusions {
            if case .date(let date) = moment, !dateOnly {
                days.insert(date.daysSinceEpoch)
            } else {
                keys.insert(occurrence(moment).key)
            }
        }
        exclusionKeys = keys
        excludedDays = days

        switch rule?.until {
        case nil:
            untilKey = nil
        case .date(let date)?:
            // Through the end of that day: everything before the next day's start.
            untilKey = dateOnly ? Int64(date.daysSinceEpoch) * 86_400 : zone.resolve(Int64(date.daysSinceEpoch + 1) * 86_400).utc - 1
        case .local(let local)?:
            untilKey = dateOnly ? Int64(local.date.daysSinceEpoch) * 86_400 : zone.resolve(local.wallSeconds).utc
        case .utc(let instant)?:
            let utc = Int64(instant.timeIntervalSince1970.rounded(.down))
            untilKey = dateOnly ? Self.floorDay(zone.wall(atUTC: utc)) * 86_400 : utc
        }
    }

    /// Parses every input, for callers holding text (the CLI, the REST API).
    /// - Parameters:
    ///   - rule: RRULE text, or `nil` for a single occurrence (plus RDATEs).
    ///   - start: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS` (wall-clock time in `timeZone`).
    ///   - timeZone: an IANA identifier such as `Europe/Berlin`.
    public init(rule: String?, start: String, timeZone identifier: String, rdates: [String] = [], exdates: [String] = []) throws(RecurrenceError) {
        guard let zone = TimeZone(identifier: identifier) else {
            throw RecurrenceError(.invalidTimeZone, "unknown time zone '\(identifier)': use an IANA name such as Europe/Berlin or America/New_York")
        }
        guard let parsedStart = Start(parsing: start) else {
            if case .instant? = DateTimeText.parse(start) {
                throw RecurrenceError(.invalidStart, "DTSTART '\(start)' has a UTC offset: give the wall-clock time (YYYY-MM-DDTHH:MM:SS) and the zone separately")
            }
            throw RecurrenceError(.invalidStart, "DTSTART '\(start)' is not a date (YYYY-MM-DD) or a local date-time (YYYY-MM-DDTHH:MM:SS)")
        }
        func moments(_ texts: [String], _ name: String) throws(RecurrenceError) -> [Moment] {
            var result: [Moment] = []
            for text in texts.flatMap({ $0.split(separator: ",") }) {
                guard let moment = Moment(parsing: text.trimmingCharacters(in: .whitespaces)) else {
                    throw RecurrenceError(.invalidValue, part: name, "\(name) '\(text)' is not a date (YYYY-MM-DD), a local date-time (YYYY-MM-DDTHH:MM:SS) or an RFC 3339 date-time")
                }
                result.append(moment)
            }
            return result
        }
        try self.init(
            start: parsedStart, timeZone: zone, rule: try rule.map { text throws(RecurrenceError) in try RecurrenceRule(parsing: text) },
            additions: try moments(rdates, "RDATE"), exclusions: try moments(exdates, "EXDATE")
        )
    }

    /// True when DTSTART is a date: occurrences are days.
    public var isDateOnly: Bool { start.isDate }

    /// True when the set ends (COUNT, UNTIL, or no rule).
    public var isFinite: Bool { rule == nil || rule?.count != nil || rule?.until != nil }

    static func floorDay(_ wall: Int64) -> Int64 { wall >= 0 ? wall / 86_400 : (wall - 86_399) / 86_400 }

    func isExcluded(_ occurrence: Occurrence) -> Bool {
        if !exclusionKeys.isEmpty, exclusionKeys.contains(occurrence.key) { return true }
        if !excludedDays.isEmpty, excludedDays.contains(Int(Self.floorDay(occurrence.secondsSince1970 + Int64(occurrence.utcOffset)))) { return true }
        return false
    }
}

extension RecurrenceSet.Start {
    var isDate: Bool {
        if case .date = self { return true }
        return false
    }
}
