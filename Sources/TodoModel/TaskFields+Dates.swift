import Foundation

/// The one range every absolute date a caller sends must fall in — a task's `due`, a
/// reminder's `at`, `completedAt`, a rule's `UNTIL` — on every path (REST, bulk, actor
/// invocation, MCP, chat): years 1970 to 9999. Before 1970 nothing in a todo list is due, and
/// past 9999 a date no longer has the four-digit year the API writes and reads back (and
/// durations in words such as "in 999999 years" would otherwise land there). docs/limits.md.
extension TaskFields {
    public static let years = 1970...9999
    /// 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
    public static let instants = Date(timeIntervalSince1970: 0)...Date(timeIntervalSince1970: Double(CivilTime.days(year: years.upperBound + 1, month: 1, day: 1) * 86_400 - 1))

    /// The due, unchanged, when its year is in `years`.
    public static func due(_ due: TaskDue?, field: String = "due") throws(TaskValidationError) -> TaskDue? {
        guard let due else { return nil }
        guard years.contains(due.year) else {
            throw .invalid(field: field, "\(due) is outside the years \(years.lowerBound) to \(years.upperBound)")
        }
        return due
    }

    /// The instant, unchanged, when it is in `instants`.
    public static func instant(_ date: Date, field: String) throws(TaskValidationError) -> Date {
        guard instants.contains(date) else {
            throw .invalid(field: field, "\(describe(date)) is outside the years \(years.lowerBound) to \(years.upperBound)")
        }
        return date
    }

    /// An instant as a person reads it, even far outside the range (`Date.description` and
    /// ISO 8601 styles do not all cope with five-digit or negative years).
    static func describe(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, abs(seconds) < 1e15 else { return "\(seconds) seconds after 1970" }
        let whole = Int(seconds.rounded(.down))
        let days = Int((Double(whole) / 86_400).rounded(.down))
        let civil = CivilTime.date(days: days)
        return "\(TaskDue(year: civil.year, month: civil.month, day: civil.day, secondOfDay: whole - days * 86_400))Z"
    }
}
