import ActorRuntime
import Foundation
import HTTPTypes
import Hummingbird
import TodoContracts

/// Who sent a request, for every authenticated HTTP surface (the REST API, `/mcp`, the chat
/// stream, the audit and notification APIs, `/ws`): a JWT access token, or a personal API
/// token (`todo_pat_…`) resolved through `APITokenActor`'s contract, then the per-user rate
/// limit. One per process, so a user's limit is shared by every surface it serves.
public struct RequestAuthenticator: Sendable {
    public let accessTokens: AccessTokenIssuer
    /// Where `APITokenActor` is called: the embedded host, or the sidecar.
    let actors: any ActorInvoker
    package let rateLimiter: RateLimiter
    package let apiTokenCache = APITokenCache()

    public init(accessTokens: AccessTokenIssuer, actors: any ActorInvoker, requestsPerSecond: Double = 50, burst: Double = 100) {
        self.accessTokens = accessTokens
        self.actors = actors
        self.rateLimiter = RateLimiter(perSecond: requestsPerSecond, burst: burst)
    }

    /// The user an `Authorization: Bearer …` header names, after the per-user rate limit;
    /// 401 or 429 problems otherwise.
    public func authenticate(authorization header: String?) async throws -> String {
        guard let token = AccessTokenIssuer.bearerToken(in: header) else {
            throw ActorProblem(status: 401, title: "Unauthorized", detail: "send Authorization: Bearer <token> (an access token from /auth/login or a personal API token)")
        }
        let userID = try await verify(token).userID
        try admit(userID)
        return userID
    }

    /// The user of a request's `Authorization` header (see `authenticate(authorization:)`).
    public func authenticatedUser(of request: Request) async throws -> String {
        try await authenticate(authorization: request.headers[.authorization])
    }

    /// The user of a token and when the token stops being valid (nil: a personal API token,
    /// valid until revoked), for sessions that outlive a request (a WebSocket is closed when
    /// its access token expires). 401 problems for a bad token; no rate limit.
    public func verify(_ token: String) async throws -> (userID: String, expiresAt: Date?) {
        if token.hasPrefix(PersonalAccessToken.prefix) {
            return (try await apiTokenUser(token), nil)
        }
        guard let verified = await accessTokens.verifyWithExpiry(token) else {
            throw ActorProblem(status: 401, title: "Unauthorized", detail: "the access token is invalid or expired; sign in again")
        }
        return (verified.userID, verified.expiresAt)
    }

    /// Counts one request of `userID`; a `RetryLater` (429, whole-second Retry-After) over the limit.
    public func admit(_ userID: String) throws {
        if let wait = rateLimiter.admit(userID) {
            let seconds = RateLimiter.retryAfterSeconds(wait)
            throw RetryLater(seconds: seconds, detail: "rate limit reached; retry in \(seconds) s")
        }
    }

    /// Forgets a revoked token at once (other processes forget it within the cache's 30 s).
    public func forgetAPIToken(digest: String) {
        apiTokenCache.forget(digest)
    }

    private func apiTokenUser(_ token: String) async throws -> String {
        let digest = PersonalAccessToken.digest(token)
        if let userID = apiTokenCache.userID(for: digest) { return userID }
        let resolved = try await ActorProxy<APITokenActorContract>(id: digest, invoker: actors).resolve()
        apiTokenCache.remember(digest, userID: resolved.userID)
        return resolved.userID
    }
}
