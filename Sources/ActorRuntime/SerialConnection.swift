import Dispatch

/// A connection that is not thread-safe (SQLite, hiredis) and the serial queue that alone
/// touches it: how every store runs its writer (and its reader). Callers await the queue
/// instead of blocking a task thread on the store's fsync or round trip.
public final class SerialConnection<Connection>: @unchecked Sendable {
    // @unchecked: `connection` is only touched on `queue`.
    private let connection: Connection
    private let queue: DispatchQueue

    public init(_ connection: Connection, label: String) {
        self.connection = connection
        self.queue = DispatchQueue(label: label)
    }

    /// Runs `body` on the queue with the connection.
    public func run<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body(self.connection) }) }
        }
    }

    /// Runs `body` on the queue and waits for it (setup before any task uses the store,
    /// closing a reader).
    public func sync<T>(_ body: (Connection) throws -> T) rethrows -> T {
        try queue.sync { try body(connection) }
    }
}
