import ActorRuntime
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// The trace headers of the request being served, forwarded on every call it makes to the
/// sidecar so one trace spans the whole chain.
public enum DaprTrace {
    @TaskLocal public static var headers: [(String, String)] = []
}

/// Calls the Dapr sidecar's HTTP API: actors (invoke, state, reminders, timers), publish,
/// secrets and metadata. Sends `dapr-api-token` when configured, times every call out, and
/// retries with jittered backoff what is safe to retry.
public struct DaprSidecarClient: ActorSidecar {
    public var endpoint: String
    public var apiToken: String?
    public var timeout: Duration
    public var retry: RetryPolicy
    let httpClient: HTTPClient
    let logger: Logger

    public init(
        endpoint: String,
        apiToken: String? = nil,
        timeout: Duration = .seconds(30),
        retry: RetryPolicy = RetryPolicy(maxAttempts: 4, initialBackoff: .milliseconds(100), maxBackoff: .seconds(2)),
        httpClient: HTTPClient = DaprSidecarClient.sidecarHTTPClient,
        logger: Logger = Logger(label: "todo.dapr.client")
    ) {
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        self.apiToken = apiToken
        self.timeout = timeout
        self.retry = retry
        self.httpClient = httpClient
        self.logger = logger
    }

    /// From `DAPR_HTTP_ENDPOINT`, else `http://127.0.0.1:$DAPR_HTTP_PORT` (default 3500), and
    /// `DAPR_API_TOKEN`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> DaprSidecarClient {
        let endpoint = environment["DAPR_HTTP_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "http://127.0.0.1:\(environment["DAPR_HTTP_PORT"] ?? "3500")"
        return DaprSidecarClient(endpoint: endpoint, apiToken: environment["DAPR_API_TOKEN"].flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The HTTP client of sidecar calls: the shared client's settings without its own tracing.
    /// AsyncHTTPClient (1.3x) traces every request with the global tracer and adds its span's
    /// `traceparent` to the headers; next to the one this client sends (its `dapr <operation>`
    /// span, or the incoming request's when tracing is off) daprd would get two, which is an
    /// invalid trace context, and the callee's spans would start a trace of their own.
    public static let sidecarHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.tracing.tracer = nil
        // Lives as long as the process (like HTTPClient.shared), so it is never shut down.
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    // MARK: ActorSidecar

    public func invokeActor(_ actor: ActorAddress, method: String, body: Data, chainID: String?) async throws -> Data {
        var headers: [(String, String)] = []
        if let chainID { headers.append(("Dapr-Reentrancy-Id", chainID)) }
        let response = try await send(
            "invoke \(actor).\(method)", .PUT, "/v1.0/actors/\(path(actor))/method/\(segment(method))",
            body: body, headers: headers,
            // The call may have reached the actor: only retry when it was never sent.
            idempotent: false
        )
        // An actor's own error: the app answered 200 with `X-DaprErrorResponseHeader`, and daprd
        // relays that reply as it is (status 200, the header, the problem+json body). Without
        // this check the problem would be taken for the method's result.
        if response.status == 200, response.headers.contains(name: Self.actorErrorHeader) {
            if let problem = try? JSONDecoder().decode(ActorProblem.self, from: response.body) {
                throw problem
            }
            throw DaprError(operation: "invoke \(actor).\(method)", status: response.status, errorCode: nil, message: "actor error: " + (response.body.isEmpty ? "no body" : String(decoding: response.body.prefix(500), as: UTF8.self)))
        }
        guard response.status == 200 else {
            // A problem+json body with another status (a proxy or an older runtime in between).
            if let problem = try? JSONDecoder().decode(ActorProblem.self, from: response.body) {
                throw problem
            }
            throw DaprError.from(operation: "invoke \(actor).\(method)", status: response.status, body: response.body)
        }
        return response.body
    }

    public func loadActorState(_ actor: ActorAddress, key: String) async throws -> Data? {
        let response = try await send("get state \(actor)/\(key)", .GET, "/v1.0/actors/\(path(actor))/state/\(segment(key))")
        switch response.status {
        case 200: return response.body
        case 204: return nil
        default: throw DaprError.from(operation: "get state \(actor)/\(key)", status: response.status, body: response.body)
        }
    }

    public func saveActorState(_ actor: ActorAddress, _ changes: [SidecarStateChange]) async throws {
        let operations: [JSONValue] = try changes.map { change in
            switch change {
            case .upsert(let key, let json):
                return .object(["operation": .string("upsert"), "request": .object(["key": .string(key), "value": try JSONValue(json: json)])])
            case .delete(let key):
                return .object(["operation": .string("delete"), "request": .object(["key": .string(key)])])
            }
        }
        try await expect(204, "save state \(actor)", .POST, "/v1.0/actors/\(path(actor))/state", body: JSONValue.array(operations).jsonData())
    }

    public func registerReminder(_ reminder: ReminderRecord) async throws {
        // The Scheduler rejects calendar periods: periods are plain durations, due times are
        // absolute RFC 3339 instants in UTC.
        var body: [String: JSONValue] = ["dueTime": .string(DaprTime.rfc3339(reminder.dueTime))]
        body["period"] = .string(reminder.period.map(DaprTime.goDuration) ?? "")
        if let expiresAt = reminder.expiresAt { body["ttl"] = .string(DaprTime.rfc3339(expiresAt)) }
        if !reminder.data.isEmpty { body["data"] = try JSONValue(json: reminder.data) }
        try await expect(204, "register reminder \(reminder.actor)/\(reminder.name)", .POST, "/v1.0/actors/\(path(reminder.actor))/reminders/\(segment(reminder.name))", body: JSONValue.object(body).jsonData())
    }

    public func reminder(_ actor: ActorAddress, named name: String) async throws -> ReminderRecord? {
        let response = try await send("get reminder \(actor)/\(name)", .GET, "/v1.0/actors/\(path(actor))/reminders/\(segment(name))")
        if response.status == 404 || response.status == 204 || response.body.isEmpty { return nil }
        guard response.status == 200 else {
            throw DaprError.from(operation: "get reminder \(actor)/\(name)", status: response.status, body: response.body)
        }
        let json = try JSONValue(json: response.body)
        guard case .object(let fields) = json else { return nil }
        func string(_ key: String) -> String? { if case .string(let value) = fields[key] { return value } else { return nil } }
        let due = string("dueTime").flatMap { DaprTime.parseRFC3339($0) ?? DaprTime.parseDuration($0).map { Date().addingTimeInterval($0.timeInterval) } } ?? Date()
        let period = string("period").flatMap { DaprTime.parseDuration($0.replacingOccurrences(of: "@every ", with: "")) }
        let data = try fields["data"].map { try $0.jsonData() } ?? Data()
        return ReminderRecord(actor: actor, name: name, dueTime: due, period: period, expiresAt: string("ttl").flatMap(DaprTime.parseRFC3339), data: data)
    }

    public func unregisterReminder(_ actor: ActorAddress, named name: String) async throws {
        try await expect(204, "delete reminder \(actor)/\(name)", .DELETE, "/v1.0/actors/\(path(actor))/reminders/\(segment(name))", accept: [200, 204])
    }

    public func registerTimer(_ actor: ActorAddress, _ timer: TimerSpec) async throws {
        var body: [String: JSONValue] = [
            "dueTime": .string(DaprTime.goDuration(timer.dueTime)),
            "period": .string(timer.period.map(DaprTime.goDuration) ?? ""),
            "callback": .string(timer.callback ?? ""),
        ]
        if !timer.data.isEmpty { body["data"] = try JSONValue(json: timer.data) }
        try await expect(204, "register timer \(actor)/\(timer.name)", .POST, "/v1.0/actors/\(path(actor))/timers/\(segment(timer.name))", body: JSONValue.object(body).jsonData())
    }

    public func unregisterTimer(_ actor: ActorAddress, named name: String) async throws {
        try await expect(204, "delete timer \(actor)/\(name)", .DELETE, "/v1.0/actors/\(path(actor))/timers/\(segment(name))", accept: [200, 204])
    }

    /// Publishes our CloudEvent as is (`application/cloudevents+json`), so its id — what
    /// consumers deduplicate on — survives a retried publish. The partition key becomes the
    /// Kafka message key.
    public func publish(_ message: OutboxMessage, pubsubName: String) async throws {
        var query = ""
        if let key = message.partitionKey { query = "?metadata.partitionKey=\(segment(key))" }
        // Sent in the publishing turn's trace (the event's traceparent), also when the outbox
        // sends it later: daprd puts the publish request's context on the delivered envelope.
        try await expect(
            204, "publish to \(pubsubName)/\(message.event.topic)", .POST,
            "/v1.0/publish/\(segment(pubsubName))/\(segment(message.event.topic))\(query)",
            body: JSONEncoder().encode(message.event), contentType: "application/cloudevents+json",
            traceParent: SidecarTraceParent(message.event)
        )
    }

    // MARK: Secrets and metadata

    public func secret(store: String, name: String) async throws -> [String: String] {
        let response = try await send("get secret \(store)/\(name)", .GET, "/v1.0/secrets/\(segment(store))/\(segment(name))")
        guard response.status == 200 else {
            throw DaprError.from(operation: "get secret \(store)/\(name)", status: response.status, body: response.body)
        }
        return try JSONDecoder().decode([String: String].self, from: response.body)
    }

    public func metadata() async throws -> JSONValue {
        let response = try await send("get metadata", .GET, "/v1.0/metadata")
        guard response.status == 200 else {
            throw DaprError.from(operation: "get metadata", status: response.status, body: response.body)
        }
        return try JSONValue(json: response.body)
    }

    // MARK: Transport

    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
    }

    /// The header with which an app marks a 200 reply as the actor's error (daprd passes it on).
    static let actorErrorHeader = "X-DaprErrorResponseHeader"

    private func expect(_ status: Int, _ operation: String, _ method: HTTPMethod, _ path: String, body: Data? = nil, contentType: String = "application/json", accept: Set<Int>? = nil, traceParent: SidecarTraceParent? = nil) async throws {
        let response = try await send(operation, method, path, body: body, contentType: contentType, traceParent: traceParent)
        guard (accept ?? [status]).contains(response.status) else {
            throw DaprError.from(operation: operation, status: response.status, body: response.body)
        }
    }

    func send(_ operation: String, _ method: HTTPMethod, _ path: String, body: Data? = nil, headers: [(String, String)] = [], contentType: String = "application/json", idempotent: Bool = true, traceParent: SidecarTraceParent? = nil) async throws -> Reply {
        // One client span per call (retries included); its context is the traceparent sent.
        try await SidecarCallTelemetry.measure(operation, parent: traceParent) { traceHeaders in
            try await sendAttempts(operation, method, path, body: body, headers: traceHeaders + headers, contentType: contentType, idempotent: idempotent)
        }
    }

    private func sendAttempts(_ operation: String, _ method: HTTPMethod, _ path: String, body: Data?, headers: [(String, String)], contentType: String, idempotent: Bool) async throws -> Reply {
        var attempt = 0
        while true {
            attempt += 1
            var request = HTTPClientRequest(url: endpoint + path)
            request.method = method
            if let body {
                request.headers.add(name: "Content-Type", value: contentType)
                request.body = .bytes(ByteBuffer(bytes: body))
            }
            if let apiToken { request.headers.add(name: "dapr-api-token", value: apiToken) }
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            do {
                let response = try await httpClient.execute(request, timeout: .nanoseconds(timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
                let buffer = try await response.body.collect(upTo: 64 << 20)
                let reply = Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer.readableBytesView))
                // The sidecar is briefly unable to serve (starting, overloaded): retry safe calls.
                if idempotent, [429, 502, 503, 504].contains(reply.status), attempt < retry.maxAttempts {
                    try await Task.sleep(for: retry.backoff(afterAttempt: attempt))
                    continue
                }
                return reply
            } catch {
                if error is CancellationError { throw error }
                // Anything may be retried when it is safe to repeat; a non-idempotent call only
                // when the request provably never left (no connection).
                guard (idempotent || Self.neverSent(error)), attempt < retry.maxAttempts else {
                    throw DaprError(operation: operation, status: nil, errorCode: nil, message: "sidecar at \(endpoint) did not answer after \(attempt) attempt(s): \(error)")
                }
                logger.debug("retrying sidecar call", metadata: ["operation": "\(operation)", "attempt": "\(attempt)", "error": "\(error)"])
                try await Task.sleep(for: retry.backoff(afterAttempt: attempt))
            }
        }
    }

    /// Errors that mean no connection was made, so the request was not delivered.
    private static func neverSent(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError, error == .connectTimeout { return true }
        let text = String(describing: error)
        return text.contains("connectionRefused") || text.contains("Connection refused")
    }

    private func path(_ actor: ActorAddress) -> String { "\(segment(actor.type))/\(segment(actor.id))" }

    /// One URL path segment: everything but unreserved characters is percent-encoded.
    private func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? text
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
