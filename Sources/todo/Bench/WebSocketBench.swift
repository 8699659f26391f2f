import ActorRuntime
import ActorStoreSQLite
import ArgumentParser
import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWSClient
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOHTTP1
import Synchronization
import TodoActors
import TodoGateway
import TodoHTTP
import TodoLive

/// `todo bench ws`: event end-to-end latency, task change → WebSocket message, with every
/// socket connected at once — all in one process as under `todo serve`: the REST API, the
/// actors on SQLite, the in-process bus, the websocket-service, and the clients (so the load
/// generator shares the two cores with the server).
///
/// Each user has one task; workers change tasks (PATCH title) with one change in flight per
/// task, so each update is known by task id and version. A sample is the time from sending
/// the PATCH to one socket receiving the update; every socket of the user gives one.
struct WebSocketBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ws",
        abstract: "Task change → WebSocket message latency (p50/p99) with 1,000 connected sockets."
    )

    @OptionGroup var output: BenchOutput

    @Option(help: "Connected sockets in all.")
    var sockets = 1_000

    @Option(help: "Sockets per user (a user's open tabs and devices).")
    var socketsPerUser = 4

    @Option(help: "Task changes to time.")
    var changes = 2_000

    @Option(help: "Changes in flight at once (each on its own task).")
    var concurrency = 8

    func run() async throws {
        let socketCount = output.quick ? 100 : sockets
        let changeCount = output.quick ? 200 : changes
        let perUser = max(1, socketsPerUser)
        let userCount = max(1, socketCount / perUser)
        let workers = max(1, min(concurrency, userCount))
        raiseOpenFileLimit(to: UInt64(socketCount * 2 + 1_024))

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("todo-ws-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var logger = Logger(label: "todo.bench.ws")
        logger.logLevel = .error

        // The platform, wired as `todo serve` wires it.
        let host = EmbeddedActorHost(configuration: .init(appID: "bench"), store: try SQLiteActorStateStore(path: directory.appendingPathComponent("actors.sqlite").path), logger: logger)
        TasksServiceActors.register(on: host)
        let tokens = await AccessTokenIssuer(secret: Array(repeating: 7, count: 32))
        var liveConfiguration = LiveConfiguration()
        liveConfiguration.queueLimit = 1_024
        let authenticator = RequestAuthenticator(accessTokens: tokens, actors: host, requestsPerSecond: 1_000_000, burst: 1_000_000)
        let live = LiveService(configuration: liveConfiguration, authenticator: authenticator, logger: logger)
        let arrivals = ArrivalLog()
        for subscription in live.subscriptions() {
            // Notes when the bus hands each update to the websocket-service, to split the
            // latency into the change (REST, actor turn, commit, outbox) and the fan-out.
            var timed = subscription
            timed.handler = { event in
                if let update = try? event.decodeData(ObservedUpdate.self), let taskID = update.taskId, let version = update.version {
                    arrivals.delivered(taskID: taskID, version: version, at: ContinuousClock.now)
                }
                return try await subscription.handler(event)
            }
            host.bus.subscribe(timed)
        }
        try await host.start()
        let gateway = GatewayServices(actors: host, passwords: PasswordHasher(logN: 10), authenticator: authenticator, logger: logger)
        let router = Router()
        try Gateway.addRoutes(to: router, services: gateway)
        let bound = Mutex<Int?>(nil)
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(configuration: .init(ws: live.webSocketServerConfiguration)) { request, channel, logger in
                await live.shouldUpgrade(request, channel: channel, logger: logger)
            },
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in bound.withLock { $0 = channel.localAddress?.port } },
            logger: logger
        )
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        var port: Int?
        for _ in 0..<1_000 where port == nil {
            port = bound.withLock { $0 }
            if port == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        guard let port else { throw ValidationError("the bench server did not start") }

        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: workers)))
        defer { _ = client.shutdown() }
        let http = BenchHTTP(client: client, base: "http://127.0.0.1:\(port)/api/v1")

        // Users, one task each.
        var users: [BenchUser] = []
        for index in 0..<userCount {
            let signup = try await http.send(.POST, "/auth/signup", body: #"{"email":"ws\#(index)@example.com","password":"correct horse battery"}"#)
            guard signup.status == 201, let session = try JSONSerialization.jsonObject(with: signup.body) as? [String: Any], let token = session["token"] as? String else {
                throw ValidationError("signup failed: \(signup.status)")
            }
            let authorized = BenchHTTP(client: client, base: http.base, token: token)
            let created = try await authorized.send(.POST, "/tasks", body: #"{"title":"Watch me change"}"#)
            guard created.status == 201, let task = try JSONSerialization.jsonObject(with: created.body) as? [String: Any], let taskID = task["id"] as? String, let version = task["version"] as? Int else {
                throw ValidationError("task creation failed: \(created.status)")
            }
            users.append(BenchUser(http: authorized, token: token, taskID: taskID, version: version))
        }

        // Every socket, connected and subscribed before the first timed change.
        var connections: [Task<Void, Never>] = []
        for user in users {
            for _ in 0..<perUser {
                connections.append(Self.openSocket(port: port, token: user.token, arrivals: arrivals, logger: logger))
            }
        }
        defer { for connection in connections { connection.cancel() } }
        let deadline = ContinuousClock.now.advanced(by: .seconds(120))
        while live.socketCount < socketCount || arrivals.readyCount < socketCount {
            guard ContinuousClock.now < deadline else { throw ValidationError("only \(live.socketCount) of \(socketCount) sockets connected in 120 s") }
            try await Task.sleep(for: .milliseconds(20))
        }

        // Changes: worker w owns users w, w + workers, …, one change in flight per task.
        let clock = ContinuousClock()
        let started = clock.now
        let requestSamples = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for worker in 0..<workers {
                let owned = stride(from: worker, to: users.count, by: workers).map { users[$0] }
                let share = changeCount / workers + (worker < changeCount % workers ? 1 : 0)
                group.addTask {
                    var versions = owned.map(\.version)
                    var samples: [Int64] = []
                    for step in 0..<share {
                        let slot = step % owned.count
                        let user = owned[slot]
                        let expected = versions[slot] + 1
                        let began = clock.now
                        arrivals.expect(taskID: user.taskID, version: expected, at: began)
                        let reply = try await user.http.send(.PATCH, "/tasks/\(user.taskID)", body: #"{"title":"Change \#(step) by worker \#(worker)"}"#)
                        samples.append((clock.now - began).nanoseconds)
                        guard reply.status == 200, let task = try JSONSerialization.jsonObject(with: reply.body) as? [String: Any], task["version"] as? Int == expected else {
                            throw ValidationError("PATCH answered \(reply.status), not version \(expected)")
                        }
                        versions[slot] = expected
                    }
                    return samples
                }
            }
            var all: [Int64] = []
            for try await part in group { all += part }
            return all
        }
        let expectedMessages = changeCount * perUser
        let settle = ContinuousClock.now.advanced(by: .seconds(30))
        while arrivals.matched < expectedMessages, ContinuousClock.now < settle {
            try await Task.sleep(for: .milliseconds(10))
        }
        let seconds = Double((clock.now - started).nanoseconds) / 1e9
        let samples = arrivals.samples
        let report = BenchReport(output)
        let missing = expectedMessages - arrivals.matched
        report.add(BenchResult(
            name: "task change → WebSocket message, \(socketCount) sockets",
            operations: samples.count, seconds: seconds, operationsPerSecond: Double(samples.count) / seconds,
            latency: LatencySummary(nanoseconds: samples),
            note: "\(changeCount) PATCHes, \(perUser) sockets/user, \(workers) in flight; missing \(missing), duplicates \(arrivals.duplicates)"
        ))
        let fanOut = arrivals.fanOutSamples
        report.add(BenchResult(
            name: "  bus delivery → WebSocket message",
            operations: fanOut.count, seconds: seconds, operationsPerSecond: Double(fanOut.count) / seconds,
            latency: LatencySummary(nanoseconds: fanOut),
            note: "the websocket-service's part: route, queue, write, client read"
        ))
        report.add(BenchResult(
            name: "  PATCH /tasks/{id} round trip",
            operations: requestSamples.count, seconds: seconds, operationsPerSecond: Double(requestSamples.count) / seconds,
            latency: LatencySummary(nanoseconds: requestSamples)
        ))
        try report.finish()
        for connection in connections { connection.cancel() }
        try await host.shutdown()
        guard missing == 0, arrivals.duplicates == 0 else {
            throw ValidationError("\(missing) updates never arrived and \(arrivals.duplicates) arrived twice")
        }
    }

    /// One socket; records when each update arrives.
    private static func openSocket(port: Int, token: String, arrivals: ArrivalLog, logger: Logger) -> Task<Void, Never> {
        let handler: WebSocketDataHandler<WebSocketClient.Context> = { inbound, _, _ in
            let decoder = JSONDecoder()
            let socket = arrivals.newSocket()
            for try await message in inbound.messages(maxSize: 1 << 20) {
                guard case .text(let text) = message else { continue }
                let arrived = ContinuousClock.now
                guard let update = try? decoder.decode(ObservedUpdate.self, from: Data(text.utf8)) else { continue }
                if update.type == "ready" {
                    arrivals.ready()
                } else if let taskID = update.taskId, let version = update.version {
                    arrivals.arrived(socket: socket, taskID: taskID, version: version, at: arrived)
                }
            }
        }
        return Task {
            _ = try? await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/ws", configuration: .init(additionalHeaders: [.authorization: "Bearer \(token)"]), logger: logger, handler: handler)
        }
    }

    private func raiseOpenFileLimit(to wanted: UInt64) {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, UInt64(limit.rlim_cur) < wanted else { return }
        limit.rlim_cur = min(limit.rlim_max, rlim_t(wanted))
        _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
    }
}

private struct BenchUser: Sendable {
    var http: BenchHTTP
    var token: String
    var taskID: String
    var version: Int
}

private struct ObservedUpdate: Decodable {
    var type: String?
    var taskId: String?
    var version: Int?
}

/// When each change was sent, and when each socket received it.
private final class ArrivalLog: Sendable {
    private struct Key: Hashable {
        var taskID: String
        var version: Int
    }

    private struct State {
        var sent: [Key: ContinuousClock.Instant] = [:]
        var delivered: [Key: ContinuousClock.Instant] = [:]
        var fanOutSamples: [Int64] = []
        var seen: Set<[String]> = []
        var samples: [Int64] = []
        var matched = 0
        var duplicates = 0
        var ready = 0
        var sockets = 0
    }

    private let state = Mutex(State())

    func newSocket() -> Int { state.withLock { $0.sockets += 1; return $0.sockets } }
    func ready() { state.withLock { $0.ready += 1 } }
    var readyCount: Int { state.withLock { $0.ready } }

    func expect(taskID: String, version: Int, at instant: ContinuousClock.Instant) {
        state.withLock { $0.sent[Key(taskID: taskID, version: version)] = instant }
    }

    func arrived(socket: Int, taskID: String, version: Int, at instant: ContinuousClock.Instant) {
        state.withLock { state in
            // Creates and other untimed updates have no send time.
            guard let sent = state.sent[Key(taskID: taskID, version: version)] else { return }
            guard state.seen.insert([String(socket), taskID, String(version)]).inserted else {
                state.duplicates += 1
                return
            }
            state.matched += 1
            state.samples.append((instant - sent).nanoseconds)
            if let delivered = state.delivered[Key(taskID: taskID, version: version)] {
                state.fanOutSamples.append((instant - delivered).nanoseconds)
            }
        }
    }

    func delivered(taskID: String, version: Int, at instant: ContinuousClock.Instant) {
        state.withLock { state in
            let key = Key(taskID: taskID, version: version)
            // The first delivery counts (a redelivery is later, and sends nothing).
            if state.delivered[key] == nil { state.delivered[key] = instant }
        }
    }

    var fanOutSamples: [Int64] { state.withLock { $0.fanOutSamples } }
    var matched: Int { state.withLock { $0.matched } }
    var duplicates: Int { state.withLock { $0.duplicates } }
    var samples: [Int64] { state.withLock { $0.samples } }
}
