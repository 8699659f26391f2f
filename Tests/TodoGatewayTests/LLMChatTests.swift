import Foundation
import HTTPTypes
import Testing
import TodoGateway

/// LLM mode: `POST /chat` against a scripted OpenAI-compatible server on loopback. The
/// model's tool calls run through the shared tool set, dates in words are resolved by the
/// engine, the reply confirms with weekdays, and an unreachable or failing model falls back
/// to the offline engine.
@Suite struct LLMChatTests {
    /// The day `days` after today in `zone` as "YYYY-MM-DD", and its weekday's name
    /// (Foundation's calendar, independent of the engine). "next <weekday>" is that day for 2
    /// to 7 days ahead; tomorrow's weekday is asked back, so tests never use it.
    static func ahead(_ days: Int, in zone: String) -> (date: String, weekday: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone)!
        let day = calendar.date(byAdding: .day, value: days, to: calendar.startOfDay(for: Date()))!
        let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
        let name = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"][parts.weekday! - 1]
        return (String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!), name)
    }

    @Test func toolCallsThenAFinalMessage() async throws {
        let (friday, weekday) = Self.ahead(3, in: "Europe/Berlin")
        let model = ScriptedModel([
            .toolCalls([("add_task", #"{"title": "Board deck", "due": "next \#(weekday) 5pm", "priority": "high"}"#)]),
            .text("I added the board deck."),
            .text("You have one open task: the board deck."),
        ])
        try await model.serve { baseURL in
            try await GatewayHarness.make(assistant: ScriptedModel.configuration(baseURL)).run { api in
                let (token, _) = try await api.signUp(timeZone: "Europe/Berlin")
                let reply = try await api.request(.post, "/chat", token: token, json: ["message": "board deck next \(weekday) at 5pm, it's important"])
                #expect(reply.status == .ok, "\(reply.text)")
                let actions = ChatAPITests.actions(reply)
                #expect(actions.count == 1)
                #expect(actions.first?["kind"] as? String == "created")
                #expect(actions.first?["due"] as? String == "\(friday)T17:00:00")
                let id = try #require(actions.first?["taskId"] as? String)
                let task = try await api.request(.get, "/tasks/\(id)", token: token).json
                #expect(task["due"] as? String == "\(friday)T17:00:00")
                #expect(task["priority"] as? String == "high")
                // The model's words, then the tool's confirmation with the weekday.
                let text = reply.json["reply"] as? String ?? ""
                #expect(text.hasPrefix("I added the board deck.\n\nAdded “Board deck” — \(ChatAPITests.spoken(friday + "T17:00"))"), "\(text)")

                // What the model was sent: the tool set, the system prompt, then the tool's result.
                #expect(model.requests.count == 2)
                #expect(model.requests[0]["model"] as? String == "test-model")
                #expect(model.authorizations.allSatisfy { $0 == "Bearer test-key" })
                let tools = (model.requests[0]["tools"] as? [[String: Any]] ?? []).compactMap { ($0["function"] as? [String: Any])?["name"] as? String }
                #expect(Set(tools) == ["add_task", "list_tasks", "complete_task", "update_task", "delete_task", "reopen_task", "snooze_task"])
                #expect(model.messages(0).map { $0["role"] as? String } == ["system", "user"])
                let toolMessage = try #require(model.messages(1).last)
                #expect(toolMessage["role"] as? String == "tool")
                #expect(toolMessage["tool_call_id"] as? String == "call_1_0")
                #expect((toolMessage["content"] as? String ?? "").contains("\"due\":\"\(friday)T17:00:00\""))

                // The conversation keeps the history: the next turn sends it to the model.
                let conversation = try #require(reply.json["conversationId"] as? String)
                let second = try await api.request(.post, "/chat", token: token, json: ["message": "what do I have?", "conversationId": conversation])
                #expect(second.status == .ok)
                #expect(second.json["reply"] as? String == "You have one open task: the board deck.")
                #expect(ChatAPITests.actions(second).isEmpty)
                #expect(model.messages(2).map { $0["role"] as? String } == ["system", "user", "assistant", "user"])
                #expect(model.messages(2)[2]["content"] as? String == text)
            }
        }
    }

    @Test func aFailedToolCallIsReportedToTheModel() async throws {
        let model = ScriptedModel([
            .toolCalls([("complete_task", #"{"taskId": "t_missing"}"#), ("add_task", "{not json")]),
            .text("I could not find that task."),
        ])
        try await model.serve { baseURL in
            try await GatewayHarness.make(assistant: ScriptedModel.configuration(baseURL)).run { api in
                let (token, _) = try await api.signUp()
                let reply = try await api.request(.post, "/chat", token: token, json: ["message": "mark the missing thing done"])
                #expect(reply.status == .ok)
                #expect(ChatAPITests.actions(reply).isEmpty)
                #expect(reply.json["reply"] as? String == "I could not find that task.")
                let results = model.messages(1).filter { $0["role"] as? String == "tool" }.compactMap { $0["content"] as? String }
                #expect(results.count == 2)
                #expect(results[0].contains("404") && results[0].contains("t_missing"), "\(results[0])")
                #expect(results[1].contains("must be a JSON object"), "\(results[1])")
            }
        }
    }

    @Test func argumentsSentAsAnObjectAreRead() async throws {
        let model = ScriptedModel([
            .objectArguments("add_task", #"{"title": "Renew passport", "due": "2031-01-15", "tags": ["admin"]}"#),
            .text("Noted."),
        ])
        try await model.serve { baseURL in
            try await GatewayHarness.make(assistant: ScriptedModel.configuration(baseURL)).run { api in
                let (token, _) = try await api.signUp()
                let reply = try await api.request(.post, "/chat", token: token, json: ["message": "renew my passport by jan 15 2031"])
                #expect(reply.json["reply"] as? String == "Noted.\n\nAdded “Renew passport” — Wed 15 Jan 2031, #admin.")
                #expect(model.requests[0]["temperature"] == nil)
                #expect(model.requests[0]["tool_choice"] as? String == "auto")
            }
        }
    }

    @Test func aFailingModelFallsBackToTheOfflineEngine() async throws {
        let model = ScriptedModel([.status(500), .status(503), .status(500)])
        try await model.serve { baseURL in
            try await GatewayHarness.make(assistant: ScriptedModel.configuration(baseURL, retries: 2)).run { api in
                let (token, _) = try await api.signUp(timeZone: "UTC")
                let reply = try await api.request(.post, "/chat", token: token, json: ["message": "dentist tomorrow at 3pm"])
                #expect(reply.status == .ok)
                // One attempt and two retries, then the offline engine answered.
                #expect(model.requests.count == 3)
                let text = reply.json["reply"] as? String ?? ""
                #expect(text.hasPrefix("The language model is unavailable (the model answered HTTP 500"), "\(text)")
                #expect(text.contains("so the offline engine answered: Added “dentist” — "), "\(text)")
                let actions = ChatAPITests.actions(reply)
                #expect(actions.count == 1)
                #expect((actions.first?["due"] as? String ?? "").hasSuffix("T15:00:00"))
                #expect(try await api.list(token).count == 1)
            }
        }
    }

    @Test func anUnreachableModelFallsBackToTheOfflineEngine() async throws {
        // Nothing listens on port 1: each connection is refused at once.
        let configuration = ScriptedModel.configuration("http://127.0.0.1:1/v1", retries: 1)
        try await GatewayHarness.make(assistant: configuration).run { api in
            let (token, _) = try await api.signUp()
            let started = ContinuousClock.now
            let reply = try await api.request(.post, "/chat", token: token, json: ["message": "water the plants tomorrow"])
            #expect(ContinuousClock.now - started < .seconds(5), "a refused connection falls back at once, not after the timeout")
            #expect(reply.status == .ok)
            let text = reply.json["reply"] as? String ?? ""
            #expect(text.hasPrefix("The language model is unavailable (the model could not be reached"), "\(text)")
            #expect(text.contains("Added “water the plants”"), "\(text)")
            #expect(ChatAPITests.actions(reply).count == 1)
        }
    }

    @Test func streamingSendsActionsAsTheToolsRun() async throws {
        let model = ScriptedModel([
            .toolCalls([("add_task", #"{"title": "Call mom", "due": "tomorrow 6pm"}"#)]),
            .text("Added."),
        ])
        try await model.serve { baseURL in
            try await GatewayHarness.make(assistant: ScriptedModel.configuration(baseURL)).run { api in
                let (token, _) = try await api.signUp()
                let reply = try await api.request(.post, "/chat/stream", token: token, json: ["message": "call mom tomorrow at 6pm"])
                #expect(reply.status == .ok)
                let events = ChatStreamTests.events(reply.text)
                #expect(events.map(\.name) == ["action", "reply", "done"])
                #expect(events[0].data["title"] as? String == "Call mom")
                #expect((events[1].data["text"] as? String ?? "").hasPrefix("Added.\n\nAdded “Call mom” — "))
            }
        }
    }
}
