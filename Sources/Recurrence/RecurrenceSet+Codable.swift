import Foundation

/// A recurrence set encodes as the text a user or the REST API gives:
/// `{"start": "2025-03-30T08:00:00", "timeZone": "Europe/Berlin", "rule": "FREQ=DAILY",
///   "rdates": [...], "exdates": [...]}`. Decoding validates like `init(rule:start:timeZone:…)`.
extension RecurrenceSet: Codable {
    private enum CodingKeys: String, CodingKey {
        case start, timeZone, rule, rdates, exdates
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(
                rule: try container.decodeIfPresent(String.self, forKey: .rule),
                start: try container.decode(String.self, forKey: .start),
                timeZone: try container.decode(String.self, forKey: .timeZone),
                rdates: try container.decodeIfPresent([String].self, forKey: .rdates) ?? [],
                exdates: try container.decodeIfPresent([String].self, forKey: .exdates) ?? []
            )
        } catch let error as RecurrenceError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message, underlyingError: error))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(start.description, forKey: .start)
        try container.encode(timeZone.identifier, forKey: .timeZone)
        try container.encodeIfPresent(rule?.rrule, forKey: .rule)
        if !additions.isEmpty { try container.encode(additions.map(\.description), forKey: .rdates) }
        if !exclusions.isEmpty { try container.encode(exclusions.map(\.description), forKey: .exdates) }
    }
}

/// Two sets are equal when they are defined alike (same start, zone, rule, RDATEs, EXDATEs):
/// what "edit this series" compares.
extension RecurrenceSet: Hashable {
    public static func == (lhs: RecurrenceSet, rhs: RecurrenceSet) -> Bool {
        lhs.start == rhs.start && lhs.timeZone.identifier == rhs.timeZone.identifier && lhs.rule == rhs.rule
            && lhs.additions == rhs.additions && lhs.exclusions == rhs.exclusions
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(start)
        hasher.combine(timeZone.identifier)
        hasher.combine(rule)
        hasher.combine(additions)
        hasher.combine(exclusions)
    }
}
