import Foundation
import TodoEvents

/// The keyset query both stores share (the dialects agree on all of it but placeholders and
/// the snapshot's type), so the two cannot drift apart in what a query means.
enum AuditSQL {
    /// The columns of an `AuditRecord`, in the order the stores read them.
    static let columns = "event_id, event_type, task_id, user_id, occurred_at_us, task_version, title, status, snapshot"

    /// A value bound to a placeholder.
    enum Binding: Equatable {
        case text(String)
        case integer(Int64)
    }

    /// A query's filter as SQL with numbered placeholders, and what binds to them in order.
    struct Filter {
        var userID: String
        var taskID: String?
        var types: Set<TaskEvent.Kind>
        var since: Date?
        var until: Date?
        var cursor: AuditCursor?
        var limit: Int

        /// `placeholder(n)` spells the n-th (1-based) parameter: `?` or `$n`.
        func select(columns: String = AuditSQL.columns, placeholder: (Int) -> String) -> (sql: String, bindings: [Binding]) {
            var clauses: [String] = []
            var bindings: [Binding] = []
            func bind(_ value: Binding) -> String {
                bindings.append(value)
                return placeholder(bindings.count)
            }
            clauses.append("user_id = \(bind(.text(userID)))")
            if let taskID { clauses.append("task_id = \(bind(.text(taskID)))") }
            if !types.isEmpty {
                // Sorted, so one set of types always yields the same (cacheable) statement.
                let list = types.map(\.rawValue).sorted().map { bind(.text($0)) }
                clauses.append("event_type IN (\(list.joined(separator: ", ")))")
            }
            if let since { clauses.append("occurred_at_us >= \(bind(.integer(AuditTime.microseconds(since))))") }
            if let until { clauses.append("occurred_at_us < \(bind(.integer(AuditTime.microseconds(until))))") }
            if let cursor {
                let time = bind(.integer(cursor.occurredAtMicroseconds))
                let id = bind(.text(cursor.eventID))
                clauses.append("(occurred_at_us, event_id) > (\(time), \(id))")
            }
            // One row more than asked says whether another page exists.
            let limitPlaceholder = bind(.integer(Int64(limit + 1)))
            let sql = "SELECT \(columns) FROM audit_events WHERE \(clauses.joined(separator: " AND ")) ORDER BY occurred_at_us, event_id LIMIT \(limitPlaceholder)"
            return (sql, bindings)
        }
    }

    static func kind(_ raw: String) throws -> TaskEvent.Kind {
        guard let kind = TaskEvent.Kind(rawValue: raw) else {
            throw AuditStoreError("stored event type '\(raw)' is unknown to this build")
        }
        return kind
    }

    static func validate(limit: Int) throws {
        guard (1...AuditLimits.maxPageSize).contains(limit) else {
            throw AuditStoreError("limit must be 1…\(AuditLimits.maxPageSize), not \(limit)")
        }
    }
}
