import ActorRuntime
import ActorRuntimeTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWSClient
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import Synchronization
import TodoEvents
import TodoHTTP
import TodoLive

/// A websocket-service on a loopback port: the real HTTP server with the `/ws` upgrade,
/// fed by calling its `task-updates` subscription handler the way the bus does.
struct LiveHarness {
    let service: LiveService
    let tokens: AccessTokenIssuer
    let port: Int

    static func run(_ configuration: LiveConfiguration = LiveConfiguration(), _ body: (LiveHarness) async throws -> Void) async throws {
        let tokens = await AccessTokenIssuer(secret: Array(repeating: 7, count: 32))
        var logger = Logger(label: "todo.live.test")
        logger.logLevel = .error
        // JWTs only here: no actor is called, so the host that would resolve API tokens stays empty.
        let authenticator = RequestAuthenticator(accessTokens: tokens, actors: EmbeddedActorHost(store: MemoryStateStore(), logger: logger))
        let service = LiveService(configuration: configuration, authenticator: authenticator, logger: logger)
        // The server is cancelled at the end of each test, which it reports as errors.
        var serverLogger = logger
        serverLogger.logLevel = .critical
        let router = Router()
        service.addRoutes(to: router)
        let bound = Mutex<Int?>(nil)
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(configuration: .init(ws: service.webSocketServerConfiguration)) { request, channel, logger in
                await service.shouldUpgrade(request, channel: channel, logger: logger)
            },
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in bound.withLock { $0 = channel.localAddress?.port } },
            logger: serverLogger
        )
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        var port: Int?
        for _ in 0..<3_000 where port == nil {
            port = bound.withLock { $0 }
            if port == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        guard let port else { throw HarnessError("the test server did not start") }
        try await body(LiveHarness(service: service, tokens: tokens, port: port))
    }

    func token(_ userID: String) async throws -> String {
        try await tokens.issue(userID: userID).token
    }

    /// Connects with `Authorization: Bearer` for `userID` (nil: no header), and waits
    /// until the server answered with ready when it should.
    func connect(_ userID: String?, query: String = "", headerToken: String? = nil, pauseReading: Bool = false, awaitReady: Bool = true) async throws -> LiveTestClient {
        var token = headerToken
        if token == nil, let userID { token = try await self.token(userID) }
        let client = LiveTestClient(url: "ws://127.0.0.1:\(port)/ws\(query)", bearer: token, pauseReading: pauseReading)
        if awaitReady, token != nil, !pauseReading {
            guard await client.waitForReady() else { throw HarnessError("no ready message for \(userID ?? "?")") }
        }
        return client
    }

    /// Delivers one `task-updates` payload, as the bus would.
    @discardableResult
    func deliver(id: String, userID: String, type: String = "updated", padding: Int = 0) throws -> SubscriberResult {
        var payload: [String: JSONValue] = [
            "schema": .string("task-updates/v1"), "id": .string(id), "userId": .string(userID),
            "type": .string(type), "taskId": .string("task-\(id)"), "version": .int(1),
        ]
        if padding > 0 { payload["notes"] = .string(String(repeating: "x", count: padding)) }
        return service.deliver(CloudEvent(source: "test", topic: Topics.taskUpdates, pubsubName: "pubsub", data: .object(payload)))
    }
}

/// A real WebSocket client (hummingbird-websocket's) that records what it receives.
final class LiveTestClient: Sendable {
    private struct State {
        var messages: [String] = []
        var closeFrame: WebSocketCloseFrame?
        var finished = false
        var error: String?
    }

    /// What the connection task records (a box, so the task can hold it before `self` exists).
    private final class Record: Sendable {
        let state = Mutex(State())
    }

    private let record: Record
    private let outgoing: AsyncStream<String>.Continuation
    private let readGate: AsyncStream<Void>.Continuation
    private let task: Task<Void, Never>

    init(url: String, bearer: String?, pauseReading: Bool) {
        let (outgoingStream, outgoing) = AsyncStream.makeStream(of: String.self)
        let (gateStream, readGate) = AsyncStream.makeStream(of: Void.self)
        self.outgoing = outgoing
        self.readGate = readGate
        if !pauseReading { readGate.finish() }
        var headers = HTTPFields()
        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
        var logger = Logger(label: "todo.live.test.client")
        logger.logLevel = .warning
        let record = Record()
        self.record = record
        let handler: WebSocketDataHandler<WebSocketClient.Context> = { inbound, outbound, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await text in outgoingStream { try await outbound.write(.text(text)) }
                    // close() finished the stream: close the socket from this side.
                    try await outbound.close(.normalClosure, reason: nil)
                }
                for await _ in gateStream {}
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    if case .text(let text) = message { record.state.withLock { $0.messages.append(text) } }
                }
                group.cancelAll()
            }
        }
        task = Task {
            do {
                let frame = try await WebSocketClient.connect(url: url, configuration: .init(maxFrameSize: 1 << 16, additionalHeaders: headers), logger: logger, handler: handler)
                record.state.withLock { $0.closeFrame = frame }
            } catch {
                record.state.withLock { $0.error = "\(error)" }
            }
            record.state.withLock { $0.finished = true }
        }
    }

    func send(_ text: String) { outgoing.yield(text) }

    /// Starts reading (a client created with `pauseReading`).
    func resumeReading() { readGate.finish() }

    /// Closes from the client side and waits until the connection is gone.
    func close() async {
        outgoing.finish()
        _ = await task.value
    }

    var messages: [String] { record.state.withLock { $0.messages } }
    var closeFrame: WebSocketCloseFrame? { record.state.withLock { $0.closeFrame } }
    var isFinished: Bool { record.state.withLock { $0.finished } }

    /// Every message parsed as a JSON object.
    var objects: [[String: Any]] {
        messages.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Messages of one of the server's control types.
    func control(_ type: String) -> [[String: Any]] { objects.filter { $0["type"] as? String == type } }

    /// The ids of the forwarded updates (everything that is not a control message), in order.
    var updateIDs: [String] {
        objects.filter { !["ready", "reset", "pong", "error"].contains($0["type"] as? String ?? "") }.compactMap { $0["id"] as? String }
    }

    func waitForReady() async -> Bool { await eventually { !self.control("ready").isEmpty } }

    func waitForUpdates(_ count: Int) async -> Bool { await eventually { self.updateIDs.count >= count } }

    func waitUntilFinished() async -> Bool { await eventually { self.isFinished } }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
