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
public final class SQLiteActorStateStore: ActorStateStore, Sendable {
    private let writer: SQLiteQueue
    private let reader: SQLiteQueue
    private let groupCommit: GroupCommit<EncodedCommit, Void>
    private let deliveredOutbox: DeliveredOutbox
    private let logger: Logger
    public let path: String

    public init(path: String, logger: Logger = Logger(label: "todo.sqlite")) throws {
        self.path = path
        self.logger = logger
        let writer = try SQLiteConnection.queue(path: path, label: "todo.sqlite-store", walSynchronous: "FULL")
        try writer.sync { try SQLiteSchema.migrate($0) }
        self.writer = writer
        // Opened after the schema exists, so its first read finds the tables.
        reader = try SQLiteConnection.queue(path: path, label: "todo.sqlite-store-reads")
        let delivered = DeliveredOutbox()
        deliveredOutbox = delivered
        groupCommit = GroupCommit(of: "turns", logger: logger, writeGroup: { commits in
            try await Self.write(commits, deleting: delivered, on: writer, logger: logger)
            return commits.map { _ in () }
        }, writeItem: { commit in
            try await writer.run { connection in try connection.writeTransaction { try Self.apply(commit, to: connection) } }
        })
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
        try await groupCommit.submit(try EncodedCommit(commit))
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
        try await onQueue { [deliveredOutbox] connection in
            let delivered = deliveredOutbox.delivered()
            var rows: [(Data, String?)] = []
            try connection.run("SELECT event, partition_key, outbox_id FROM outbox ORDER BY seq") { row in
                if !delivered.contains(row.text(2)) { rows.append((row.blob(0), row.isNull(1) ? nil : row.text(1))) }
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
        deliveredOutbox.add(ids)
        groupCommit.requestFlush()
    }

    public func close() async throws {
        try await onQueue { connection in
            try? connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.close()
        }
        reader.sync { $0.close() }
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

    /// Writes a group of commits and the deletions of delivered outbox messages in one
    /// transaction. If it fails, the deletions wait for the next group (GroupCommit retries
    /// the commits one by one).
    private static func write(_ commits: [EncodedCommit], deleting delivered: DeliveredOutbox, on writer: SQLiteQueue, logger: Logger) async throws {
        let deletions = delivered.take()
        guard !commits.isEmpty || !deletions.isEmpty else { return }
        do {
            try await writer.run { connection in
                try connection.writeTransaction {
                    try commits.forEach { try apply($0, to: connection) }
                    for id in deletions { try connection.run("DELETE FROM outbox WHERE outbox_id = ?", [.text(id)]) }
                }
            }
            delivered.written(deletions)
        } catch {
            // Put the deletions back for the next group; the commits are retried alone.
            delivered.putBack(deletions)
            if commits.isEmpty {
                logger.warning("could not delete delivered outbox messages; will try again", metadata: ["error": "\(error)"])
            }
            throw error
        }
    }

    private static func apply(_ commit: EncodedCommit, to connection: SQLiteConnection) throws {
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
        try await reader.run(body)
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await writer.run(body)
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        return parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
    }
}

/// Delivered outbox messages, deleted with the next group commit instead of paying a
/// transaction (and an fsync) of their own.
final class DeliveredOutbox: Sendable {
    private struct Ids {
        var pending: [String] = []
        var inFlight: Set<String> = []
    }

    private let ids = Mutex(Ids())

    func add(_ more: [String]) {
        guard !more.isEmpty else { return }
        ids.withLock { $0.pending += more }
    }

    /// The pending deletions, for one group; they count as delivered until `written` or `add`.
    func take() -> [String] {
        ids.withLock { ids in
            defer { ids.pending = [] }
            ids.inFlight.formUnion(ids.pending)
            return ids.pending
        }
    }

    func written(_ done: [String]) {
        ids.withLock { $0.inFlight.subtract(done) }
    }

    func putBack(_ failed: [String]) {
        ids.withLock { ids in
            ids.inFlight.subtract(failed)
            ids.pending += failed
        }
    }

    /// Messages delivered but not yet deleted: `loadOutbox` leaves them out, so a reader
    /// after `deleteOutbox` never sees a delivered message again (the deletion itself rides
    /// along with the next group, on another task).
    func delivered() -> Set<String> {
        ids.withLock { $0.inFlight.union($0.pending) }
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
            try connection.writeTransaction {
                try connection.execute(sql)
                try connection.execute("PRAGMA user_version = \(index + 1)")
            }
        }
    }
}
