/// The audit's tables in SQLite. A rowid table: appends go to the end of its b-tree, and
/// only the event-id index takes random keys.
enum SQLiteAuditSchema {
    static let migrationsTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at_us INTEGER NOT NULL
        )
        """

    static let migrations: [AuditMigration] = [
        AuditMigration(version: 1, name: "audit_events", statements: [
            """
            CREATE TABLE audit_events (
                event_id TEXT NOT NULL PRIMARY KEY,
                event_type TEXT NOT NULL,
                task_id TEXT NOT NULL,
                user_id TEXT NOT NULL,
                occurred_at_us INTEGER NOT NULL,
                task_version INTEGER NOT NULL,
                title TEXT NOT NULL,
                status TEXT NOT NULL,
                snapshot TEXT NOT NULL,
                recorded_at_us INTEGER NOT NULL
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
