import ActorRuntime
import Foundation

/// A daily window on the user's wall clock ("22:00" to "07:00") during which deliveries
/// are held. The end may be before the start: the window then spans midnight.
public struct QuietHours: Codable, Sendable, Equatable {
    /// "HH:MM", 24-hour.
    public var start: String
    public var end: String

    public init(start: String, end: String) throws {
        let startMinute = try Self.minuteOfDay(start, field: "quietHours.start")
        let endMinute = try Self.minuteOfDay(end, field: "quietHours.end")
        guard startMinute != endMinute else {
            throw PreferencesInput.invalid("quietHours.start and quietHours.end are both \(start); a window needs two different times (send null for no quiet hours)")
        }
        self.start = Self.text(startMinute)
        self.end = Self.text(endMinute)
    }

    var startMinute: Int { (try? Self.minuteOfDay(start, field: "")) ?? 0 }
    var endMinute: Int { (try? Self.minuteOfDay(end, field: "")) ?? 0 }

    /// When `now` is inside the window in `zone`: the instant it ends; otherwise nil.
    public func end(ifInside now: Date, in zone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.hour, .minute], from: now)
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        let inside = startMinute < endMinute
            ? (startMinute..<endMinute).contains(minute)
            : minute >= startMinute || minute < endMinute
        guard inside else { return nil }
        // The next wall-clock `end` after now; a time skipped by a DST change resolves to
        // the first instant after the gap.
        return calendar.nextDate(
            after: now, matching: DateComponents(hour: endMinute / 60, minute: endMinute % 60, second: 0),
            matchingPolicy: .nextTime, direction: .forward
        )
    }

    static func minuteOfDay(_ text: String, field: String) throws -> Int {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute) else {
            throw PreferencesInput.invalid("\(field) must be a 24-hour time HH:MM like 22:00, not '\(text.prefix(40))'")
        }
        return hour * 60 + minute
    }

    static func text(_ minute: Int) -> String {
        String(format: "%02d:%02d", minute / 60, minute % 60)
    }
}
