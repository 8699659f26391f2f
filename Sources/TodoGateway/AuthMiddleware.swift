import ActorRuntime
import Foundation
import HTTPTypes
import OpenAPIRuntime
import TodoHTTP

/// Authenticates every operation but signup and login: a JWT access token, or a personal
/// API token (`todo_pat_…`). The user id goes into `RequestIdentity.userID` for the handler;
/// then the per-user rate limit applies.
struct AuthMiddleware: ServerMiddleware {
    let services: GatewayServices
    static let open: Set<String> = ["signup", "login"]

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        if Self.open.contains(operationID) {
            return try await ClientAddress.$current.withValue(request.headerFields[ClientAddress.header]) {
                try await next(request, body, metadata)
            }
        }
        let userID = try await services.authenticate(authorization: request.headerFields[.authorization])
        return try await RequestIdentity.$userID.withValue(userID) {
            try await next(request, body, metadata)
        }
    }
}

extension GatewayServices {
    /// The user an `Authorization: Bearer …` header names (an access token or a personal API
    /// token), after the per-user rate limit; 401 or 429 problems otherwise. Every
    /// authenticated surface — the REST API, `/mcp`, the chat stream — uses this.
    public func authenticate(authorization header: String?) async throws -> String {
        try await authenticator.authenticate(authorization: header)
    }
}
