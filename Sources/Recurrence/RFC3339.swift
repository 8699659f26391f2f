import Foundation

/// RFC 3339 text for instants.
public enum RFC3339 {
    /// `+02:00`, `-05:00`, `+00:00`. Offsets with seconds (local mean time before ~1900) are
    /// written `+05:21:10`, as Python's `isoformat` does; RFC 3339 itself has no such form.
    public static func offsetText(_ offset: Int) -> String {
        let magnitude = abs(offset)
        var text = (offset < 0 ? "-" : "+") + Digits.pad(magnitude / 3600, 2) + ":" + Digits.pad(magnitude / 60 % 60, 2)
        if magnitude % 60 != 0 { text += ":" + Digits.pad(magnitude % 60, 2) }
        return text
    }

    /// The instant as shown in a zone: `2025-03-30T03:30:00+02:00`.
    public static func format(_ instant: Date, in timeZone: TimeZone) -> String {
        let seconds = Int64(instant.timeIntervalSince1970.rounded(.down))
        let offset = timeZone.secondsFromGMT(for: instant)
        return LocalDateTime(wallSeconds: seconds + Int64(offset)).description + offsetText(offset)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` (also the iCalendar `…T…Z` form); `nil` for
    /// text without an offset.
    public static func parse(_ text: some StringProtocol) -> Date? {
        guard case .instant(let local, let offset)? = DateTimeText.parse(text) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(local.wallSeconds - Int64(offset)))
    }
}
