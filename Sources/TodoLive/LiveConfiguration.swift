import Foundation

/// The websocket-service's settings. `fromEnvironment` reads the `TODO_WS_*` variables;
/// tests build it directly with short intervals.
public struct LiveConfiguration: Sendable {
    /// The upgrade path.
    public var path = "/ws"
    /// Server pings this often; a socket that has not answered the previous ping by the next
    /// one is closed (1001, "Ping timeout").
    public var heartbeatInterval: Duration = .seconds(20)
    /// How long a socket without an `Authorization` header may take to send its auth message.
    public var authTimeout: Duration = .seconds(5)
    /// Messages queued for one socket beyond this mean the client does not keep up: it is
    /// closed with 4429 and its queue freed.
    public var queueLimit = 256
    /// After a socket is closed for being slow (or after its close), how long the close
    /// handshake may take before the connection is cut.
    public var closeGrace: Duration = .seconds(5)
    /// Updates kept per user for resume after a reconnect: at most this many…
    public var bufferSize = 128
    /// …and none older than this.
    public var bufferRetention: Duration = .seconds(300)
    /// How often expired buffers of users without sockets are dropped.
    public var sweepInterval: Duration = .seconds(10)
    /// Largest client message (auth, resume, ping) accepted; bigger ones close with 1009.
    public var maxClientMessageBytes = 16 * 1024

    /// The consumer name (the Dapr app-id) on `task-updates`.
    public static let consumer = "websocket-service"

    public init() {}

    /// Reads `TODO_WS_HEARTBEAT_SECONDS`, `TODO_WS_AUTH_TIMEOUT_SECONDS`,
    /// `TODO_WS_QUEUE_LIMIT`, `TODO_WS_BUFFER_SIZE`, `TODO_WS_BUFFER_SECONDS`; rejects values
    /// that make no sense instead of running with them.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> LiveConfiguration {
        var configuration = LiveConfiguration()
        if let seconds = try positive(environment, "TODO_WS_HEARTBEAT_SECONDS") { configuration.heartbeatInterval = .milliseconds(Int64(seconds * 1_000)) }
        if let seconds = try positive(environment, "TODO_WS_AUTH_TIMEOUT_SECONDS") { configuration.authTimeout = .milliseconds(Int64(seconds * 1_000)) }
        if let seconds = try positive(environment, "TODO_WS_BUFFER_SECONDS") { configuration.bufferRetention = .milliseconds(Int64(seconds * 1_000)) }
        if let limit = try positive(environment, "TODO_WS_QUEUE_LIMIT") { configuration.queueLimit = Int(limit) }
        if let size = try positive(environment, "TODO_WS_BUFFER_SIZE") { configuration.bufferSize = Int(size) }
        return configuration
    }

    private static func positive(_ environment: [String: String], _ name: String) throws -> Double? {
        guard let text = environment[name], !text.isEmpty else { return nil }
        guard let value = Double(text), value > 0, value.isFinite else {
            throw LiveConfigurationError("\(name) must be a positive number, not '\(text)'")
        }
        return value
    }
}

public struct LiveConfigurationError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
