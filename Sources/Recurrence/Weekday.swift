/// A day of the week, numbered from Monday as RFC 5545's BYDAY/WKST codes are listed.
public enum Weekday: Int, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case monday = 0, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The two-letter RFC 5545 code (`MO` … `SU`).
    public var code: String {
        switch self {
        case .monday: "MO"
        case .tuesday: "TU"
        case .wednesday: "WE"
        case .thursday: "TH"
        case .friday: "FR"
        case .saturday: "SA"
        case .sunday: "SU"
        }
    }

    /// English name, for messages.
    public var name: String {
        switch self {
        case .monday: "Monday"
        case .tuesday: "Tuesday"
        case .wednesday: "Wednesday"
        case .thursday: "Thursday"
        case .friday: "Friday"
        case .saturday: "Saturday"
        case .sunday: "Sunday"
        }
    }

    /// Parses a two-letter code, case-insensitively (RFC 5545 values are case-insensitive).
    public init?(code: some StringProtocol) {
        switch code.uppercased() {
        case "MO": self = .monday
        case "TU": self = .tuesday
        case "WE": self = .wednesday
        case "TH": self = .thursday
        case "FR": self = .friday
        case "SA": self = .saturday
        case "SU": self = .sunday
        default: return nil
        }
    }

    /// The weekday of a day counted from 1970-01-01, which was a Thursday.
    @inline(__always)
    static func rawValue(ofDay day: Int) -> Int {
        let shifted = (day + 3) % 7
        return shifted < 0 ? shifted + 7 : shifted
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}
