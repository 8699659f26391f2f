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
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            if let seconds = try? container.decode(Double.self) {
                // A caller's number, not only our own outbox: a date beyond a few thousand
                // years (or not finite) would trap the first `Int(...)` that reads it.
                guard seconds.isFinite, abs(seconds) <= 1e11 else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(seconds) seconds is not a date this service keeps")
                }
                return Date(timeIntervalSinceReferenceDate: seconds)
            }
            let text = try container.decode(String.self)
            guard let date = date(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 date-time: \(text)")
            }
            return date
        }
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
