import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// `POST /chat/stream` (Server-Sent Events), `Idempotency-Key` on `POST /chat`, and the
/// authentication of `/mcp`, over HTTP on loopback.
@Suite struct ChatStreamTests {
    struct Event {
        var name: String
        var data: [String: Any]
    }

    /// Parses an SSE body: `event:` and `data:` lines, events separated by a blank line.
    static func events(_ text: String) -> [Event] {
        text.components(separatedBy: "\n\n").compactMap { block in
            var name = "message", data = ""
            for line in block.split(separator: "\n") {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data += line.dropFirst(6) }
            }
            guard !data.isEmpty else { return nil }
            let object = (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]
            return Event(name: name, data: object)
        }
    }

    @Test func streamsActionsTheReplyAndDone() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp(timeZone: "Asia/Tokyo")
            let reply = try await api.request(.post, "/chat/stream", token: token, json: ["message": "buy milk tomorrow and call mom on dec 12 2030 at 6:45am"])
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            let events = Self.events(reply.text)
            #expect(events.map(\.name) == ["action", "action", "reply", "done"], "\(reply.text)")
            #expect(events[0].data["kind"] as? String == "created")
            #expect(events[1].data["due"] as? String == "2030-12-12T06:45:00")
            let text = events[2].data["text"] as? String ?? ""
            #expect(text.contains("“call mom” — Thu 12 Dec 2030 at 06:45"), "\(text)")
            let done = events[3].data
            #expect(done["reply"] as? String == text)
            #expect((done["actions"] as? [[String: Any]])?.count == 2)
            let conversation = try #require(done["conversationId"] as? String)

            // The stream continues the same conversation as POST /chat does.
            let undo = try await api.request(.post, "/chat/stream", token: token, json: ["message": "undo", "conversationId": conversation])
            #expect(Self.events(undo.text).filter { $0.name == "action" }.map { $0.data["kind"] as? String } == ["deleted", "deleted"])
            #expect(try await api.list(token).isEmpty)
        }
    }

    @Test func errorsBeforeTheTurnAreProblems() async throws {
        try await GatewayHarness.make().run { api in
            let unauthenticated = try await api.request(.post, "/chat/stream", json: ["message": "hi"])
            #expect(unauthenticated.status == .unauthorized && unauthenticated.isProblem)
            let (token, _) = try await api.signUp()
            let blank = try await api.request(.post, "/chat/stream", token: token, json: ["message": "   "])
            #expect(blank.status == .unprocessableContent && blank.isProblem)
            let foreign = try await api.request(.post, "/chat/stream", token: token, json: ["message": "hi", "conversationId": "c_someone_else"])
            #expect(foreign.status == .notFound && foreign.isProblem)
        }
    }

    @Test func anIdempotencyKeyAnswersARetryWithoutActingTwice() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp()
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "retry-1"]
            let first = try await api.request(.post, "/chat", token: token, json: ["message": "pay rent tomorrow"], headers: key)
            let second = try await api.request(.post, "/chat", token: token, json: ["message": "pay rent tomorrow"], headers: key)
            #expect(first.status == .ok && second.status == .ok)
            #expect(first.json["conversationId"] as? String == second.json["conversationId"] as? String)
            #expect(first.json["reply"] as? String == second.json["reply"] as? String)
            #expect(ChatAPITests.actions(first).first?["taskId"] as? String == ChatAPITests.actions(second).first?["taskId"] as? String)
            #expect(try await api.list(token).count == 1, "the task was created once")

            // In an existing conversation too; a new key is a new message.
            let conversation = first.json["conversationId"] as? String ?? ""
            let done: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "retry-2"]
            for _ in 0..<2 {
                let reply = try await api.request(.post, "/chat", token: token, json: ["message": "mark pay rent done", "conversationId": conversation], headers: done)
                #expect(ChatAPITests.actions(reply).map { $0["kind"] as? String } == ["completed"])
            }
            let again = try await api.request(.post, "/chat", token: token, json: ["message": "pay rent tomorrow"], headers: [HTTPField.Name("Idempotency-Key")!: "retry-3"])
            #expect(ChatAPITests.actions(again).count == 1)
            #expect(try await api.list(token).count == 2)

            // Another user's same key is another conversation.
            let (other, _) = try await api.signUp()
            let theirs = try await api.request(.post, "/chat", token: other, json: ["message": "pay rent tomorrow"], headers: key)
            #expect(theirs.json["conversationId"] as? String != first.json["conversationId"] as? String)
            #expect(try await api.list(other).count == 1)
        }
    }

    @Test func mcpNeedsAToken() async throws {
        try await GatewayHarness.make().run { api in
            let body = #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#
            let headers: HTTPFields = [.contentType: "application/json", .accept: "application/json, text/event-stream"]
            let missing = try await api.client.execute(uri: "/mcp", method: .post, headers: headers, body: .init(string: body)) { $0 }
            #expect(missing.status == .unauthorized)
            #expect(missing.headers[.contentType] == "application/problem+json")

            let (token, _) = try await api.signUp()
            var authorized = headers
            authorized[.authorization] = "Bearer \(token)"
            let listed = try await api.client.execute(uri: "/mcp", method: .post, headers: authorized, body: .init(string: body)) { response in
                (response.status, (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:])
            }
            #expect(listed.0 == .ok)
            let tools = ((listed.1["result"] as? [String: Any])?["tools"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(tools.count == 7)

            // Served to any origin (behind a proxy, in a cluster), not only localhost: the
            // bearer token is the check.
            var proxied = authorized
            proxied[.origin] = "https://app.example.com"
            let remote = try await api.client.execute(uri: "/mcp", method: .post, headers: proxied, body: .init(string: body)) { $0.status }
            #expect(remote == .ok)
        }
    }
}
