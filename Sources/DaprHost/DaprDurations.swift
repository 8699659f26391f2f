import Foundation

/// Dapr's spellings of times: Go durations ("1h0m0s", "250ms") for periods and relative due
/// times, RFC 3339 instants in UTC for absolute ones.
enum DaprTime {
    /// A Go duration string that `time.ParseDuration` reads back exactly.
    static func goDuration(_ duration: Duration) -> String {
        let totalMilliseconds = duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000
        if totalMilliseconds % 1_000 != 0 { return "\(totalMilliseconds)ms" }
        var seconds = totalMilliseconds / 1_000
        let hours = seconds / 3_600
        seconds %= 3_600
        let minutes = seconds / 60
        seconds %= 60
        return "\(hours)h\(minutes)m\(seconds)s"
    }

    /// Reads a Go duration ("1h30m", "1.5s", "250ms", "0h0m5s0ms0μs") or an ISO 8601 one
    /// ("PT24H", "PT1M30S"); nil for anything else (including day/month parts).
    static func parseDuration(_ text: String) -> Duration? {
        if text.hasPrefix("PT") { return parseISODuration(text) }
        var total = 0.0
        var number = ""
        var index = text.startIndex
        guard !text.isEmpty else { return nil }
        while index < text.endIndex {
            let character = text[index]
            if character.isNumber || character == "." {
                number.append(character)
                index = text.index(after: index)
                continue
            }
            var unit = ""
            while index < text.endIndex, !(text[index].isNumber || text[index] == ".") {
                unit.append(text[index])
                index = text.index(after: index)
            }
            guard let value = Double(number) else { return nil }
            let scale: Double
            switch unit {
            case "h": scale = 3_600
            case "m": scale = 60
            case "s": scale = 1
            case "ms": scale = 1e-3
            case "us", "µs", "μs": scale = 1e-6
            case "ns": scale = 1e-9
            default: return nil
            }
            total += value * scale
            number = ""
        }
        guard number.isEmpty else { return nil }
        return .nanoseconds(Int64((total * 1e9).rounded()))
    }

    private static func parseISODuration(_ text: String) -> Duration? {
        var total = 0.0
        var number = ""
        for character in text.dropFirst(2) {
            if character.isNumber || character == "." {
                number.append(character)
                continue
            }
            guard let value = Double(number) else { return nil }
            switch character {
            case "H": total += value * 3_600
            case "M": total += value * 60
            case "S": total += value
            default: return nil
            }
            number = ""
        }
        guard number.isEmpty else { return nil }
        return .nanoseconds(Int64((total * 1e9).rounded()))
    }

    static func rfc3339(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }

    static func parseRFC3339(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}
