import ActorRuntime
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TodoActors
import TodoContracts
import TodoHTTP
import TodoNotify

/// The notification API over real HTTP (a loopback server) accepts what the gateway accepts:
/// personal API tokens resolved through APITokenActor's contract, and the per-user rate limit
/// with a whole-second Retry-After.
@Suite struct NotificationAuthTests {
    struct Reply {
        var status: HTTPResponse.Status
        var retryAfter: String?
        var contentType: String?
        var detail: String?
    }

    /// A notification-service on the real HTTP server, a personal API token of the world's user.
    func withAPI(requestsPerSecond: Double, burst: Double, _ body: @escaping @Sendable (_ token: String, _ get: @escaping @Sendable (String?) async throws -> Reply) async throws -> Void) async throws {
        let world = try await NotifyWorld.make(clock: SystemWallClock(), retry: RetryPolicy(maxAttempts: 1, initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(10)))
        let token = PersonalAccessToken.generate()
        _ = try await world.host.proxy(APITokenActor.self, PersonalAccessToken.digest(token)).issue(APIToken(id: "tok-1", userID: world.userID, name: "script", createdAt: Date()))
        let authenticator = RequestAuthenticator(accessTokens: await AccessTokenIssuer(secret: Array(repeating: 9, count: 32)), actors: world.host, requestsPerSecond: requestsPerSecond, burst: burst)
        let router = Router()
        world.service.addRoutes(to: router, authenticator: authenticator)
        do {
            try await Application(router: router).test(.live) { client in
                try await body(token) { bearer in
                    var headers: HTTPFields = [:]
                    if let bearer { headers[.authorization] = "Bearer \(bearer)" }
                    return try await client.execute(uri: NotificationService.apiPath + "/preferences", method: .get, headers: headers) { response in
                        let problem = try? JSONDecoder().decode(ActorProblem.self, from: Data(response.body.readableBytesView))
                        return Reply(status: response.status, retryAfter: response.headers[.retryAfter], contentType: response.headers[.contentType], detail: problem?.detail)
                    }
                }
            }
        } catch {
            await world.close()
            throw error
        }
        await world.close()
    }

    @Test func aPersonalAPITokenIsAcceptedAndABadOneRefused() async throws {
        try await withAPI(requestsPerSecond: 100, burst: 100) { token, get in
            let accepted = try await get(token)
            #expect(accepted.status == .ok)
            let refused = try await get(PersonalAccessToken.prefix + "not-a-token-anyone-issued")
            #expect(refused.status == .unauthorized)
            #expect(refused.contentType == "application/problem+json")
            #expect(refused.detail == "unknown or revoked API token")
            let missing = try await get(nil)
            #expect(missing.status == .unauthorized)
            #expect(missing.detail?.contains("personal API token") == true)
        }
    }

    @Test func overThePerUserLimitIs429WithAWholeSecondRetryAfter() async throws {
        // Two requests at once, then one every ten seconds: the third waits up to 10 s (ten,
        // not two: on a loaded machine three requests can take longer than two seconds).
        try await withAPI(requestsPerSecond: 0.1, burst: 2) { token, get in
            #expect(try await get(token).status == .ok)
            #expect(try await get(token).status == .ok)
            let limited = try await get(token)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.contentType == "application/problem+json")
            let seconds = try #require(limited.retryAfter.flatMap(Int.init))
            print("429 after the burst: Retry-After \(seconds), detail '\(limited.detail ?? "")'")
            #expect((1...10).contains(seconds))
            #expect(limited.detail == "rate limit reached; retry in \(seconds) s")
        }
    }

    @Test func aWaitUnderOneSecondIsStatedAsOneSecond() async throws {
        // One per second, one at once: any refusal waits under a second, which once read
        // "retry in 0.4 s" (and "0.0 s" at the default 50/s). Requests follow each other
        // until two land within a second (at once, unless the machine is very busy).
        try await withAPI(requestsPerSecond: 1, burst: 1) { token, get in
            var limited: Reply?
            for _ in 0..<20 where limited == nil {
                let reply = try await get(token)
                if reply.status == .tooManyRequests { limited = reply } else { #expect(reply.status == .ok) }
            }
            let refused = try #require(limited)
            #expect(refused.retryAfter == "1")
            #expect(refused.detail == "rate limit reached; retry in 1 s")
        }
    }
}
