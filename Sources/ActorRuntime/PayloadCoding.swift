import Foundation

/// The JSON form of payloads that leave a process (CloudEvent data): dates are RFC 3339 text
/// in UTC with milliseconds (`2026-11-25T15:40:12.345Z`), which every consumer in every
/// language reads, instead of Foundation's default number of seconds since 2001.
///
/// Decoding takes RFC 3339 with any offset, with or without a fraction, and also that number,
/// so outbox rows written by an earlier build still deliver after an upgrade.
public enum PayloadCoding {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(text(date))
        }
        return encoder
    }()

    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        // A caller's number too, not only our own outbox's (bounded, as state's are).
        decoder.dateDecodingStrategy = .custom { decoder in try StateCoding.readDate(decoder, text: date) }
        return decoder
    }()

    /// `2026-11-25T15:40:12.345Z`.
    public static func text(_ date: Date) -> String {
        date.formatted(withFraction)
    }

    /// An RFC 3339 date-time with a `Z` or numeric offset; nil for anything else.
    public static func date(_ text: String) -> Date? {
        try? withFraction.parse(text)
    }

    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
