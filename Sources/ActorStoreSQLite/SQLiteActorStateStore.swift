import ActorRuntime
import Dispatch
import Foundation
import Logging
import Synchronization

/// The default store of `todo serve`: one SQLite file in WAL mode with `synchronous=FULL`,
/// so a turn whose save returned survives `kill -9` and power loss alike.
///
/// All writes run on one serial queue. Saves that arrive while a transaction is being
/// written are grouped into the next transaction (group commit): one fsync acknowledges many
/// turns, which is what makes thousands of durable turns per second possible. State reads
/// run on a second connection and queue: in WAL mode a reader sees every committed
/// transaction and never waits for the writer's fsync, so activating an actor does not
/// queue behind other actors' saves.
public final class SQLiteActorStateStore: ActorStateStore, @unchecked Sendable {
    // @unchecked: `connection` is only touched on `queue`, `readConnection` on `readQueue`.
    private let connection: SQLiteConnection
    private let queue = DispatchQueue(label: "todo.sqlite-store")
    private let readConnection: SQLiteConnection
    private let readQueue = DispatchQueue(label: "todo.sqlite-store-reads")
    private let pending = Mutex(PendingWrites())
    private let logger: Logger
    public let path: String

    private struct PendingWrites {
        var commits: [(EncodedCommit, CheckedContinuation<Void, any Error>)] = []
        /// Delivered outbox messages, deleted with the next group commit.
        var deliveredOutbox: [String] = []
        var flushScheduled = false
    }

    public init(path: String, logger: Logger = Logger(label: "todo.sqlite")) throws {
        self.path = path
        self.logger = logger
        let writer = try SQLiteConnection(path: path)
        try writer.execute("PRAGMA journal_mode=WAL")
        try writer.execute("PRAGMA synchronous=FULL")
        try SQLiteSchema.migrate(writer)
        connection = writer
        // Opened after the schema exists, so its first read finds the tables.
        readConnection = try SQLiteConnection(path: path)
    }

    // MARK: ActorStateStore

    public func loadState(_ actor: ActorAddress, key: String) async throws -> StateValue? {
        try await onReadQueue { connection in
            var value: StateValue?
            try connection.run(
                "SELECT data FROM actor_state WHERE actor_type = ? AND actor_id = ? AND state_key = ?",
                [.text(actor.type), .text(actor.id), .text(key)]
            ) { value = .json($0.blob(0)) }
            return value
        }
    }

    public func commit(_ commit: TurnCommit) async throws {
        let encoded = try EncodedCommit(commit)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let schedule = pending.withLock { pending -> Bool in
                pending.commits.append((encoded, continuation))
                if pending.flushScheduled { return false }
                pending.flushScheduled = true
                return true
            }
            if schedule { queue.async { self.flush() } }
        }
    }

    public func loadReminders() async throws -> [ReminderRecord] {
        try await onQueue { connection in
            var records: [ReminderRecord] = []
            try connection.run("SELECT actor_type, actor_id, name, due_time, period_ns, expires_at, data FROM reminders") { row in
                records.append(ReminderRecord(
                    actor: ActorAddress(type: row.text(0), id: row.text(1)),
                    name: row.text(2),
                    dueTime: Date(timeIntervalSince1970: row.real(3)),
                    period: row.isNull(4) ? nil : .nanoseconds(row.integer(4)),
                    expiresAt: row.isNull(5) ? nil : Date(timeIntervalSince1970: row.real(5)),
                    data: row.blob(6)
                ))
            }
            return records
        }
    }

    public func loadOutbox() async throws -> [OutboxMessage] {
        try await onQueue { connection in
            var rows: [(Data, String?)] = []
            try connection.run("SELECT event, partition_key FROM outbox ORDER BY seq") { row in
                rows.append((row.blob(0), row.isNull(1) ? nil : row.text(1)))
            }
            let decoder = JSONDecoder()
            return try rows.map { OutboxMessage(event: try decoder.decode(CloudEvent.self, from: $0.0), partitionKey: $0.1) }
        }
    }

    /// Deleting delivered messages rides along with the next group commit instead of paying
    /// a transaction (and an fsync) of its own: if the process dies first, the messages are
    /// delivered again, which at-least-once delivery allows and consumers absorb by event id.
    public func deleteOutbox(ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        let schedule = pending.withLock { pending -> Bool in
            pending.deliveredOutbox += ids
            if pending.flushScheduled { return false }
            pending.flushScheduled = true
            return true
        }
        if schedule { queue.async { self.flush() } }
    }

    public func close() async throws {
        try await onQueue { connection in
            try? connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.close()
        }
        readQueue.sync { readConnection.close() }
    }

    /// Rows in each table (for tests and `todo` diagnostics).
    public func rowCounts() async throws -> [String: Int] {
        try await onQueue { connection in
            var counts: [String: Int] = [:]
            for table in ["actor_state", "reminders", "outbox"] {
                try connection.run("SELECT count(*) FROM \(table)") { counts[table] = Int($0.integer(0)) }
            }
            return counts
        }
    }

    // MARK: Writing

    /// Writes every queued commit in one transaction. If the group fails, each commit is
    /// retried alone so that one bad commit fails only its own turn.
    private func flush() {
        let (batch, delivered) = pending.withLock { pending in
            let taken = (pending.commits, pending.deliveredOutbox)
            pending.commits = []
            pending.deliveredOutbox = []
            pending.flushScheduled = false
            return taken
        }
        guard !batch.isEmpty || !delivered.isEmpty else { return }
        do {
            try transaction {
                try batch.forEach { try apply($0.0) }
                for id in delivered { try connection.run("DELETE FROM outbox WHERE outbox_id = ?", [.text(id)]) }
            }
            batch.forEach { $0.1.resume() }
        } catch {
            if !delivered.isEmpty {
                // Put the deletions back for the next flush; the commits are retried below.
                pending.withLock { $0.deliveredOutbox += delivered }
            }
            if batch.isEmpty {
                logger.warning("could not delete delivered outbox messages; will try again", metadata: ["error": "\(error)"])
                return
            }
            if batch.count == 1 {
                batch[0].1.resume(throwing: error)
                return
            }
            logger.warning("group commit failed; retrying its turns one by one", metadata: ["turns": "\(batch.count)", "error": "\(error)"])
            for (commit, continuation) in batch {
                do {
                    try transaction { try apply(commit) }
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    private func transaction(_ body: () throws -> Void) throws {
        try connection.execute("BEGIN IMMEDIATE")
        do {
            try body()
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    private func apply(_ commit: EncodedCommit) throws {
        let actor = commit.actor
        for change in commit.state {
            switch change {
            case .upsert(let key, let data):
                try connection.run(
                    """
                    INSERT INTO actor_state (actor_type, actor_id, state_key, data, version) VALUES (?, ?, ?, ?, 1)
                    ON CONFLICT (actor_type, actor_id, state_key) DO UPDATE SET data = excluded.data, version = version + 1
                    """,
                    [.text(actor.type), .text(actor.id), .text(key), .blob(data)]
                )
            case .delete(let key):
                try connection.run(
                    "DELETE FROM actor_state WHERE actor_type = ? AND actor_id = ? AND state_key = ?",
                    [.text(actor.type), .text(actor.id), .text(key)]
                )
            }
        }
        for change in commit.reminders {
            switch change {
            case .upsert(let record):
                try connection.run(
                    """
                    INSERT OR REPLACE INTO reminders (actor_type, actor_id, name, due_time, period_ns, expires_at, data)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        .text(record.actor.type), .text(record.actor.id), .text(record.name),
                        .real(record.dueTime.timeIntervalSince1970),
                        record.period.map { .integer(Self.nanoseconds($0)) } ?? .null,
                        record.expiresAt.map { .real($0.timeIntervalSince1970) } ?? .null,
                        .blob(record.data),
                    ]
                )
            case .delete(let owner, let name):
                try connection.run(
                    "DELETE FROM reminders WHERE actor_type = ? AND actor_id = ? AND name = ?",
                    [.text(owner.type), .text(owner.id), .text(name)]
                )
            }
        }
        for message in commit.outbox {
            try connection.run(
                "INSERT OR IGNORE INTO outbox (outbox_id, topic, partition_key, event) VALUES (?, ?, ?, ?)",
                [.text(message.outboxID), .text(message.topic), message.partitionKey.map { .text($0) } ?? .null, .blob(message.event)]
            )
        }
    }

    private func onReadQueue<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            readQueue.async {
                continuation.resume(with: Result { try body(self.readConnection) })
            }
        }
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body(self.connection) })
            }
        }
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        return parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
    }
}

/// A commit with its values already encoded, so encoding happens on the caller's thread and
/// the serial queue only writes.
struct EncodedCommit: Sendable {
    enum Change: Sendable {
        case upsert(String, Data)
        case delete(String)
    }

    struct Message: Sendable {
        var outboxID: String
        var topic: String
        var partitionKey: String?
        var event: Data
    }

    var actor: ActorAddress
    var state: [Change]
    var reminders: [ReminderChange]
    var outbox: [Message]

    init(_ commit: TurnCommit) throws {
        actor = commit.actor
        state = try commit.state.map { change in
            switch change {
            case .upsert(let key, let value): return .upsert(key, try value.encoded())
            case .delete(let key): return .delete(key)
            }
        }
        reminders = commit.reminders
        let encoder = JSONEncoder()
        outbox = try commit.outbox.map {
            Message(outboxID: $0.outboxID, topic: $0.event.topic, partitionKey: $0.partitionKey, event: try encoder.encode($0.event))
        }
    }
}

/// Tables and their migrations, versioned with `PRAGMA user_version`.
enum SQLiteSchema {
    static let migrations: [String] = [
        """
        CREATE TABLE actor_state (
            actor_type TEXT NOT NULL,
            actor_id TEXT NOT NULL,
            state_key TEXT NOT NULL,
            data BLOB NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (actor_type, actor_id, state_key)
        ) WITHOUT ROWID;
        CREATE TABLE reminders (
            actor_type TEXT NOT NULL,
            actor_id TEXT NOT NULL,
            name TEXT NOT NULL,
            due_time REAL NOT NULL,
            period_ns INTEGER,
            expires_at REAL,
            data BLOB NOT NULL,
            PRIMARY KEY (actor_type, actor_id, name)
        ) WITHOUT ROWID;
        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            outbox_id TEXT NOT NULL UNIQUE,
            topic TEXT NOT NULL,
            partition_key TEXT,
            event BLOB NOT NULL
        );
        """,
    ]

    static func migrate(_ connection: SQLiteConnection) throws {
        let current = try connection.userVersion
        guard current < migrations.count else { return }
        for (index, sql) in migrations.enumerated().dropFirst(current) {
            try connection.execute("BEGIN IMMEDIATE")
            do {
                try connection.execute(sql)
                try connection.execute("PRAGMA user_version = \(index + 1)")
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }
}
