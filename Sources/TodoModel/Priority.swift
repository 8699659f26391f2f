/// A task's priority. People also say p1…p4 (Todoist's scale): p1 is urgent, p4 is low.
public enum Priority: String, Codable, Sendable, CaseIterable, Comparable {
    case none, low, medium, high, urgent

    /// Order for sorting: urgent is the highest.
    public var rank: Int {
        switch self {
        case .none: return 0
        case .low: return 1
        case .medium: return 2
        case .high: return 3
        case .urgent: return 4
        }
    }

    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rank < rhs.rank }

    /// `p1` → urgent, `p2` → high, `p3` → medium, `p4` → low.
    public init?(pLevel text: String) {
        switch text.lowercased() {
        case "p1": self = .urgent
        case "p2": self = .high
        case "p3": self = .medium
        case "p4": self = .low
        default: return nil
        }
    }

    /// Accepts the names and the p1–p4 spellings.
    public init?(flexible text: String) {
        if let level = Priority(pLevel: text) {
            self = level
        } else if let named = Priority(rawValue: text.lowercased()) {
            self = named
        } else {
            return nil
        }
    }
}

public enum TaskStatus: String, Codable, Sendable, CaseIterable {
    case open, completed
}
