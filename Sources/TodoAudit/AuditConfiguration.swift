import Foundation
import Logging

/// How the audit-service runs. `fromEnvironment` reads:
/// - `TODO_AUDIT_POSTGRES_URL`: store in PostgreSQL (`postgres://user:password@host:port/db`,
///   optional `?sslmode=disable|prefer|require|verify-full`); unset means SQLite.
/// - `TODO_AUDIT_SQLITE_PATH`: the SQLite file (default `<data dir>/audit.sqlite`).
/// - `TODO_AUDIT_SQLITE_SYNC`: `full` (default: fsync per commit, survives power loss) or
///   `normal` (survives a crash of the process, not of the machine; several times the
///   single-event ingest rate).
/// - `TODO_AUDIT_RETENTION_DAYS`: delete records older than this many days; 0 (the default)
///   keeps them forever.
public struct AuditConfiguration: Sendable {
    public static let consumer = "audit-service"
    public static let deadLetterTopic = "task-events-deadletter"
    /// In process, events that have queued up in a bus lane are stored in one append of at
    /// most this many (one commit, one fsync).
    public static let maxBatch = 256

    /// Days a record is kept after it occurred; 0 keeps everything.
    public var retentionDays: Int
    /// Time between retention sweeps (the first runs right after start).
    public var retentionInterval: Duration
    /// How long a delivery that arrives before the store is ready waits before it fails (and
    /// is retried by the bus or Dapr).
    public var readinessTimeout: Duration
    /// The clock retention and ingest read (tests move it).
    public var now: @Sendable () -> Date

    public init(
        retentionDays: Int = 0, retentionInterval: Duration = .seconds(3600),
        readinessTimeout: Duration = .seconds(10), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.retentionDays = retentionDays
        self.retentionInterval = retentionInterval
        self.readinessTimeout = readinessTimeout
        self.now = now
    }

    /// Records that occurred before this are past retention; nil when everything is kept.
    func retentionCutoff(at now: Date) -> Date? {
        guard retentionDays > 0 else { return nil }
        return now.addingTimeInterval(-Double(retentionDays) * 86_400)
    }

    /// Where the store lives, from the environment.
    public enum StoreLocation: Sendable, Equatable {
        case sqlite(path: String, durability: SQLiteAuditStore.Durability = .full)
        case postgres(url: String)
    }

    /// Reads the variables above. `dataDirectory` is where the SQLite file goes when
    /// `TODO_AUDIT_SQLITE_PATH` is unset (nil: one of the two variables is required).
    public static func fromEnvironment(_ environment: [String: String], dataDirectory: String?) throws -> (AuditConfiguration, StoreLocation) {
        var configuration = AuditConfiguration()
        if let text = environment["TODO_AUDIT_RETENTION_DAYS"], !text.isEmpty {
            guard let days = Int(text), days >= 0 else {
                throw AuditStoreError("TODO_AUDIT_RETENTION_DAYS must be a whole number of days ≥ 0 (0 keeps records forever), not '\(text)'")
            }
            configuration.retentionDays = days
        }
        if let url = environment["TODO_AUDIT_POSTGRES_URL"], !url.isEmpty {
            _ = try PostgresURL(url)
            return (configuration, .postgres(url: url))
        }
        var durability = SQLiteAuditStore.Durability.full
        if let text = environment["TODO_AUDIT_SQLITE_SYNC"], !text.isEmpty {
            guard let value = SQLiteAuditStore.Durability(rawValue: text.uppercased()) else {
                throw AuditStoreError("TODO_AUDIT_SQLITE_SYNC must be full or normal, not '\(text)'")
            }
            durability = value
        }
        if let path = environment["TODO_AUDIT_SQLITE_PATH"], !path.isEmpty {
            return (configuration, .sqlite(path: path, durability: durability))
        }
        guard let dataDirectory else {
            throw AuditStoreError("set TODO_AUDIT_POSTGRES_URL (or TODO_AUDIT_SQLITE_PATH) for the audit-service's store")
        }
        return (configuration, .sqlite(path: (dataDirectory as NSString).appendingPathComponent("audit.sqlite"), durability: durability))
    }
}

extension AuditConfiguration.StoreLocation {
    /// Opens the store (migrations run later, in `AuditService.run()`).
    public func makeStore(logger: Logger) throws -> any AuditStore {
        switch self {
        case .sqlite(let path, let durability):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            return try SQLiteAuditStore(path: path, durability: durability, logger: logger)
        case .postgres(let url):
            return try PostgresAuditStore(url: url, logger: logger)
        }
    }

    /// For the startup line (no password).
    public var summary: String {
        switch self {
        case .sqlite(let path, let durability): return "sqlite at \(path) (synchronous=\(durability.rawValue))"
        case .postgres(let url): return (try? PostgresURL(url).summary) ?? PostgresURL.redacted(url)
        }
    }
}
