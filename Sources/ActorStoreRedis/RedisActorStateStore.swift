#if Redis
import ActorRuntime
import Dispatch
import Foundation
import Logging
import Synchronization

/// Actor state in Redis, in exactly Dapr's `state.redis` actor layout, so a deployment can
/// move from the embedded host with Redis to Dapr with Redis without migrating data:
/// key `appID||ActorType||actorId||stateKey`, a hash with fields `data` (the JSON text) and
/// `version` (bumped with HINCRBY on every write, Dapr's ETag).
///
/// The embedded host's own bookkeeping — reminders and the outbox — lives under
/// `appID||$embedded||…`, outside Dapr's key space. A turn is one MULTI/EXEC; turns that
/// arrive while one is written are grouped into the next (group commit).
public final class RedisActorStateStore: ActorStateStore, Sendable {
    private let connection: SerialConnection<RedisConnection>
    private let groupCommit: GroupCommit<TurnCommit, Void>
    private let logger: Logger
    public let appID: String

    public init(host: String = "127.0.0.1", port: Int = 6379, password: String? = nil, database: Int = 0, appID: String, logger: Logger = Logger(label: "todo.redis")) throws {
        self.appID = appID
        self.logger = logger
        let connection = SerialConnection(try RedisConnection(host: host, port: port, password: password, database: database), label: "todo.redis-store")
        self.connection = connection
        let keys = RedisKeys(appID: appID)
        let order = OutboxOrder()
        groupCommit = GroupCommit(of: "turns", logger: logger, writeGroup: { commits in
            try await connection.run { try Self.write(commits, to: $0, keys: keys, order: order) }
            return commits.map { _ in () }
        }, writeItem: { commit in
            try await connection.run { try Self.write([commit], to: $0, keys: keys, order: order) }
        })
    }

    /// `redis://[:password@]host[:port][/database]`.
    public convenience init(url: String, appID: String) throws {
        guard let components = URLComponents(string: url), components.scheme == "redis", let host = components.host, !host.isEmpty else {
            throw RedisError(message: "'\(url)' is not a redis://[:password@]host[:port][/db] URL")
        }
        let database = Int(components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))) ?? 0
        try self.init(host: host, port: components.port ?? 6379, password: components.password ?? components.user.flatMap { $0.isEmpty ? nil : $0 }, database: database, appID: appID)
    }

    // MARK: Keys

    /// Dapr's actor state key (daprd `constructActorStateKey`).
    public func stateKey(_ actor: ActorAddress, _ key: String) -> String {
        RedisKeys(appID: appID).state(actor, key)
    }

    var remindersKey: String { RedisKeys(appID: appID).reminders }
    var outboxKey: String { RedisKeys(appID: appID).outbox }
    var outboxOrderKey: String { RedisKeys(appID: appID).outboxOrder }

    // MARK: ActorStateStore

    public func loadState(_ actor: ActorAddress, key: String) async throws -> StateValue? {
        let redisKey = stateKey(actor, key)
        let reply = try await onQueue { try $0.command(["HGET", redisKey, "data"]) }
        switch reply {
        case .string(let data): return .json(data)
        case .null: return nil
        case .error(let message): throw RedisError(message: "HGET \(redisKey): \(message)")
        default: throw RedisError(message: "HGET \(redisKey): unexpected reply \(reply)")
        }
    }

    public func commit(_ commit: TurnCommit) async throws {
        try await groupCommit.submit(commit)
    }

    public func loadReminders() async throws -> [ReminderRecord] {
        let key = remindersKey
        let reply = try await onQueue { try $0.command(["HGETALL", key]) }
        guard case .array(let items) = reply else { throw RedisError(message: "HGETALL \(key): unexpected reply \(reply)") }
        // Dates as actor state has them (RFC 3339; older builds' numbers still read).
        let decoder = StateCoding.decoder
        return try stride(from: 1, to: items.count, by: 2).compactMap { index in
            try items[index].data.map { try decoder.decode(ReminderRecord.self, from: $0) }
        }
    }

    public func loadOutbox() async throws -> [OutboxMessage] {
        let (orderKey, outboxKey) = (outboxOrderKey, self.outboxKey)
        let replies = try await onQueue { connection -> [RedisReply] in
            guard case .array(let ids) = try connection.command(["ZRANGE", orderKey, "0", "-1"]), !ids.isEmpty else { return [] }
            guard case .array(let values) = try connection.command([Data("HMGET".utf8), Data(outboxKey.utf8)] + ids.compactMap(\.data)) else { return [] }
            return values
        }
        let decoder = StateCoding.decoder
        return try replies.compactMap { reply in
            try reply.data.map { try decoder.decode(StoredMessage.self, from: $0).message }
        }
    }

    public func deleteOutbox(ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        let (orderKey, outboxKey) = (outboxOrderKey, self.outboxKey)
        let replies = try await onQueue { connection in
            try connection.pipeline([
                [Data("MULTI".utf8)],
                [Data("ZREM".utf8), Data(orderKey.utf8)] + ids.map { Data($0.utf8) },
                [Data("HDEL".utf8), Data(outboxKey.utf8)] + ids.map { Data($0.utf8) },
                [Data("EXEC".utf8)],
            ])
        }
        try Self.check(replies)
    }

    public func close() async throws {
        try await onQueue { $0.close() }
    }

    // MARK: Writing

    /// One MULTI/EXEC for all the commits.
    private static func write(_ commits: [TurnCommit], to connection: RedisConnection, keys: RedisKeys, order: OutboxOrder) throws {
        var commands: [[Data]] = [[Data("MULTI".utf8)]]
        let encoder = StateCoding.encoder
        for commit in commits {
            for change in commit.state {
                let key = Data(keys.state(commit.actor, change.key).utf8)
                switch change {
                case .upsert(_, let value):
                    commands.append([Data("HSET".utf8), key, Data("data".utf8), try value.encoded()])
                    commands.append([Data("HINCRBY".utf8), key, Data("version".utf8), Data("1".utf8)])
                case .delete:
                    commands.append([Data("DEL".utf8), key])
                }
            }
            for change in commit.reminders {
                switch change {
                case .upsert(let record):
                    commands.append([Data("HSET".utf8), Data(keys.reminders.utf8), Data(Self.reminderField(record.actor, record.name).utf8), try encoder.encode(record)])
                case .delete(let actor, let name):
                    commands.append([Data("HDEL".utf8), Data(keys.reminders.utf8), Data(Self.reminderField(actor, name).utf8)])
                }
            }
            for message in commit.outbox {
                commands.append([Data("HSET".utf8), Data(keys.outbox.utf8), Data(message.outboxID.utf8), try encoder.encode(StoredMessage(message: message))])
                commands.append([Data("ZADD".utf8), Data(keys.outboxOrder.utf8), Data(String(order.next()).utf8), Data(message.outboxID.utf8)])
            }
        }
        commands.append([Data("EXEC".utf8)])
        try Self.check(try connection.pipeline(commands))
    }

    /// Every reply of a MULTI/EXEC pipeline must be fine, and EXEC's results too.
    static func check(_ replies: [RedisReply]) throws {
        for reply in replies.dropLast() {
            if case .error(let message) = reply { throw RedisError(message: "command refused: \(message)") }
        }
        switch replies.last {
        case .array(let results):
            for result in results {
                if case .error(let message) = result { throw RedisError(message: "transaction failed: \(message)") }
            }
        case .error(let message):
            throw RedisError(message: "transaction aborted: \(message)")
        case .null:
            throw RedisError(message: "transaction aborted")
        default:
            throw RedisError(message: "unexpected EXEC reply \(String(describing: replies.last))")
        }
    }

    static func reminderField(_ actor: ActorAddress, _ name: String) -> String {
        "\(actor.type)||\(actor.id)||\(name)"
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable (RedisConnection) throws -> T) async throws -> T {
        try await connection.run(body)
    }
}

/// The store's keys under one app id.
struct RedisKeys: Sendable {
    let appID: String

    /// Dapr's actor state key (daprd `constructActorStateKey`).
    func state(_ actor: ActorAddress, _ key: String) -> String {
        "\(appID)||\(actor.type)||\(actor.id)||\(key)"
    }

    var reminders: String { "\(appID)||$embedded||reminders" }
    var outbox: String { "\(appID)||$embedded||outbox" }
    var outboxOrder: String { "\(appID)||$embedded||outbox-order" }
}

/// The outbox's sorted-set scores: milliseconds times a thousand plus a counter, increasing
/// across restarts and exact in a double.
final class OutboxOrder: Sendable {
    private let sequence = Atomic<Int64>(0)

    func next() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1_000) * 1_000 + sequence.add(1, ordering: .relaxed).newValue % 1_000
    }
}

/// An outbox entry as stored in Redis.
struct StoredMessage: Codable {
    var event: CloudEvent
    var partitionKey: String?

    init(message: OutboxMessage) {
        event = message.event
        partitionKey = message.partitionKey
    }

    var message: OutboxMessage { OutboxMessage(event: event, partitionKey: partitionKey) }
}
#endif
