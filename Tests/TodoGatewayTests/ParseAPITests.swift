import Foundation
import HTTPTypes
import Testing

/// `POST /parse`: quick add's dry run — what the chat's add would create, in its words, with
/// the understood words as UTF-16 spans, and nothing created.
@Suite struct ParseAPITests {
    /// The stretch of `text` a span names, cut by UTF-16 offsets as a browser cuts it.
    static func slice(_ text: String, _ span: [String: Any]) -> String {
        let units = Array(text.utf16)
        let start = span["start"] as? Int ?? 0, end = span["end"] as? Int ?? 0
        guard 0 <= start, start <= end, end <= units.count else { return "<out of range \(start)..<\(end)>" }
        return String(decoding: units[start..<end], as: UTF16.self)
    }

    static func spans(_ reply: Reply, _ text: String) -> [(kind: String, text: String)] {
        (reply.json["spans"] as? [[String: Any]] ?? []).map { ($0["kind"] as? String ?? "", slice(text, $0)) }
    }

    @Test func readsARecurringTaggedTaskAndCreatesNothing() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp(timeZone: "Europe/Berlin")
            let text = "pay rent on the 1st of every month at 9am #home p2"
            let reply = try await api.request(.post, "/parse", token: token, json: ["text": text])
            #expect(reply.status == .ok)
            #expect(reply.json["chatIntent"] as? String == "add")
            let tasks = reply.json["tasks"] as? [[String: Any]] ?? []
            let task = try #require(tasks.first)
            #expect(tasks.count == 1)
            #expect(task["title"] as? String == "pay rent")
            #expect(task["priority"] as? String == "high")
            #expect(task["tags"] as? [String] == ["home"])
            let recurrence = try #require(task["recurrence"] as? [String: Any])
            #expect((recurrence["rrule"] as? String)?.contains("BYMONTHDAY=1") == true)
            #expect((task["due"] as? String)?.hasSuffix("T09:00:00") == true)
            #expect(task["recurrenceText"] as? String == "every month on the 1st")
            let spans = Self.spans(reply, text)
            #expect(spans.contains { $0.kind == "tag" && $0.text == "#home" })
            #expect(spans.contains { $0.kind == "priority" && $0.text == "p2" })
            #expect(spans.contains { $0.kind == "time" && $0.text.contains("9am") })
            #expect(spans.contains { $0.kind == "recurrence" && $0.text.contains("every month") })
            // The title's words are not highlighted.
            #expect(!spans.contains { $0.text.contains("rent") })
            let ordered = (reply.json["spans"] as? [[String: Any]] ?? []).compactMap { $0["start"] as? Int }
            #expect(ordered == ordered.sorted())
            #expect(try await api.list(token).isEmpty)
        }
    }

    @Test func offsetsCountUTF16CodeUnits() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp(timeZone: "Asia/Karachi")
            // An emoji is two UTF-16 units (four UTF-8 bytes), the Urdu letters one each.
            let text = "🎉 امی call mom tomorrow at 5pm #family urgent"
            let reply = try await api.request(.post, "/parse", token: token, json: ["text": text])
            #expect(reply.status == .ok)
            let spans = Self.spans(reply, text)
            #expect(spans.contains { $0.kind == "tag" && $0.text == "#family" })
            #expect(spans.contains { $0.kind == "priority" && $0.text == "urgent" })
            #expect(spans.contains { $0.kind == "date" && $0.text == "tomorrow" })
            #expect(spans.contains { $0.kind == "time" && $0.text == "at 5pm" })
            let reminder = "remind me 30 minutes before"
            let withReminder = try await api.request(.post, "/parse", token: token, json: ["text": "call mom tomorrow at 5pm, \(reminder)"])
            let reminderSpans = Self.spans(withReminder, "call mom tomorrow at 5pm, \(reminder)")
            #expect(reminderSpans.contains { $0.kind == "reminder" && $0.text.contains("30 minutes before") })
            let task = try #require((withReminder.json["tasks"] as? [[String: Any]])?.first)
            #expect((task["reminders"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test func thePreviewIsTheChatsOwnWording() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp(timeZone: "America/New_York")
            let text = "water the plants every friday at 6pm #home"
            let parsed = try await api.request(.post, "/parse", token: token, json: ["text": text])
            let words = try #require((parsed.json["tasks"] as? [[String: Any]])?.first?["words"] as? String)
            #expect(parsed.json["preview"] as? String == "Will add \(words).")
            #expect(words.hasPrefix("“water the plants” — "))
            let chat = try await api.request(.post, "/chat", token: token, json: ["message": text])
            #expect(chat.json["reply"] as? String == "Added \(words).")
        }
    }

    @Test func readsAsAnAddWhatTheChatWouldReadOtherwise() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp()
            // The chat would move a task called "dentist"; quick add adds one.
            let reply = try await api.request(.post, "/parse", token: token, json: ["text": "move the dentist to friday"])
            #expect(reply.status == .ok)
            #expect(reply.json["chatIntent"] as? String == "update")
            let task = try #require((reply.json["tasks"] as? [[String: Any]])?.first)
            #expect((task["title"] as? String)?.contains("dentist") == true)
            #expect(task["due"] != nil)
        }
    }

    @Test func limitsAndAuthentication() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp()
            let anonymous = try await api.request(.post, "/parse", json: ["text": "call mom"])
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.isProblem)
            for text in ["", "   ", String(repeating: "a", count: 2_001)] {
                let reply = try await api.request(.post, "/parse", token: token, json: ["text": text])
                #expect(reply.status == .unprocessableContent)
                #expect(reply.isProblem)
                #expect(reply.detail.contains("text: must be 1 to 2000 characters"))
            }
            let long = String(repeating: "tomorrow ", count: 222)
            let reply = try await api.request(.post, "/parse", token: token, json: ["text": long])
            #expect(reply.status == .ok)
            let unknown = try await api.request(.post, "/parse", token: token, json: ["text": "x", "extra": 1])
            #expect(unknown.status == .badRequest)
        }
    }
}
