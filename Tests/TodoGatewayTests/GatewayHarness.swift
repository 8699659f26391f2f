import ActorRuntime
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TodoActors
import TodoGateway
import TodoHTTP

/// The gateway, the tasks actors and recurring-task-service on an embedded host with in-memory state, served by a
/// real Hummingbird server on loopback (`.live`), the way `todo serve` wires them.
struct GatewayHarness {
    let host: EmbeddedActorHost
    let services: GatewayServices

    static func make(requestsPerSecond: Double = 10_000, assistant: LLMConfiguration? = nil) async throws -> GatewayHarness {
        let host = EmbeddedActorHost(configuration: .init(appID: "todo-test"), store: MemoryStateStore())
        TasksServiceActors.register(on: host)
        RecurringTaskService.register(on: host)
        for subscription in RecurringTaskService.subscriptions(actors: host) { host.bus.subscribe(subscription) }
        try await host.start()
        // A cheap password hash keeps the tests fast; production uses logN 15.
        var services = GatewayServices(
            actors: host, passwords: PasswordHasher(logN: 10),
            accessTokens: await AccessTokenIssuer(secret: Array("a-test-secret-that-is-32-bytes-long!".utf8)),
            requestsPerSecond: requestsPerSecond, burst: requestsPerSecond
        )
        services.assistant = assistant
        return GatewayHarness(host: host, services: services)
    }

    func run(_ body: @Sendable (APIClient) async throws -> Void) async throws {
        let router = Router()
        try Gateway.addRoutes(to: router, services: services)
        let app = Application(router: router)
        try await app.test(.live) { client in
            try await body(APIClient(client: client))
        }
        await host.shutdown()
    }
}

/// A JSON reply: status, headers, and the body parsed (nil when empty).
struct Reply: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: Data

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
    }
    var array: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: body)) as? [[String: Any]] ?? []
    }
    var text: String { String(decoding: body, as: UTF8.self) }
    var isProblem: Bool { headers[.contentType] == "application/problem+json" }
    var detail: String { json["detail"] as? String ?? "" }
}

struct APIClient: Sendable {
    let client: any TestClientProtocol

    func request(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: Any? = nil, raw: String? = nil, headers extra: HTTPFields = [:]) async throws -> Reply {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        } else if let raw {
            if headers[.contentType] == nil { headers[.contentType] = "application/json" }
            body = ByteBuffer(string: raw)
        }
        return try await client.execute(uri: "/api/v1" + path, method: method, headers: headers, body: body) { response in
            Reply(status: response.status, headers: response.headers, body: Data(response.body.readableBytesView))
        }
    }

    /// Signs up a fresh user and returns its access token and id.
    func signUp(_ email: String = "user-\(UUID().uuidString.prefix(8))@example.com", timeZone: String? = nil) async throws -> (token: String, userID: String) {
        var body: [String: Any] = ["email": email, "password": "correct horse battery"]
        if let timeZone { body["timeZone"] = timeZone }
        let reply = try await request(.post, "/auth/signup", json: body)
        guard reply.status == .created, let token = reply.json["token"] as? String, let user = reply.json["user"] as? [String: Any], let id = user["id"] as? String else {
            throw HarnessError("signup failed: \(reply.status) \(reply.text)")
        }
        return (token, id)
    }

    func createTask(_ token: String, _ fields: [String: Any]) async throws -> [String: Any] {
        let reply = try await request(.post, "/tasks", token: token, json: fields)
        guard reply.status == .created else { throw HarnessError("create failed: \(reply.status) \(reply.text)") }
        return reply.json
    }

    func list(_ token: String, _ query: String = "") async throws -> [[String: Any]] {
        let reply = try await request(.get, "/tasks" + query, token: token)
        guard reply.status == .ok else { throw HarnessError("list failed: \(reply.status) \(reply.text)") }
        return reply.json["items"] as? [[String: Any]] ?? []
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension String {
    /// Percent-encodes a query value.
    var queryEncoded: String {
        addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? self
    }
}
