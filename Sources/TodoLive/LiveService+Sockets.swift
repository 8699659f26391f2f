import ActorRuntime
import Metrics
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import Synchronization
import TodoHTTP

extension LiveService {
    public typealias UpgradeHandler = WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>

    /// The `shouldUpgrade` of `.http1WebSocketUpgrade` for `GET /ws`; other paths are not
    /// upgraded. Every `/ws` upgrade is accepted, so that a refusal can carry a close code
    /// and a reason (a refused upgrade is an empty 400).
    public func shouldUpgrade(_ request: HTTPRequest, channel: any Channel, logger: Logger) async -> ShouldUpgradeResult<UpgradeHandler> {
        let target = URLComponents(string: request.path ?? "")
        guard request.method == .get, target?.path == configuration.path else { return .dontUpgrade }
        let after = target?.queryItems?.first { $0.name == "after" }?.value.flatMap { $0.isEmpty ? nil : $0 }
        let credential: HeaderCredential
        if let header = request.headerFields[.authorization] {
            if let token = AccessTokenIssuer.bearerToken(in: header) {
                credential = await check(token)
            } else {
                credential = .invalid(reason: Self.invalidTokenReason)
            }
        } else {
            credential = .absent
        }
        let handler: UpgradeHandler = { inbound, outbound, _ in
            try await self.serveSocket(inbound: inbound, outbound: outbound, channel: channel, credential: credential, after: after)
        }
        return .upgrade([:], handler)
    }

    /// `GET /ws` without an upgrade: 426 with what to do instead.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.group(RouterPath(configuration.path))
            .add(middleware: ProblemMiddleware<Context>(logger: logger, maxBodyBytes: 1 << 16))
            .get { _, _ -> Response in
                throw ActorProblem(status: 426, title: "Upgrade Required", detail: "open a WebSocket here (Connection: Upgrade, Upgrade: websocket); authenticate with Authorization: Bearer <access token or personal API token> or a first message {\"type\":\"auth\",\"token\":\"…\"}")
            }
    }

    enum HeaderCredential {
        case absent
        case invalid(reason: String)
        case valid(userID: String, expiresAt: Date?)
    }

    static let invalidTokenReason = "invalid or expired access token; sign in again"

    /// A socket's token (an access token or a personal API token), under the per-user rate
    /// limit: the user, or the close reason.
    func check(_ token: String) async -> HeaderCredential {
        guard let verified = try? await authenticator.verify(token) else { return .invalid(reason: Self.invalidTokenReason) }
        do {
            try authenticator.admit(verified.userID)
        } catch {
            return .invalid(reason: (error as? RetryLater)?.detail ?? "rate limit reached")
        }
        return .valid(userID: verified.userID, expiresAt: verified.expiresAt)
    }

    /// One socket, from upgrade to close: a writer draining the socket's queue, a reader
    /// for the client's messages, and the auth deadline.
    func serveSocket(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, channel: (any Channel)?, credential: HeaderCredential, after: String?) async throws {
        let connection = LiveConnection(id: hub.nextConnectionID(), limit: configuration.queueLimit, channel: channel, closeGrace: configuration.closeGrace)
        let session = SocketSession(pendingAfter: after)
        metrics.connections.increment()
        switch credential {
        case .valid(let userID, let expiresAt):
            authenticated(connection, session, userID: userID, expiresAt: expiresAt, after: after)
        case .invalid(let reason):
            metrics.authFailures.increment()
            // Observed: a close (and the FIN after it) that follows the 101 response at once
            // leaves hummingbird-websocket's own client (swift-websocket 1.6.2) hanging in
            // its upgrade; a moment later it reads the close like any other frame.
            try? await Task.sleep(for: Self.refusalDelay)
            connection.close(code: LiveCloseCode.unauthorized, reason: reason)
        case .absent:
            break
        }
        let readerError: (any Error)? = await withTaskGroup(of: (any Error)?.self) { group in
            group.addTask { await self.writeLoop(connection, outbound); return nil }
            group.addTask { await self.watchCredentials(connection, session); return nil }
            let error = await self.readLoop(connection, session, inbound)
            // The client is gone (or the connection was cut): stop writing.
            group.cancelAll()
            connection.finish()
            return error
        }
        if let userID = session.userID { hub.detach(connection, userID: userID) }
        if let readerError { throw readerError }
    }

    /// Closes the socket (4401) when no auth arrives in time, and later when its token
    /// expires: a session lasts no longer than the token it was opened with.
    private func watchCredentials(_ connection: LiveConnection, _ session: SocketSession) async {
        if session.userID == nil {
            try? await Task.sleep(for: configuration.authTimeout)
            guard !Task.isCancelled else { return }
            if session.userID == nil {
                if !connection.isClosing { metrics.authFailures.increment() }
                connection.close(code: LiveCloseCode.unauthorized, reason: "authentication required: send Authorization: Bearer <token> or {\"type\":\"auth\",\"token\":\"…\"} within \(configuration.authTimeout)")
                return
            }
        }
        guard let expiresAt = session.expiresAt else { return }
        let remaining = expiresAt.timeIntervalSinceNow
        if remaining > 0 { try? await Task.sleep(for: .milliseconds(Int64(remaining * 1_000))) }
        guard !Task.isCancelled else { return }
        connection.close(code: LiveCloseCode.unauthorized, reason: "the access token expired; sign in again and reconnect with ?after=<last id>")
    }

    private func authenticated(_ connection: LiveConnection, _ session: SocketSession, userID: String, expiresAt: Date?, after: String?) {
        session.authenticate(userID, expiresAt: expiresAt)
        if hub.attach(connection, userID: userID, after: after) == .reset { metrics.resets.increment() }
    }

    private func writeLoop(_ connection: LiveConnection, _ outbound: WebSocketOutboundWriter) async {
        while let item = await connection.next() {
            switch item {
            case .text(let buffer):
                do {
                    if buffer.readableBytes <= Self.maxFrameBytes {
                        // One frame sharing the buffer every socket of the user sends.
                        try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: buffer)))
                    } else {
                        try await outbound.writeTextMessage(String(buffer: buffer))
                    }
                } catch {
                    connection.finish()
                    return
                }
            case .close(let code, let reason):
                try? await outbound.close(WebSocketErrorCode(codeNumber: Int(code)), reason: reason)
                return
            }
        }
    }

    static let refusalDelay: Duration = .milliseconds(50)

    /// The server's frame size (the library's default): larger messages are fragmented.
    static let maxFrameBytes = 1 << 14

    /// Reads client messages until the client closes or the connection ends; returns the
    /// error that ended it, if any (a message too large), for the library to close with.
    private func readLoop(_ connection: LiveConnection, _ session: SocketSession, _ inbound: WebSocketInboundStream) async -> (any Error)? {
        var messages = inbound.messages(maxSize: configuration.maxClientMessageBytes).makeAsyncIterator()
        while true {
            let message: WebSocketMessage?
            do {
                message = try await messages.next()
            } catch {
                return error
            }
            guard let message else { return nil }
            guard case .text(let text) = message else {
                reply(connection, .error("binary messages are not understood; send JSON text"))
                continue
            }
            await handle(text, connection, session)
        }
    }

    private func handle(_ text: String, _ connection: LiveConnection, _ session: SocketSession) async {
        guard let message = try? JSONDecoder().decode(ClientMessage.self, from: Data(text.utf8)) else {
            reply(connection, .error("expected a JSON object with a \"type\": auth, resume or ping"))
            return
        }
        switch message.type {
        case "auth":
            guard session.userID == nil else {
                reply(connection, .error("already authenticated"))
                return
            }
            guard !connection.isClosing else { return }
            var credential = HeaderCredential.invalid(reason: "the auth message needs a \"token\"")
            if let token = message.token { credential = await check(token) }
            guard case .valid(let userID, let expiresAt) = credential else {
                metrics.authFailures.increment()
                if case .invalid(let reason) = credential { connection.close(code: LiveCloseCode.unauthorized, reason: reason) }
                return
            }
            authenticated(connection, session, userID: userID, expiresAt: expiresAt, after: message.after ?? session.pendingAfter)
        case "resume":
            guard let after = message.after, !after.isEmpty else {
                reply(connection, .error("resume needs \"after\": the id of the last update received"))
                return
            }
            if let userID = session.userID {
                if hub.resume(connection, userID: userID, after: after) == .reset { metrics.resets.increment() }
            } else {
                // Before auth: the resume point for when the auth message comes.
                session.pendingAfter = after
            }
        case "ping":
            reply(connection, .pong)
        default:
            reply(connection, .error("unknown message type '\(message.type)'; send auth, resume or ping"))
        }
    }

    /// Replies count against the queue limit: a client that sends pings without reading
    /// the pongs is a slow consumer too.
    private func reply(_ connection: LiveConnection, _ message: ServerMessage) {
        _ = connection.push(ByteBuffer(string: message.text))
    }
}

/// What one socket has established: who it is (once authenticated) and where to resume.
final class SocketSession: Sendable {
    private struct State {
        var userID: String?
        var expiresAt: Date?
        var pendingAfter: String?
    }

    private let state: Mutex<State>

    init(pendingAfter: String?) {
        state = Mutex(State(pendingAfter: pendingAfter))
    }

    var userID: String? { state.withLock { $0.userID } }
    var expiresAt: Date? { state.withLock { $0.expiresAt } }

    var pendingAfter: String? {
        get { state.withLock { $0.pendingAfter } }
        set { state.withLock { $0.pendingAfter = newValue } }
    }

    func authenticate(_ userID: String, expiresAt: Date?) {
        state.withLock {
            $0.userID = userID
            $0.expiresAt = expiresAt
        }
    }
}
