import ActorRuntime
import Crypto
import Foundation
import TodoActors
import TodoModel

/// Between the generated API types and the domain.
extension TodoAPI {
    static let unsupported = ActorProblem(status: 415, title: "Unsupported Media Type", detail: "send the body as application/json")

    /// A hash with the production cost that matches no password, for constant-effort logins.
    static let decoyHash = "$scrypt$ln=15,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

    static func normalizedEmail(_ raw: String) throws -> String {
        let email = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !email.contains(where: { $0.isWhitespace }), email.count <= 254 else {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "email: '\(raw.prefix(60))' is not an e-mail address")
        }
        return email
    }

    static func checkPassword(_ password: String) throws {
        guard password.count >= 8 else {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "password: must be at least 8 characters")
        }
        guard password.count <= 200 else {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "password: must be at most 200 characters")
        }
        guard !CommonPasswords.contains(password) else {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "password: this is one of the most common passwords; choose one that is not easy to guess")
        }
    }

    /// Unguessable ids: 120 random bits.
    static func newID(_ prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<15).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + "_" + base32(bytes)
    }

    /// The id of a task created with an Idempotency-Key: the same user and key give the same id.
    static func idempotentID(userID: String, key: String) -> String {
        "t_" + base32(Array(SHA256.hash(data: Data("\(userID)\u{0}\(key)".utf8)).prefix(15)))
    }

    static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var output = ""
        var buffer = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return output
    }

    static func etag(_ task: TaskRecord) -> String { "\"\(task.version)\"" }

    /// `If-Match: "3"` (or `W/"3"`, or `3`) → 3.
    static func version(_ header: String?) throws -> Int? {
        guard let header else { return nil }
        var text = header.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("W/") { text.removeFirst(2) }
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int(text) else {
            throw ActorProblem(status: 400, title: "Bad Request", detail: "If-Match must be the task's ETag, such as \"3\"")
        }
        return version
    }

    // MARK: Output

    static func user(_ profile: UserProfile) -> Components.Schemas.User {
        .init(id: profile.id, email: profile.email, displayName: profile.displayName, timeZone: profile.timeZone, createdAt: profile.createdAt)
    }

    static func task(_ task: TaskRecord) -> Components.Schemas.Task {
        .init(
            id: task.id, title: task.title, notes: task.notes,
            status: task.status == .open ? .open : .completed,
            priority: Components.Schemas.Priority(rawValue: task.priority.rawValue) ?? .none,
            tags: task.tags, due: task.due?.description, timeZone: task.timeZone,
            reminders: task.reminders.map { .init(id: $0.id, at: $0.at, minutesBefore: $0.minutesBefore) },
            recurrence: task.recurrence.map { .init(rrule: $0.rrule, anchor: $0.anchor == .completion ? .completion : .schedule) },
            createdAt: task.createdAt, updatedAt: task.updatedAt, completedAt: task.completedAt, version: task.version,
            seriesId: task.seriesID, occurrence: task.occurrence, nextOccurrenceId: task.nextOccurrenceID,
            warnings: task.recurrence.map(\.warnings).flatMap { $0.isEmpty ? nil : $0 }
        )
    }

    /// A list item names its due as the task resource does (`task(_:)`): the wall-clock
    /// `due` and the task's own `timeZone`.
    static func summary(_ summary: TaskSummary) -> Components.Schemas.TaskSummary {
        .init(
            id: summary.id, title: summary.title,
            status: summary.status == .open ? .open : .completed,
            priority: Components.Schemas.Priority(rawValue: summary.priority.rawValue) ?? .none,
            tags: summary.tags, due: summary.due?.description, timeZone: summary.timeZone,
            recurring: summary.recurring, createdAt: Date(timeIntervalSince1970: summary.createdAt),
            updatedAt: Date(timeIntervalSince1970: summary.updatedAt), completedAt: summary.completedAt.map { Date(timeIntervalSince1970: $0) },
            version: summary.version
        )
    }

    // MARK: Input

    func draft(from input: Components.Schemas.TaskInput, userID: String) async throws -> TaskDraft {
        TaskDraft(
            title: input.title, notes: input.notes,
            priority: input.priority.flatMap { Priority(flexible: $0.rawValue) },
            tags: input.tags,
            due: try await due(input.due, timeZone: input.timeZone, userID: userID),
            timeZone: input.timeZone,
            reminders: try input.reminders.map(Self.reminders),
            recurrence: input.recurrence.map { TaskRecurrence(rrule: $0.rrule, anchor: $0.anchor == .completion ? .completion : .schedule) }
        )
    }

    func patch(from input: Components.Schemas.TaskPatch, userID: String) async throws -> TaskPatch {
        var patch = TaskPatch(title: input.title, notes: input.notes, priority: input.priority.flatMap { Priority(flexible: $0.rawValue) }, tags: input.tags, reminders: try input.reminders.map(Self.reminders))
        let clear = Set((input.clear ?? []).map(\.rawValue))
        for field in clear {
            let given: Bool
            switch field {
            case "due": given = input.due != nil
            case "timeZone": given = input.timeZone != nil
            default: given = input.recurrence != nil
            }
            if given { throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "\(field) is both set and listed in clear") }
        }
        if clear.contains("due") { patch.due = .clear } else if let due = try await due(input.due, timeZone: input.timeZone, userID: userID) { patch.due = .set(due) }
        if clear.contains("timeZone") { patch.timeZone = .clear } else if let zone = input.timeZone { patch.timeZone = .set(zone) }
        if clear.contains("recurrence") {
            patch.recurrence = .clear
        } else if let recurrence = input.recurrence {
            patch.recurrence = .set(TaskRecurrence(rrule: recurrence.rrule, anchor: recurrence.anchor == .completion ? .completion : .schedule))
        }
        return patch
    }

    /// A due as given: a date, a local date-time, or an RFC 3339 instant, which is turned into
    /// the wall-clock time of the task's zone (or the user's).
    func due(_ raw: String?, timeZone: String?, userID: String) async throws -> TaskDue? {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces) else { return nil }
        do {
            return try TaskDue(parsing: raw)
        } catch {
            guard let instant = Self.instant(raw) else { throw ActorProblem.unprocessable(error) }
            let zoneName: String
            if let timeZone { zoneName = timeZone } else { zoneName = try await services.user(userID).profile().timeZone }
            guard let zone = TimeZone(identifier: zoneName) else {
                throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "timeZone: '\(zoneName)' is not an IANA time zone")
            }
            return TaskDue(instant: instant, in: zone)
        }
    }

    static func instant(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text))
    }

    static func reminders(_ input: [Components.Schemas.Reminder]) throws -> [TaskReminder] {
        input.map { TaskReminder(id: $0.id ?? TaskReminder.derivedID(at: $0.at, minutesBefore: $0.minutesBefore), at: $0.at, minutesBefore: $0.minutesBefore) }
    }
}
