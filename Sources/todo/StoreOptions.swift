import ActorRuntime
import ActorStoreSQLite
import ArgumentParser
import Foundation
#if Redis
import ActorStoreRedis
#endif

/// Where actor state lives, shared by every command that hosts actors.
struct StoreOptions: ParsableArguments {
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case sqlite, memory, redis
    }

    @Option(help: "Actor state store: sqlite (durable, default), memory (nothing survives), or redis (Dapr's state.redis layout; needs a build with --traits Redis).")
    var store: Kind = .sqlite

    @Option(help: "Directory for the SQLite file (env TODO_DATA_DIR; default ./todo-data).")
    var dataDir: String?

    @Option(help: "Redis URL for --store redis, redis://[:password@]host:port[/db] (env TODO_REDIS_URL).")
    var redisURL: String?

    var resolvedDataDir: String {
        dataDir ?? ProcessInfo.processInfo.environment["TODO_DATA_DIR"] ?? "todo-data"
    }

    func makeStore(appID: String) throws -> any ActorStateStore {
        switch store {
        case .memory:
            return MemoryStateStore()
        case .sqlite:
            try FileManager.default.createDirectory(atPath: resolvedDataDir, withIntermediateDirectories: true)
            return try SQLiteActorStateStore(path: (resolvedDataDir as NSString).appendingPathComponent("actors.sqlite"))
        case .redis:
            let url = redisURL ?? ProcessInfo.processInfo.environment["TODO_REDIS_URL"] ?? "redis://127.0.0.1:6379"
            #if Redis
            return try RedisActorStateStore(url: url, appID: appID)
            #else
            throw ValidationError("this build of todo has no Redis store (wanted \(url)); build it with `swift build --traits Redis` (needs Debian libhiredis-dev)")
            #endif
        }
    }

    var summary: String {
        switch store {
        case .memory: return "memory"
        case .sqlite: return "sqlite at \((resolvedDataDir as NSString).appendingPathComponent("actors.sqlite"))"
        case .redis: return "redis at \(redisURL ?? ProcessInfo.processInfo.environment["TODO_REDIS_URL"] ?? "redis://127.0.0.1:6379")"
        }
    }
}
