import NIOCore
import Synchronization

/// Who is connected, and each user's recent updates. Users are spread over shards so
/// deliveries for different users (the bus runs several lanes) rarely wait on one lock.
///
/// Everything a socket receives — its ready message, a replay, live updates — is queued
/// under its user's shard lock, so a replay and a live update arriving meanwhile can
/// neither swap places nor both send the same entry.
final class LiveHub: Sendable {
    struct Subscriber {
        let connection: LiveConnection
        /// This socket has been sent (or has queued) every buffered entry above this sequence.
        var floor: UInt64
    }

    struct UserState {
        var buffer = UpdateBuffer()
        var subscribers: [UInt64: Subscriber] = [:]
    }

    struct ShardState {
        var users: [String: UserState] = [:]
        /// The last sequence number handed out in this shard.
        var head: UInt64 = 0
    }

    final class Shard: Sendable {
        let state = Mutex(ShardState())
    }

    enum PublishOutcome: Equatable {
        /// Buffered and queued for `sockets` sockets; `dropped` of the user's sockets were
        /// closed as slow consumers by this update.
        case delivered(sockets: Int, dropped: Int)
        /// Already buffered (a redelivery): nothing sent again.
        case duplicate
    }

    enum ResumeOutcome: Equatable {
        case replayed(Int)
        /// The resume point is not buffered (too old, or never seen here).
        case reset
    }

    let configuration: LiveConfiguration
    private let shards: [Shard]
    private let connectionIDs = Atomic<UInt64>(0)
    private let clock = ContinuousClock()

    init(configuration: LiveConfiguration, shardCount: Int = 16) {
        self.configuration = configuration
        self.shards = (0..<shardCount).map { _ in Shard() }
    }

    func nextConnectionID() -> UInt64 { connectionIDs.add(1, ordering: .relaxed).newValue }

    private func shard(of userID: String) -> Shard {
        var hasher = Hasher()
        hasher.combine(userID)
        return shards[Int(UInt(bitPattern: hasher.finalize()) % UInt(shards.count))]
    }

    // MARK: Updates

    func publish(userID: String, eventID: String, text: ByteBuffer) -> PublishOutcome {
        let now = clock.now
        let capacity = configuration.bufferSize
        let cutoff = now - configuration.bufferRetention
        return shard(of: userID).state.withLock { shard in
            if shard.users[userID]?.buffer.contains(eventID) == true { return .duplicate }
            shard.head += 1
            let sequence = shard.head
            var user = shard.users.removeValue(forKey: userID) ?? UserState()
            user.buffer.expire(before: cutoff)
            user.buffer.append(.init(sequence: sequence, eventID: eventID, text: text, receivedAt: now), capacity: capacity)
            var sockets = 0
            var dropped = 0
            for (id, subscriber) in user.subscribers {
                switch subscriber.connection.push(text) {
                case .queued:
                    sockets += 1
                case .overflowed:
                    dropped += 1
                    user.subscribers.removeValue(forKey: id)
                case .closed:
                    user.subscribers.removeValue(forKey: id)
                }
            }
            shard.users[userID] = user
            return .delivered(sockets: sockets, dropped: dropped)
        }
    }

    // MARK: Sockets

    /// Subscribes an authenticated socket: queues its ready message, then (given a resume
    /// point) the buffered updates after it or a reset, then live updates from here on.
    @discardableResult
    func attach(_ connection: LiveConnection, userID: String, after: String?) -> ResumeOutcome? {
        let heartbeat = Double(configuration.heartbeatInterval.components.seconds) + Double(configuration.heartbeatInterval.components.attoseconds) / 1e18
        return shard(of: userID).state.withLock { shard in
            var user = shard.users.removeValue(forKey: userID) ?? UserState()
            defer { shard.users[userID] = user }
            var outcome: ResumeOutcome?
            var replay: [UpdateBuffer.Entry] = []
            // Entries above the floor are sent (replayed now, or live later).
            var floor = shard.head
            if let after {
                if let sequence = user.buffer.sequence(of: after) {
                    replay = user.buffer.entries(after: sequence)
                    floor = sequence
                    outcome = .replayed(replay.count)
                } else {
                    outcome = .reset
                }
            }
            _ = connection.push(ByteBuffer(string: ServerMessage.ready(userId: userID, resumed: replay.count, heartbeatSeconds: heartbeat).text), bypassLimit: true)
            if let after, outcome == .reset {
                _ = connection.push(ByteBuffer(string: ServerMessage.reset(after: after, reason: "updates after this id are no longer buffered; refetch your tasks").text), bypassLimit: true)
            }
            for entry in replay { _ = connection.push(entry.text, bypassLimit: true) }
            user.subscribers[connection.id] = Subscriber(connection: connection, floor: floor)
            return outcome
        }
    }

    /// A resume message on a subscribed socket: sends what the socket has not been sent
    /// since `after`, once.
    func resume(_ connection: LiveConnection, userID: String, after: String) -> ResumeOutcome {
        shard(of: userID).state.withLock { shard in
            guard var subscriber = shard.users[userID]?.subscribers[connection.id], let buffer = shard.users[userID]?.buffer else { return .reset }
            guard let sequence = buffer.sequence(of: after) else {
                _ = connection.push(ByteBuffer(string: ServerMessage.reset(after: after, reason: "updates after this id are no longer buffered; refetch your tasks").text), bypassLimit: true)
                return .reset
            }
            guard sequence < subscriber.floor else { return .replayed(0) }
            let replay = buffer.entries(after: sequence, through: subscriber.floor)
            for entry in replay { _ = connection.push(entry.text, bypassLimit: true) }
            subscriber.floor = sequence
            shard.users[userID]?.subscribers[connection.id] = subscriber
            return .replayed(replay.count)
        }
    }

    func detach(_ connection: LiveConnection, userID: String) {
        shard(of: userID).state.withLock { shard in
            shard.users[userID]?.subscribers.removeValue(forKey: connection.id)
        }
    }

    /// Drops expired buffer entries, and users with neither sockets nor buffered updates.
    func sweep() {
        let cutoff = clock.now - configuration.bufferRetention
        for shard in shards {
            shard.state.withLock { shard in
                for userID in Array(shard.users.keys) {
                    shard.users[userID]?.buffer.expire(before: cutoff)
                    if let user = shard.users[userID], user.buffer.isEmpty, user.subscribers.isEmpty {
                        shard.users.removeValue(forKey: userID)
                    }
                }
            }
        }
    }

    /// Queues a close on every socket (shutdown).
    func closeAll(code: UInt16, reason: String) {
        for shard in shards {
            let connections = shard.state.withLock { shard in shard.users.values.flatMap { $0.subscribers.values.map(\.connection) } }
            for connection in connections { connection.close(code: code, reason: reason) }
        }
    }

    // MARK: Introspection (metrics, tests)

    func socketCount(userID: String) -> Int {
        shard(of: userID).state.withLock { $0.users[userID]?.subscribers.count ?? 0 }
    }

    var socketCount: Int {
        shards.reduce(0) { total, shard in total + shard.state.withLock { $0.users.values.reduce(0) { $0 + $1.subscribers.count } } }
    }
}
