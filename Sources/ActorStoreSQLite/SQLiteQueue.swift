import ActorRuntime

/// A SQLite connection on its own serial queue: the writer and the reader of both SQLite
/// stores (actor state, audit).
public typealias SQLiteQueue = SerialConnection<SQLiteConnection>

extension SQLiteConnection {
    /// Opens `path` (created when missing) on a serial queue. `walSynchronous` puts the file
    /// in WAL mode with that `synchronous` level (FULL, NORMAL); nil leaves the journal as it
    /// is (a reader).
    public static func queue(path: String, label: String, walSynchronous: String? = nil) throws -> SQLiteQueue {
        let connection = try SQLiteConnection(path: path)
        if let walSynchronous {
            try connection.execute("PRAGMA journal_mode=WAL")
            try connection.execute("PRAGMA synchronous=\(walSynchronous)")
        }
        return SerialConnection(connection, label: label)
    }
}
