/// The audit's tables in PostgreSQL. Ids use the "C" collation so keyset order is byte order,
/// as in SQLite, and comparisons skip locale rules. The snapshot is `json` (validated, kept
/// verbatim, still queryable with `->`), not `jsonb`, which would rewrite the producer's text.
enum PostgresAuditSchema {
    /// Serialises migrations across replicas starting at once (`pg_advisory_xact_lock`):
    /// an arbitrary constant that is this schema's own.
    static let migrationLockKey: Int64 = 0x7A75_6469_7431   // "audit1"

    static let migrationsTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at_us BIGINT NOT NULL
        )
        """

    static let migrations: [AuditMigration] = [
        AuditMigration(version: 1, name: "audit_events", statements: [
            """
            CREATE TABLE audit_events (
                event_id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
                event_type TEXT NOT NULL,
                task_id TEXT COLLATE "C" NOT NULL,
                user_id TEXT COLLATE "C" NOT NULL,
                occurred_at_us BIGINT NOT NULL,
                task_version BIGINT NOT NULL,
                title TEXT NOT NULL,
                status TEXT NOT NULL,
                snapshot JSON NOT NULL,
                recorded_at_us BIGINT NOT NULL
            )
            """,
            // Every read is one owner's records in time order.
            "CREATE INDEX audit_events_by_user ON audit_events (user_id, occurred_at_us, event_id)",
        ]),
        // "What happened to this task" and "what did I complete" scan only matching rows.
        AuditMigration(version: 2, name: "audit_events_by_task_and_type", statements: [
            "CREATE INDEX audit_events_by_task ON audit_events (user_id, task_id, occurred_at_us, event_id)",
            "CREATE INDEX audit_events_by_type ON audit_events (user_id, event_type, occurred_at_us, event_id)",
        ]),
        // Retention deletes by age across all owners.
        AuditMigration(version: 3, name: "audit_events_by_time", statements: [
            "CREATE INDEX audit_events_by_time ON audit_events (occurred_at_us)",
        ]),
    ]
}
