import Foundation
import TodoEvents

/// The audit's storage: append-only, idempotent by event id, read per owner in a stable order.
///
/// Call `migrate()` before anything else (`AuditService.run()` does); a store that needs
/// background work (a connection pool) does it in `run()`, which the service runs for its
/// whole life.
public protocol AuditStore: Sendable {
    /// Background work until the task is cancelled or shutdown is requested; returns at once
    /// when there is none.
    func run() async

    /// Brings the schema to the latest version; the versions applied now (empty when it was
    /// already current).
    @discardableResult
    func migrate() async throws -> [Int]

    /// The schema versions recorded in `schema_migrations`, ascending.
    func appliedMigrations() async throws -> [Int]

    /// Stores the records whose event ids are new and ignores the others (a duplicate
    /// delivery stores nothing new, not even a changed copy); how many were new. The whole
    /// batch is one transaction.
    @discardableResult
    func append(_ records: [AuditRecord]) async throws -> Int

    /// One owner's records in (occurredAt, event id) order, strictly after `cursor`;
    /// `since` inclusive, `until` exclusive; `types` empty means every type. At most `limit`
    /// records, and the position to continue from when more may follow.
    func query(
        userID: String, taskID: String?, types: Set<TaskEvent.Kind>, since: Date?, until: Date?,
        limit: Int, cursor: AuditCursor?
    ) async throws -> AuditPage

    /// Removes records that occurred before `cutoff`; how many.
    @discardableResult
    func deleteOlderThan(_ cutoff: Date) async throws -> Int

    /// Releases connections and files.
    func close() async throws
}

extension AuditStore {
    public func run() async {}

    /// Every type of event.
    public func query(
        userID: String, taskID: String? = nil, since: Date? = nil, until: Date? = nil,
        limit: Int, cursor: AuditCursor? = nil
    ) async throws -> AuditPage {
        try await query(userID: userID, taskID: taskID, types: [], since: since, until: until, limit: limit, cursor: cursor)
    }
}

/// One page of a query.
public struct AuditPage: Sendable, Equatable {
    public var records: [AuditRecord]
    /// Where the next page starts; nil when this page ends the results.
    public var next: AuditCursor?

    public init(records: [AuditRecord], next: AuditCursor?) {
        self.records = records
        self.next = next
    }

    /// Builds a page from up to `limit + 1` rows: the extra row only says more exist.
    static func from(rows: [AuditRecord], limit: Int) -> AuditPage {
        guard rows.count > limit else { return AuditPage(records: rows, next: nil) }
        let records = Array(rows.prefix(limit))
        return AuditPage(records: records, next: records.last?.position)
    }
}

/// Limits every store enforces.
public enum AuditLimits {
    /// Largest page the API and the stores return.
    public static let maxPageSize = 500
    /// Rows one retention statement deletes, so a large purge never holds a long lock.
    static let deleteChunk = 5_000
}

public struct AuditStoreError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
