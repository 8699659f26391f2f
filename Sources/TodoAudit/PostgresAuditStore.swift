import ActorRuntime
import Foundation
import Logging
import PostgresNIO
import Synchronization
import TodoEvents

/// The audit store of the distributed setup: PostgreSQL through postgres-nio's pooled client.
///
/// The pool works only while `run()` runs (`AuditService.run()` runs it; standalone users can
/// call `withRunning`). A batch is one `INSERT … SELECT FROM unnest(…) ON CONFLICT (event_id)
/// DO NOTHING` statement: one round trip and one atomic commit per batch, however large, and
/// batches that arrive while one is being written share the next statement.
public final class PostgresAuditStore: AuditStore {
    public let client: PostgresClient
    public let url: PostgresURL
    private let logger: Logger
    private let running = Atomic(false)
    /// One statement at a time, carrying every batch queued meanwhile, so concurrent
    /// single-event deliveries share a round trip and a commit (an fsync on the server)
    /// instead of paying one each.
    private let groupCommit: GroupCommit<[AuditRecord], Int>

    public init(url text: String, logger: Logger = Logger(label: "todo.audit.postgres")) throws {
        url = try PostgresURL(text)
        self.logger = logger
        let client = PostgresClient(configuration: url.clientConfiguration(), backgroundLogger: logger)
        self.client = client
        groupCommit = GroupCommit(of: "audit batches", logger: logger, writeGroup: { batches in
            var inserted = try await Self.insert(batches.flatMap { $0 }, client: client, logger: logger)
            // An id repeated across batches counts for the first that carried it.
            return batches.map { records in records.reduce(0) { $0 + (inserted.remove($1.eventID) == nil ? 0 : 1) } }
        }, writeItem: { records in
            try await Self.insert(records, client: client, logger: logger).count
        })
    }

    /// Runs the pool. A second call returns at once: the client may run only once, and a
    /// store started by `withRunning` can still be handed to an `AuditService`.
    public func run() async {
        guard !running.exchange(true, ordering: .acquiringAndReleasing) else { return }
        await client.run()
    }

    /// Runs the pool, migrates, hands the store to `body`, and stops the pool after it.
    public static func withRunning<T: Sendable>(
        url: String, logger: Logger = Logger(label: "todo.audit.postgres"),
        _ body: @Sendable (PostgresAuditStore) async throws -> T
    ) async throws -> T {
        let store = try PostgresAuditStore(url: url, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.run() }
            defer { group.cancelAll() }
            try await store.migrate()
            return try await body(store)
        }
    }

    // MARK: Schema

    @discardableResult
    public func migrate() async throws -> [Int] {
        try await migrate(upTo: PostgresAuditSchema.migrations.latestVersion)
    }

    /// Applies steps up to `target` only: how tests build a store on an older schema.
    @discardableResult
    func migrate(upTo target: Int) async throws -> [Int] {
        try await probe()
        let logger = self.logger
        return try await client.withTransaction(logger: logger) { connection -> [Int] in
            // Held to the end of the transaction: a second replica waits, then finds the
            // steps recorded and applies nothing.
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresAuditSchema.migrationLockKey))", logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: PostgresAuditSchema.migrationsTable), logger: logger)
            var applied: Set<Int> = []
            for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger).decode(Int.self) {
                applied.insert(version)
            }
            var done: [Int] = []
            for migration in PostgresAuditSchema.migrations.pending(applied: applied, upTo: target) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                let now = AuditTime.microseconds(Date())
                try await connection.query(
                    "INSERT INTO schema_migrations (version, name, applied_at_us) VALUES (\(migration.version), \(migration.name), \(now))",
                    logger: logger
                )
                done.append(migration.version)
            }
            return done
        }
    }

    /// One direct connection, closed at once. The pool retries a failing connection for
    /// about a minute before a waiting query fails; this reports a wrong password, a missing
    /// database or a refused port right away, with the server's own message.
    private func probe() async throws {
        let connection = try await PostgresConnection.connect(configuration: try url.connectionConfiguration(), id: 0, logger: logger)
        try await connection.close()
    }

    public func appliedMigrations() async throws -> [Int] {
        var versions: [Int] = []
        for try await version in try await client.query("SELECT version FROM schema_migrations ORDER BY version", logger: logger).decode(Int.self) {
            versions.append(version)
        }
        return versions
    }

    /// The names of the indexes on `audit_events` (for migration tests).
    func indexNames() async throws -> Set<String> {
        var names: Set<String> = []
        for try await name in try await client.query("SELECT indexname FROM pg_indexes WHERE tablename = 'audit_events'", logger: logger).decode(String.self) {
            names.insert(name)
        }
        return names
    }

    // MARK: Writing

    @discardableResult
    public func append(_ records: [AuditRecord]) async throws -> Int {
        guard !records.isEmpty else { return 0 }
        return try await groupCommit.submit(records)
    }

    /// One statement for any number of records: one array per column, ten parameters.
    /// The ids it stored (not those that already were).
    private static func insert(_ records: [AuditRecord], client: PostgresClient, logger: Logger) async throws -> Set<String> {
        let ids = records.map(\.eventID)
        let types = records.map(\.type.rawValue)
        let tasks = records.map(\.taskID)
        let users = records.map(\.userID)
        let times = records.map { AuditTime.microseconds($0.occurredAt) }
        let versions = records.map { Int64($0.version) }
        let titles = records.map(\.title)
        let statuses = records.map(\.status)
        let snapshots = records.map(\.snapshot)
        let now = AuditTime.microseconds(Date())
        let query: PostgresQuery = """
            INSERT INTO audit_events (\(unescaped: AuditSQL.columns), recorded_at_us)
            SELECT e, t, k, u, o, v, ti, s, sn::json, \(now)
            FROM unnest(\(ids)::text[], \(types)::text[], \(tasks)::text[], \(users)::text[], \(times)::int8[],
                        \(versions)::int8[], \(titles)::text[], \(statuses)::text[], \(snapshots)::text[])
                AS batch(e, t, k, u, o, v, ti, s, sn)
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event_id
            """
        var inserted: Set<String> = []
        for try await id in try await client.query(query, logger: logger).decode(String.self) { inserted.insert(id) }
        return inserted
    }

    @discardableResult
    public func deleteOlderThan(_ cutoff: Date) async throws -> Int {
        let micros = AuditTime.microseconds(cutoff)
        let chunk = AuditLimits.deleteChunk
        var total = 0
        // Chunks in separate statements, so a large purge never holds many row locks long.
        while true {
            let query: PostgresQuery = """
                WITH gone AS (
                    DELETE FROM audit_events WHERE event_id IN (
                        SELECT event_id FROM audit_events WHERE occurred_at_us < \(micros) LIMIT \(chunk)
                    ) RETURNING 1
                )
                SELECT count(*) FROM gone
                """
            var deleted = 0
            for try await count in try await client.query(query, logger: logger).decode(Int64.self) { deleted = Int(count) }
            total += deleted
            if deleted < chunk { return total }
        }
    }

    // MARK: Reading

    public func query(
        userID: String, taskID: String?, types: Set<TaskEvent.Kind>, since: Date?, until: Date?,
        limit: Int, cursor: AuditCursor?
    ) async throws -> AuditPage {
        try AuditSQL.validate(limit: limit)
        let filter = AuditSQL.Filter(userID: userID, taskID: taskID, types: types, since: since, until: until, cursor: cursor, limit: limit)
        // The snapshot is read as text: exactly what was written.
        let columns = AuditSQL.columns.replacingOccurrences(of: "snapshot", with: "snapshot::text")
        let (sql, bindings) = filter.select(columns: columns) { "$\($0)" }
        var binds = PostgresBindings(capacity: bindings.count)
        for binding in bindings {
            switch binding {
            case .text(let text): binds.append(text)
            case .integer(let integer): binds.append(integer)
            }
        }
        var rows: [AuditRecord] = []
        let sequence = try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        for try await (id, type, task, user, time, version, title, status, snapshot) in sequence.decode((String, String, String, String, Int64, Int64, String, String, String).self) {
            rows.append(AuditRecord(
                eventID: id, type: try AuditSQL.kind(type), taskID: task, userID: user,
                occurredAt: AuditTime.date(microseconds: time), version: Int(version),
                title: title, status: status, snapshot: snapshot
            ))
        }
        return AuditPage.from(rows: rows, limit: limit)
    }

    /// The pool closes when the task running `run()` is cancelled or shuts down gracefully.
    public func close() async throws {}
}
