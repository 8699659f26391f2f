import ActorRuntime
import Crypto
import Foundation
import Hummingbird
import Logging
import Metrics
import TodoGateway
import TodoHTTP
import TodoObservability

/// The HTTP routes every service answers: `/healthz` (alive), `/readyz` (ready to serve),
/// `/metrics` (Prometheus text, `todo_*` and `process_*`; never on 9090, which the Dapr
/// sidecar uses).
enum HTTPSurface {
    static func addOperationalRoutes(to router: Router<BasicRequestContext>, service: @escaping @Sendable (String) -> String, ready: @escaping @Sendable () -> Bool) {
        // A server span per request (continuing an incoming W3C traceparent, as daprd sends)
        // and RED metrics by route template, for every route added after them. Tokens in
        // query strings (the websocket's ?token=) never reach a span.
        router.add(middleware: TracingMiddleware(redactingQueryParameters: ["token", "access_token"]))
        router.add(middleware: HTTPMetricsMiddleware(service: service))
        router.get("/healthz") { _, _ in HTTPResponse.Status.ok }
        router.get("/readyz") { _, _ -> Response in
            ready() ? Response(status: .ok) : Response(status: .serviceUnavailable)
        }
        router.get("/metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: Observability.exposition())))
        }
    }

    /// Under `todo serve` one router serves every service: a route's service is read from
    /// its path prefix (the gateway's otherwise).
    static func embeddedService(ofRoute route: String) -> String {
        if route.hasPrefix("/api/v1/audit") { return "audit-service" }
        if route.hasPrefix("/api/v1/notifications") { return "notification-service" }
        if route.hasPrefix("/ws") { return "websocket-service" }
        if ["/", "/**", "/assets/**", "/sw.js", "/manifest.webmanifest"].contains(route) { return "frontend" }
        return "api-gateway"
    }

    /// The JWT signing secret: `TODO_JWT_SECRET`, else a random one kept in the data
    /// directory (so sessions survive restarts of `todo serve`).
    static func jwtSecret(dataDirectory: String?) throws -> [UInt8] {
        if let secret = ProcessInfo.processInfo.environment["TODO_JWT_SECRET"], !secret.isEmpty {
            guard secret.utf8.count >= 32 else {
                throw GatewaySetupError("TODO_JWT_SECRET must be at least 32 bytes")
            }
            return Array(secret.utf8)
        }
        guard let dataDirectory else {
            throw GatewaySetupError("set TODO_JWT_SECRET (at least 32 bytes): every gateway replica must sign tokens with the same secret")
        }
        let path = (dataDirectory as NSString).appendingPathComponent("jwt-secret")
        if let existing = FileManager.default.contents(atPath: path), existing.count >= 32 { return Array(existing) }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let secret = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        guard FileManager.default.createFile(atPath: path, contents: Data(secret), attributes: [.posixPermissions: 0o600]) else {
            throw GatewaySetupError("cannot write \(path)")
        }
        return secret
    }

    /// The issuer and verifier of access tokens, shared by the gateway and every service
    /// that authenticates requests.
    static func accessTokens(dataDirectory: String?) async throws -> AccessTokenIssuer {
        await AccessTokenIssuer(secret: try jwtSecret(dataDirectory: dataDirectory))
    }

    /// An issuer with a random secret for a service that verifies no tokens.
    static func unusedAccessTokens() async -> AccessTokenIssuer {
        await AccessTokenIssuer(secret: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    /// Tokens and the per-user rate limit (`TODO_RATE_LIMIT` requests per second, bursts of
    /// twice that) for every authenticated surface of this process.
    static func authenticator(accessTokens: AccessTokenIssuer, actors: any ActorInvoker) -> RequestAuthenticator {
        let perSecond = ProcessInfo.processInfo.environment["TODO_RATE_LIMIT"].flatMap(Double.init) ?? 50
        return RequestAuthenticator(accessTokens: accessTokens, actors: actors, requestsPerSecond: perSecond, burst: perSecond * 2)
    }

    static func gatewayServices(actors: any ActorInvoker, authenticator: RequestAuthenticator, logger: Logger) throws -> GatewayServices {
        let environment = ProcessInfo.processInfo.environment
        let logN = environment["TODO_SCRYPT_LOG_N"].flatMap(Int.init) ?? 15
        var services = GatewayServices(actors: actors, passwords: PasswordHasher(logN: logN), authenticator: authenticator, logger: logger)
        // LLM mode when TODO_LLM_BASE_URL, TODO_LLM_API_KEY and TODO_LLM_MODEL are set.
        services.assistant = try LLMConfiguration.from(environment: environment)
        if let assistant = services.assistant {
            logger.info("chat uses a language model", metadata: ["model": "\(assistant.model)", "url": "\(assistant.completionsURL)"])
        }
        return services
    }
}

struct GatewaySetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
