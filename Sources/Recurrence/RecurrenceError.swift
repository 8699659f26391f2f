/// Why a rule, a start or a recurrence set was refused. `message` is written for the person
/// who typed the rule: it names the offending part and value and, where one exists, the fix.
public struct RecurrenceError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, Codable {
        /// The text is not `NAME=VALUE;NAME=VALUE…`.
        case syntax
        /// A rule part RFC 5545 does not define (or this engine does not support).
        case unknownPart
        /// The same rule part twice.
        case duplicatePart
        /// No `FREQ`.
        case missingFrequency
        /// `FREQ=HOURLY`, `MINUTELY` or `SECONDLY`: tasks repeat at most daily.
        case unsupportedFrequency
        /// A value that is not of the part's type (not a number, not a weekday, not a date).
        case invalidValue
        /// A number outside the part's range (`BYMONTHDAY=0`, `BYHOUR=24`).
        case outOfRange
        /// Parts that RFC 5545 forbids together (`COUNT` with `UNTIL`, `BYWEEKNO` without
        /// `FREQ=YEARLY`, …).
        case conflict
        /// The start (DTSTART) does not fit the rule (a date-only start with `BYHOUR`, …).
        case invalidStart
        /// Not an IANA time zone identifier.
        case invalidTimeZone
    }

    public let code: Code
    /// The rule part concerned (`"BYMONTHDAY"`), when there is one.
    public let part: String?
    public let message: String

    public init(_ code: Code, part: String? = nil, _ message: String) {
        self.code = code
        self.part = part
        self.message = message
    }

    public var description: String { message }
}

/// Something valid but probably not what was meant ("BYMONTHDAY=31 skips months with fewer
/// days"). Warnings are data so the API can return them beside the accepted rule.
public struct RecurrenceWarning: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, Codable {
        /// A day of the month that some months lack: those months are skipped (RFC 5545).
        case skipsShortMonths
        /// Occurs only in leap years (Feb 29, day 366).
        case leapYearsOnly
        /// Occurs only in some years or months (week 53, a fifth weekday).
        case notEveryPeriod
        /// The rule (or one of its values) can never produce an occurrence.
        case neverOccurs
        /// A part that has no effect with this frequency.
        case noEffect
        /// The start is not an occurrence of the rule; it still counts as the first occurrence.
        case startNotInRule
        /// UNTIL is before the start: only the start occurs.
        case untilBeforeStart
        /// UNTIL is a date while the start has a time (or the other way round); RFC 5545 wants
        /// the same value type. Read as the end of that day.
        case untilValueType
    }

    public let code: Code
    public let part: String?
    public let message: String

    public init(_ code: Code, part: String? = nil, _ message: String) {
        self.code = code
        self.part = part
        self.message = message
    }

    public var description: String { message }
}
