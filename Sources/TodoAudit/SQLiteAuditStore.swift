import ActorRuntime
import ActorStoreSQLite
import Dispatch
import Foundation
import Logging
import Synchronization
import TodoEvents

/// The audit store of `todo serve`: one SQLite file in WAL mode.
///
/// Writes run on one serial queue and group-commit: appends that arrive while a transaction
/// is being written go into the next one, so many concurrent deliveries share one fsync.
/// Reads use a second connection on their own queue (WAL readers never wait for the writer).
public final class SQLiteAuditStore: AuditStore, Sendable {
    private let writer: SQLiteQueue
    private let reader: SQLiteQueue
    private let groupCommit: GroupCommit<[AuditRecord], Int>
    private let logger: Logger
    public let path: String

    /// How hard a commit is pushed to disk (SQLite's `synchronous` in WAL mode).
    public enum Durability: String, Sendable {
        /// fsync on every commit: a stored event survives power loss (the default).
        case full = "FULL"
        /// fsync at checkpoints only: survives a crash of the process, not of the machine.
        case normal = "NORMAL"
    }

    /// Opens (or creates) the file; call `migrate()` before use.
    public init(path: String, durability: Durability = .full, logger: Logger = Logger(label: "todo.audit.sqlite")) throws {
        self.path = path
        self.logger = logger
        let writer = try SQLiteConnection.queue(path: path, label: "todo.audit.sqlite.write", walSynchronous: durability.rawValue)
        self.writer = writer
        reader = try SQLiteConnection.queue(path: path, label: "todo.audit.sqlite.read")
        groupCommit = GroupCommit(of: "audit batches", logger: logger, writeGroup: { batches in
            try await writer.run { connection in
                let now = AuditTime.microseconds(Date())
                return try connection.writeTransaction { try batches.map { try Self.insert($0, recordedAt: now, into: connection) } }
            }
        }, writeItem: { records in
            try await writer.run { connection in
                let now = AuditTime.microseconds(Date())
                return try connection.writeTransaction { try Self.insert(records, recordedAt: now, into: connection) }
            }
        })
    }

    // MARK: Schema

    @discardableResult
    public func migrate() async throws -> [Int] {
        try await migrate(upTo: SQLiteAuditSchema.migrations.latestVersion)
    }

    /// Applies steps up to `target` only: how tests build a store on an older schema.
    @discardableResult
    func migrate(upTo target: Int) async throws -> [Int] {
        try await onWriter { connection in
            try connection.execute(SQLiteAuditSchema.migrationsTable)
            var applied: [Int] = []
            for migration in SQLiteAuditSchema.migrations.sorted(by: { $0.version < $1.version }) where migration.version <= target {
                // Checked inside the write lock, so two processes opening one file at once
                // cannot both apply a step.
                let didApply = try connection.writeTransaction { () throws -> Bool in
                    var exists = false
                    try connection.run("SELECT 1 FROM schema_migrations WHERE version = ?", [.integer(Int64(migration.version))]) { _ in exists = true }
                    if exists { return false }
                    for statement in migration.statements { try connection.execute(statement) }
                    try connection.run(
                        "INSERT INTO schema_migrations (version, name, applied_at_us) VALUES (?, ?, ?)",
                        [.integer(Int64(migration.version)), .text(migration.name), .integer(AuditTime.microseconds(Date()))]
                    )
                    return true
                }
                if didApply { applied.append(migration.version) }
            }
            return applied
        }
    }

    public func appliedMigrations() async throws -> [Int] {
        try await onReader { connection in
            var versions: [Int] = []
            try connection.run("SELECT version FROM schema_migrations ORDER BY version") { versions.append(Int($0.integer(0))) }
            return versions
        }
    }

    /// The names of the indexes on `audit_events` (for migration tests).
    func indexNames() async throws -> Set<String> {
        try await onReader { connection in
            var names: Set<String> = []
            try connection.run("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_events' AND sql IS NOT NULL") {
                names.insert($0.text(0))
            }
            return names
        }
    }

    // MARK: Writing

    @discardableResult
    public func append(_ records: [AuditRecord]) async throws -> Int {
        guard !records.isEmpty else { return 0 }
        return try await groupCommit.submit(records)
    }

    /// Idempotent by event id: an existing id is left as it is, and `changes` reads 0.
    private static let insertSQL = """
        INSERT INTO audit_events (\(AuditSQL.columns), recorded_at_us)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (event_id) DO NOTHING
        """

    private static func insert(_ records: [AuditRecord], recordedAt: Int64, into writer: SQLiteConnection) throws -> Int {
        var inserted = 0
        for record in records {
            try writer.run(insertSQL, [
                .text(record.eventID), .text(record.type.rawValue), .text(record.taskID), .text(record.userID),
                .integer(AuditTime.microseconds(record.occurredAt)), .integer(Int64(record.version)),
                .text(record.title), .text(record.status), .text(record.snapshot), .integer(recordedAt),
            ])
            inserted += writer.changes
        }
        return inserted
    }

    @discardableResult
    public func deleteOlderThan(_ cutoff: Date) async throws -> Int {
        let micros = AuditTime.microseconds(cutoff)
        var total = 0
        // Chunks in separate transactions, so appends interleave with a large purge.
        while true {
            let deleted = try await onWriter { connection in
                try connection.writeTransaction { () throws -> Int in
                    try connection.run(
                        "DELETE FROM audit_events WHERE rowid IN (SELECT rowid FROM audit_events WHERE occurred_at_us < ? LIMIT ?)",
                        [.integer(micros), .integer(Int64(AuditLimits.deleteChunk))]
                    )
                    return connection.changes
                }
            }
            total += deleted
            if deleted < AuditLimits.deleteChunk { return total }
        }
    }

    // MARK: Reading

    public func query(
        userID: String, taskID: String?, types: Set<TaskEvent.Kind>, since: Date?, until: Date?,
        limit: Int, cursor: AuditCursor?
    ) async throws -> AuditPage {
        try AuditSQL.validate(limit: limit)
        let filter = AuditSQL.Filter(userID: userID, taskID: taskID, types: types, since: since, until: until, cursor: cursor, limit: limit)
        let (sql, bindings) = filter.select { _ in "?" }
        let values: [SQLiteValue] = bindings.map {
            switch $0 {
            case .text(let text): return .text(text)
            case .integer(let integer): return .integer(integer)
            }
        }
        let rows = try await onReader { connection in
            var rows: [AuditRecord] = []
            try connection.run(sql, values) { row in
                rows.append(AuditRecord(
                    eventID: row.text(0), type: try AuditSQL.kind(row.text(1)), taskID: row.text(2), userID: row.text(3),
                    occurredAt: AuditTime.date(microseconds: row.integer(4)), version: Int(row.integer(5)),
                    title: row.text(6), status: row.text(7), snapshot: row.text(8)
                ))
            }
            return rows
        }
        return AuditPage.from(rows: rows, limit: limit)
    }

    // MARK: Lifecycle

    public func close() async throws {
        try await onReader { $0.close() }
        try await onWriter { connection in
            try? connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.close()
        }
    }

    private func onWriter<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await writer.run(body)
    }

    private func onReader<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await reader.run(body)
    }
}
