import Foundation
import HTTPTypes
import Testing

/// No user ever sees or changes another's task, by any path: a task that is not yours does
/// not exist (404), bulk operations do not match it, actor invocation cannot reach it.
@Suite struct IsolationTests {
    @Test func userBCannotTouchUserAsTaskByAnyPath() async throws {
        try await GatewayHarness.make().run { api in
            let (alice, aliceID) = try await api.signUp()
            let (bob, bobID) = try await api.signUp()
            let task = try await api.createTask(alice, ["title": "Alice's secret", "tags": ["private"]])
            let id = try #require(task["id"] as? String)

            // REST
            let attempts: [(HTTPRequest.Method, String, [String: Any]?)] = [
                (.get, "/tasks/\(id)", nil),
                (.patch, "/tasks/\(id)", ["title": "mine now"]),
                (.delete, "/tasks/\(id)", nil),
                (.post, "/tasks/\(id)/complete", nil),
                (.post, "/tasks/\(id)/reopen", nil),
            ]
            for (method, path, body) in attempts {
                let reply = try await api.request(method, path, token: bob, json: body)
                #expect(reply.status == .notFound, "\(method) \(path)")
                #expect(!reply.text.contains("Alice"))
            }
            // Creating with a colliding id is impossible (ids are the server's), and an
            // Idempotency-Key is scoped to its user.
            #expect(try await api.list(bob).isEmpty)
            #expect(try await api.list(bob, "?q=secret").isEmpty)
            let tags = try await api.request(.get, "/tags", token: bob)
            #expect(tags.array.isEmpty)

            // Bulk: by ids and by a filter that would match Alice's task.
            for action in ["delete", "complete", "addTag"] {
                var body: [String: Any] = ["action": action, "ids": [id]]
                if action == "addTag" { body["tag"] = "stolen" }
                let byIDs = try await api.request(.post, "/tasks:bulk", token: bob, json: body)
                #expect(byIDs.status == .ok)
                #expect(byIDs.json["matched"] as? Int == 0)
            }
            let byFilter = try await api.request(.post, "/tasks:bulk", token: bob, json: ["action": "delete", "filter": "#private | open"])
            #expect(byFilter.json["matched"] as? Int == 0)

            // Actor invocation through the gateway.
            for method in ["get", "update", "complete", "reopen", "delete"] {
                let body: [String: Any] = method == "update" ? ["patch": ["title": "x"]] : [:]
                let reply = try await api.request(.post, "/actors/TaskActor/\(id)/method/\(method)", token: bob, json: body)
                #expect(reply.status == .notFound, "TaskActor.\(method)")
            }
            // Even naming Alice as the caller in the body does not work: the gateway overwrites it.
            let spoof = try await api.request(.post, "/actors/TaskActor/\(id)/method/get", token: bob, json: ["userID": aliceID])
            #expect(spoof.status == .notFound)
            for method in ["profile", "listTasks", "tags"] {
                let reply = try await api.request(.post, "/actors/UserActor/\(aliceID)/method/\(method)", token: bob, json: [:])
                #expect(reply.status == .notFound, "UserActor.\(method)")
            }
            // Internal methods are not on the allow-list at all.
            for (type, actorID, method) in [("UserActor", bobID, "indexTask"), ("UserActor", bobID, "unindexTask"), ("AccountActor", "x@example.com", "credentials"), ("TaskActor", id, "create")] {
                let reply = try await api.request(.post, "/actors/\(type)/\(actorID)/method/\(method)", token: bob, json: [:])
                #expect(reply.status == .notFound, "\(type).\(method)")
                #expect(reply.detail.contains("not available"))
            }

            // Alice's task is untouched.
            let mine = try await api.request(.get, "/tasks/\(id)", token: alice)
            #expect(mine.json["title"] as? String == "Alice's secret")
            #expect(mine.json["version"] as? Int == 1)
            #expect(mine.json["status"] as? String == "open")
        }
    }

    @Test func actorInvocationWorksOnOnesOwnActors() async throws {
        try await GatewayHarness.make().run { api in
            let (token, userID) = try await api.signUp()
            let id = try #require(try await api.createTask(token, ["title": "Via the actor"])["id"] as? String)
            let got = try await api.request(.post, "/actors/TaskActor/\(id)/method/get", token: token, json: [:])
            #expect(got.status == .ok)
            #expect(got.json["title"] as? String == "Via the actor")
            let done = try await api.request(.post, "/actors/TaskActor/\(id)/method/complete", token: token, json: [:])
            #expect(done.json["status"] as? String == "completed")
            let page = try await api.request(.post, "/actors/UserActor/\(userID)/method/listTasks", token: token, json: ["filter": "completed"])
            #expect((page.json["items"] as? [[String: Any]])?.count == 1)
            let badBody = try await api.request(.post, "/actors/TaskActor/\(id)/method/update", token: token, json: ["patch": ["priority": 7]])
            #expect(badBody.status == .badRequest)
            #expect(badBody.detail.contains("priority"))
        }
    }
}
