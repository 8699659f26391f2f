import ActorRuntime
import Foundation
import HTTPTypes
import OpenAPIRuntime

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
        guard let token = AccessTokenIssuer.bearerToken(in: header) else {
            throw ActorProblem(status: 401, title: "Unauthorized", detail: "send Authorization: Bearer <token> (an access token from /auth/login or a personal API token)")
        }
        let userID = try await user(forToken: token)
        if let wait = rateLimiter.admit(userID) {
            throw ActorProblem(status: 429, title: "Too Many Requests", detail: String(format: "rate limit reached; retry in %.1f s", wait))
        }
        return userID
    }

    private func user(forToken token: String) async throws -> String {
        if token.hasPrefix(PersonalAccessToken.prefix) {
            let digest = PersonalAccessToken.digest(token)
            if let userID = apiTokenCache.userID(for: digest) { return userID }
            do {
                let resolved = try await apiToken(digest).resolve()
                apiTokenCache.remember(digest, userID: resolved.userID)
                return resolved.userID
            } catch let problem as ActorProblem where problem.status == 401 {
                throw problem
            }
        }
        guard let userID = await accessTokens.verify(token) else {
            throw ActorProblem(status: 401, title: "Unauthorized", detail: "the access token is invalid or expired; sign in again")
        }
        return userID
    }
}
