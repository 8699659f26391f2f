import ActorRuntime
import Foundation
import TodoEvents

/// The query string of `GET /api/v1/audit`, checked: every mistake is a 400 that says which
/// parameter and why, and unknown parameters are refused so a typo (`task_id`) does not
/// silently widen the result.
struct AuditQueryParameters: Equatable {
    static let defaultLimit = 100
    static let known: Set<String> = ["taskId", "type", "since", "until", "limit", "cursor"]

    var taskID: String?
    var types: Set<TaskEvent.Kind> = []
    var since: Date?
    var until: Date?
    var limit = defaultLimit
    var cursor: AuditCursor?

    /// `pairs` as they came, percent-decoded, repeats kept.
    init(_ pairs: [(String, String)]) throws(ActorProblem) {
        for (name, value) in pairs {
            guard Self.known.contains(name) else {
                throw Self.bad("unknown query parameter '\(name)'; use \(Self.known.sorted().joined(separator: ", "))")
            }
            switch name {
            case "taskId":
                guard !value.isEmpty, value.utf8.count <= 200 else { throw Self.bad("taskId must be 1…200 bytes") }
                guard taskID == nil || taskID == value else { throw Self.bad("give taskId once") }
                taskID = value
            case "type":
                // `type=completed,reopened` and `type=completed&type=reopened` both work.
                for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                    let text = item.trimmingCharacters(in: .whitespaces)
                    guard let kind = TaskEvent.Kind(rawValue: text) else {
                        throw Self.bad("type '\(text)' is not one of created, updated, completed, reopened, deleted")
                    }
                    types.insert(kind)
                }
            case "since":
                since = try Self.instant(value, name: name)
            case "until":
                until = try Self.instant(value, name: name)
            case "limit":
                guard let number = Int(value), (1...AuditLimits.maxPageSize).contains(number) else {
                    throw Self.bad("limit must be a whole number from 1 to \(AuditLimits.maxPageSize), not '\(value)'")
                }
                limit = number
            case "cursor":
                guard let position = AuditCursor(token: value) else {
                    throw Self.bad("cursor is not one this API returned (pass nextCursor back unchanged)")
                }
                cursor = position
            default:
                break
            }
        }
        if let since, let until, since > until {
            throw Self.bad("since (\(RFC3339.format(since))) is after until (\(RFC3339.format(until)))")
        }
    }

    private static func instant(_ text: String, name: String) throws(ActorProblem) -> Date {
        guard let micros = RFC3339.parse(text) else {
            throw bad("\(name) must be an RFC 3339 date-time such as 2026-05-04T09:30:00Z or 2026-05-04T11:30:00+02:00 (or a date, meaning its midnight UTC), not '\(text)'")
        }
        return AuditTime.date(microseconds: micros)
    }

    private static func bad(_ detail: String) -> ActorProblem {
        ActorProblem(status: 400, title: "Bad Request", detail: detail)
    }
}
