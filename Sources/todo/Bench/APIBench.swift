import ActorRuntime
import ActorStoreSQLite
import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import Synchronization
import TodoActors
import TodoGateway
import TodoHTTP
import TodoModel

/// `todo bench api`: the REST API over real HTTP on loopback, with the embedded host on
/// SQLite as under `todo serve`. Creates tasks for one user (create throughput and
/// latency), then lists them with a filter and a sort (latency p50/p99). The load
/// generator is an AsyncHTTPClient in the same process, so both share the two cores.
struct APIBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "REST API over HTTP: task creation on SQLite, filtered and sorted lists of 10,000 tasks."
    )

    @OptionGroup var output: BenchOutput

    @Option(help: "Tasks to create for the one user.")
    var tasks = 10_000

    @Option(help: "List requests per query shape.")
    var lists = 1_000

    @Option(help: "Users creating tasks at once in the many-users run.")
    var users = 16

    @Option(help: "Concurrent connections while creating.")
    var createConcurrency = 32

    @Option(help: "Concurrent connections while listing.")
    var listConcurrency = 4

    func run() async throws {
        let quick = output.quick
        let taskCount = quick ? 300 : tasks
        let listCount = quick ? 40 : lists
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("todo-api-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let host = EmbeddedActorHost(configuration: .init(appID: "bench"), store: try SQLiteActorStateStore(path: directory.appendingPathComponent("actors.sqlite").path))
        TasksServiceActors.register(on: host)
        try await host.start()
        let services = GatewayServices(
            actors: host, passwords: PasswordHasher(logN: 10),
            accessTokens: await AccessTokenIssuer(secret: Array(repeating: 7, count: 32)),
            requestsPerSecond: 1_000_000, burst: 1_000_000
        )
        let router = Router()
        try Gateway.addRoutes(to: router, services: services)
        let port = Mutex<Int?>(nil)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), onServerRunning: { channel in
            port.withLock { $0 = channel.localAddress?.port }
        })
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        var bound: Int?
        for _ in 0..<500 where bound == nil {
            bound = port.withLock { $0 }
            if bound == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        guard let bound else { throw ValidationError("the bench server did not start") }
        let base = "http://127.0.0.1:\(bound)/api/v1"

        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(createConcurrency, listConcurrency))))
        defer { _ = client.shutdown() }
        let http = BenchHTTP(client: client, base: base)

        let signup = try await http.send(.POST, "/auth/signup", body: #"{"email":"bench@example.com","password":"correct horse battery"}"#)
        let session = try JSONSerialization.jsonObject(with: signup.body) as? [String: Any]
        guard signup.status == 201, let token = session?["token"] as? String, let userID = (session?["user"] as? [String: Any])?["id"] as? String else {
            throw ValidationError("signup failed: \(signup.status)")
        }
        let authorized = BenchHTTP(client: client, base: base, token: token)

        let report = BenchReport(output)

        // Creates: varied priorities, tags and due dates around today.
        let today = Date()
        let priorities = ["none", "low", "medium", "high", "urgent"]
        let tags = ["work", "home", "errand", "family", "health"]
        // Due days are formatted once up front, so the load generator spends its time on requests.
        let days = (0..<120).map { ISO8601DateFormatter.string(from: today.addingTimeInterval(Double($0 - 60) * 86_400), timeZone: .gmt, formatOptions: [.withFullDate]) }
        let taskBody: @Sendable (Int) -> String = { index in
            let day = days[index % 120]
            return #"{"title":"Task \#(index) about the board deck","priority":"\#(priorities[index % 5])","tags":["\#(tags[index % 5])","\#(tags[(index / 5) % 5])"]\#(index % 7 == 0 ? "" : #","due":"\#(day)""#)}"#
        }

        // Many users at once: each user's index is one actor, so this is the server-wide rate.
        var others: [BenchHTTP] = []
        for user in 0..<users {
            let reply = try await http.send(.POST, "/auth/signup", body: #"{"email":"user\#(user)@example.com","password":"correct horse battery"}"#)
            guard let token = (try JSONSerialization.jsonObject(with: reply.body) as? [String: Any])?["token"] as? String else {
                throw ValidationError("signup failed: \(reply.status)")
            }
            others.append(BenchHTTP(client: client, base: base, token: token))
        }
        let spread = others
        report.add(try await BenchHTTP.load(name: "POST /tasks, \(users) users (SQLite, \(createConcurrency) conn.)", count: quick ? 200 : taskCount / 2, concurrency: createConcurrency, expect: 201) { index in
            (spread[index % spread.count], .POST, "/tasks", taskBody(index))
        })
        // The same creates without HTTP: what the actors and the store cost by themselves.
        let actorUsers = (0..<users).map { "bench-user-\($0)" }
        for id in actorUsers {
            _ = try await host.proxy(UserActor.self, id).register(UserProfile(id: id, email: "\(id)@example.com", createdAt: Date()))
        }
        let drafts = (0..<(quick ? 200 : taskCount / 2)).map { index in
            TaskDraft(title: "Task \(index) about the board deck", priority: .high, tags: [tags[index % 5]], due: TaskDue(year: 2026, month: 12, day: 1 + index % 28))
        }
        report.add(try await measureConcurrently(name: "TaskActor.create in-process, \(users) users (SQLite)", count: drafts.count, concurrency: createConcurrency) { index in
            _ = try await host.proxy(TaskActor.self, "bench-task-\(index)").create(.init(userID: actorUsers[index % actorUsers.count], draft: drafts[index]))
        })

        // One user: every create also updates that user's index actor, one turn at a time.
        report.add(try await authorized.load(name: "POST /tasks, one user (SQLite, \(createConcurrency) conn.)", count: taskCount, concurrency: createConcurrency, expect: 201) { index in
            (.POST, "/tasks", taskBody(index))
        })

        let queries = [
            ("filter (p1 | p2) & !completed & due before: +30 days, sort due,priority:desc", "?filter=" + "(p1 | p2) & !completed & due before: +30 days".urlQueryEncoded + "&sort=due,priority:desc&limit=50"),
            ("filter #work & search: board, sort title", "?filter=" + "#work & search: board".urlQueryEncoded + "&sort=title&limit=50"),
            ("no filter, sort created, limit 100", "?sort=created&limit=100"),
        ]
        for concurrency in [1, listConcurrency] {
            for (label, query) in queries {
                report.add(try await authorized.load(name: "GET /tasks \(label) (\(taskCount) tasks, \(concurrency) conn.)", count: listCount, concurrency: concurrency, expect: 200) { _ in
                    (.GET, "/tasks" + query, nil)
                })
            }
        }
        // The same queries without HTTP: what the UserActor's index costs by itself.
        let user = host.proxy(UserActor.self, userID)
        for (request, label) in [
            (TaskListRequest(filter: "(p1 | p2) & !completed & due before: +30 days", sort: "due,priority:desc", limit: 50), "filter p1|p2 & due, sort due"),
            (TaskListRequest(filter: "#work & search: board", sort: "title", limit: 50), "filter #work & search, sort title"),
            (TaskListRequest(sort: "created", limit: 100), "no filter, sort created, limit 100"),
        ] {
            let clock = ContinuousClock()
            var samples: [Int64] = []
            let start = clock.now
            for _ in 0..<listCount {
                let began = clock.now
                _ = try await user.listTasks(request)
                samples.append((clock.now - began).nanoseconds)
            }
            let seconds = Double((clock.now - start).nanoseconds) / 1e9
            report.add(BenchResult(name: "UserActor.listTasks in-process, \(label)", operations: listCount, seconds: seconds, operationsPerSecond: Double(listCount) / seconds, latency: LatencySummary(nanoseconds: samples)))
        }

        try await host.shutdown()
        try report.finish()
    }
}

/// A tiny HTTP load generator over AsyncHTTPClient.
struct BenchHTTP: Sendable {
    let client: HTTPClient
    let base: String
    var token: String?

    struct Reply {
        var status: UInt
        var body: Data
    }

    func send(_ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: response.status.code, body: Data(bytes.readableBytesView))
    }

    /// `count` requests from `concurrency` workers; every reply must have status `expect`.
    func load(name: String, count: Int, concurrency: Int, expect: UInt, request: @escaping @Sendable (Int) -> (HTTPMethod, String, String?)) async throws -> BenchResult {
        try await Self.load(name: name, count: count, concurrency: concurrency, expect: expect) { index in
            let (method, path, body) = request(index)
            return (self, method, path, body)
        }
    }

    /// The same, each request sent by the client (user) it names.
    static func load(name: String, count: Int, concurrency: Int, expect: UInt, request: @escaping @Sendable (Int) -> (BenchHTTP, HTTPMethod, String, String?)) async throws -> BenchResult {
        try await measureConcurrently(name: name, count: count, concurrency: concurrency) { index in
            let (sender, method, path, body) = request(index)
            let reply = try await sender.send(method, path, body: body)
            guard reply.status == expect else {
                throw ValidationError("\(method) \(path) answered \(reply.status): \(String(decoding: reply.body.prefix(300), as: UTF8.self))")
            }
        }
    }
}

extension String {
    var urlQueryEncoded: String { addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? self }
}
