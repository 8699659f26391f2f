import ActorRuntime
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import TodoAudit
import TodoEvents
import TodoHTTP

/// `GET /api/v1/audit` through Hummingbird: Bearer JWTs from the gateway's issuer, owner
/// scoping, filters, cursors, and problem details for every mistake.
@Suite struct AuditRouteTests {
    static func issuer() async -> AccessTokenIssuer {
        await AccessTokenIssuer(secret: Array("an-audit-test-secret-of-32-bytes!!".utf8))
    }

    /// Alice's t-1 (created, updated, completed) and t-2 (created last week, completed last
    /// week, reopened this week); Bob's t-3.
    static let seed: [AuditRecord] = [
        AuditFixtures.record(.created, id: "a-01", taskID: "t-2", at: AuditFixtures.at(days: -8)),
        AuditFixtures.record(.completed, id: "a-02", taskID: "t-2", version: 2, at: AuditFixtures.at(days: -3)),
        AuditFixtures.record(.created, id: "a-03", taskID: "t-1", at: AuditFixtures.at(days: -2)),
        AuditFixtures.record(.updated, id: "a-04", taskID: "t-1", version: 2, at: AuditFixtures.at(days: -1)),
        AuditFixtures.record(.reopened, id: "a-05", taskID: "t-2", version: 3, at: AuditFixtures.at(days: 0)),
        AuditFixtures.record(.completed, id: "a-06", taskID: "t-1", version: 3, at: AuditFixtures.at(days: 0, seconds: 30)),
        AuditFixtures.record(.created, id: "b-01", taskID: "t-3", owner: "bob", at: AuditFixtures.at(days: -3)),
        AuditFixtures.record(.completed, id: "b-02", taskID: "t-3", owner: "bob", version: 2, at: AuditFixtures.at(days: -2)),
    ]

    struct Reply {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }
        var ids: [String] { items.compactMap { $0["id"] as? String } }
        var nextCursor: String? { json["nextCursor"] as? String }
        var isProblem: Bool { headers[.contentType] == "application/problem+json" }
        var detail: String { json["detail"] as? String ?? "" }
    }

    /// Calls the API as one of the seeded users (or with a raw token, or none).
    struct API: Sendable {
        let client: any TestClientProtocol
        let tokens: [String: String]

        func get(_ query: String, as user: String) async throws -> Reply {
            try await get(query, token: tokens[user])
        }

        func get(_ query: String, token: String?) async throws -> Reply {
            var headers: HTTPFields = [:]
            if let token { headers[.authorization] = "Bearer \(token)" }
            return try await client.execute(uri: AuditService.apiPath + query, method: .get, headers: headers) { response in
                Reply(status: response.status, headers: response.headers, body: Data(response.body.readableBytesView))
            }
        }
    }

    /// The seeded, running service (or one not yet started) behind a router.
    static func withAPI(running: Bool = true, _ body: @escaping @Sendable (API) async throws -> Void) async throws {
        let issuer = await issuer()
        var tokens: [String: String] = [:]
        for user in ["alice", "bob"] { tokens[user] = try await issuer.issue(userID: user).token }
        let frozenTokens = tokens
        @Sendable func serve(_ service: AuditService) async throws {
            let router = Router()
            // JWTs only here: no actor is called, so the host that would resolve API tokens stays empty.
            service.addRoutes(to: router, authenticator: RequestAuthenticator(accessTokens: issuer, actors: EmbeddedActorHost(store: MemoryStateStore())))
            try await Application(router: router).test(.router) { client in
                try await body(API(client: client, tokens: frozenTokens))
            }
        }
        if running {
            try await AuditHarness.withRunning { (harness: AuditHarness) async throws in
                try await harness.store.append(seed.shuffled())
                try await serve(harness.service)
            }
        } else {
            let directory = try TemporaryDirectory()
            let store = try SQLiteAuditStore(path: directory.path("audit.sqlite"))
            try await serve(AuditService(store: store))
            try await store.close()
        }
    }

    @Test func requestsWithoutAValidTokenAreRefused() async throws {
        let stranger = try await AccessTokenIssuer(secret: Array("another-secret-another-secret-32b".utf8)).issue(userID: "alice").token
        try await Self.withAPI { (api: API) async throws in
            for token in [nil, "not-a-jwt", stranger] {
                let reply = try await api.get("", token: token)
                #expect(reply.status == .unauthorized)
                #expect(reply.isProblem)
                #expect(reply.json["status"] as? Int == 401)
            }
        }
    }

    @Test func eachOwnerSeesOnlyTheirOwnHistoryOldestFirst() async throws {
        try await Self.withAPI { (api: API) async throws in
            let alice = try await api.get("", as: "alice")
            #expect(alice.status == .ok)
            #expect(alice.ids == ["a-01", "a-02", "a-03", "a-04", "a-05", "a-06"])
            #expect(alice.json["nextCursor"] is NSNull)
            #expect(alice.headers[.cacheControl] == "private, no-store")

            #expect(try await api.get("", as: "bob").ids == ["b-01", "b-02"])
            // Bob asking about Alice's task learns nothing, not even that it exists.
            let probing = try await api.get("?taskId=t-1", as: "bob")
            #expect(probing.status == .ok)
            #expect(probing.ids.isEmpty)
        }
    }

    @Test func whatHappenedToThisTask() async throws {
        try await Self.withAPI { (api: API) async throws in
            let reply = try await api.get("?taskId=t-1", as: "alice")
            #expect(reply.ids == ["a-03", "a-04", "a-06"])
            #expect(reply.items.map { $0["type"] as? String } == ["created", "updated", "completed"])
            let last = try #require(reply.items.last)
            #expect(last["taskId"] as? String == "t-1")
            #expect(last["userId"] as? String == "alice")
            #expect(last["occurredAt"] as? String == "2026-05-04T09:00:30Z")
            #expect(last["version"] as? Int == 3)
            #expect(last["title"] as? String == "Write the report")
            #expect(last["status"] as? String == "completed")
            // The task as it was after the change, embedded as JSON.
            let task = try #require(last["task"] as? [String: Any])
            #expect(task["id"] as? String == "t-1")
            #expect(task["status"] as? String == "completed")
        }
    }

    @Test func whatDidICompleteLastWeek() async throws {
        try await Self.withAPI { (api: API) async throws in
            let lastWeek = "?type=completed&since=2026-04-27T00:00:00Z&until=2026-05-04T00:00:00Z"
            #expect(try await api.get(lastWeek, as: "alice").ids == ["a-02"])
            // Offsets are honoured; a bare date is its midnight UTC.
            #expect(try await api.get("?type=completed&since=2026-04-27T02:00:00%2B02:00&until=2026-05-04", as: "alice").ids == ["a-02"])
            #expect(try await api.get("?type=completed,reopened&since=2026-05-01", as: "alice").ids == ["a-02", "a-05", "a-06"])
            #expect(try await api.get("?type=completed&type=created&taskId=t-2", as: "alice").ids == ["a-01", "a-02"])
        }
    }

    @Test func cursorsWalkEveryPageOnce() async throws {
        try await Self.withAPI { (api: API) async throws in
            var ids: [String] = []
            var query = "?limit=4"
            var pages = 0
            while pages < 10 {
                let reply = try await api.get(query, as: "alice")
                #expect(reply.status == .ok)
                #expect(reply.items.count <= 4)
                ids += reply.ids
                pages += 1
                guard let cursor = reply.nextCursor else { break }
                query = "?limit=4&cursor=\(cursor)"
            }
            #expect(pages == 2)
            #expect(ids == ["a-01", "a-02", "a-03", "a-04", "a-05", "a-06"])
        }
    }

    @Test(arguments: [
        ("?limit=0", "limit"), ("?limit=501", "limit"), ("?limit=ten", "limit"),
        ("?since=yesterday", "since"), ("?until=2026-05-04T09:00:00", "until"),
        ("?since=2026-05-04T00:00:00Z&until=2026-05-01T00:00:00Z", "after until"),
        ("?cursor=bogus", "cursor"), ("?type=archived", "archived"), ("?task_id=t-1", "task_id"),
        ("?taskId=", "taskId"),
    ])
    func badInputIsAProblem(_ query: String, _ mentioned: String) async throws {
        try await Self.withAPI { (api: API) async throws in
            let reply = try await api.get(query, as: "alice")
            #expect(reply.status == .badRequest, "\(query)")
            #expect(reply.isProblem)
            #expect(reply.detail.contains(mentioned), "\(reply.detail)")
        }
    }

    @Test func aServiceStillStartingAnswers503() async throws {
        try await Self.withAPI(running: false) { (api: API) async throws in
            let reply = try await api.get("", as: "alice")
            #expect(reply.status == .serviceUnavailable)
            #expect(reply.isProblem)
        }
    }
}
