import Foundation

/// One instance of a recurrence set: an instant, the wall-clock time it shows in the series'
/// zone, and how that wall time was resolved around DST changes.
public struct Occurrence: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The instant, in seconds since 1970-01-01T00:00:00Z. For a date-only series it is the start
    /// of the day in the series' zone.
    public let secondsSince1970: Int64
    /// Seconds east of UTC in force at the instant.
    public let utcOffset: Int
    /// Date-only series (DTSTART is a date) produce days, not times.
    public let isDateOnly: Bool
    /// The wall time the rule named, in wall seconds (see `nominal`).
    let nominalWall: Int64
    let resolutionKind: UInt8

    init(nominalWall: Int64, resolved: ResolvedWall, dateOnly: Bool) {
        secondsSince1970 = resolved.utc
        utcOffset = Int(resolved.offset)
        isDateOnly = dateOnly
        self.nominalWall = nominalWall
        resolutionKind = resolved.kind
    }

    public var instant: Date { Date(timeIntervalSince1970: TimeInterval(secondsSince1970)) }

    /// The wall-clock time shown in the series' zone. Equal to `nominal` except in a DST gap,
    /// where it is later by the gap's length. For date-only occurrences: the day at 00:00.
    public var local: LocalDateTime {
        LocalDateTime(wallSeconds: isDateOnly ? nominalWall : secondsSince1970 + Int64(utcOffset))
    }

    /// The wall-clock time the rule asked for (02:30 on the day clocks jump from 02:00 to 03:00).
    public var nominal: LocalDateTime { LocalDateTime(wallSeconds: nominalWall) }

    /// The calendar day of the occurrence in the series' zone.
    public var date: CivilDate { local.date }

    public var resolution: WallClockResolution {
        ResolvedWall(utc: secondsSince1970, offset: Int32(utcOffset), kind: resolutionKind).resolution(nominal: nominalWall)
    }

    /// What orders and identifies occurrences within a set: the instant, or the day for
    /// date-only series (whose instants are only a convenience).
    var key: Int64 { isDateOnly ? nominalWall : secondsSince1970 }

    /// RFC 3339 with the zone's offset (`2025-03-30T03:30:00+02:00`), or `YYYY-MM-DD` for a
    /// date-only occurrence.
    public var rfc3339: String {
        if isDateOnly { return date.description }
        return local.description + RFC3339.offsetText(utcOffset)
    }

    public var description: String { rfc3339 }

    public static func < (lhs: Occurrence, rhs: Occurrence) -> Bool {
        (lhs.key, lhs.secondsSince1970) < (rhs.key, rhs.secondsSince1970)
    }
}
