import Foundation
import HTTPTypes
import Testing

/// `POST /chat` over HTTP: each intent acts on the caller's tasks as the REST API shows them,
/// confirmations and undo belong to a conversation, and conversations are private.
@Suite struct ChatAPITests {
    /// The weekday and date as the reply writes them, computed with Foundation's calendar
    /// (independently of the chat's own day arithmetic).
    static func spoken(_ local: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = local.split(whereSeparator: { "-T:".contains($0) }).compactMap { Int($0) }
        let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))!
        let weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][calendar.component(.weekday, from: date) - 1]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][parts[1] - 1]
        var text = "\(weekday) \(parts[2]) \(month) \(parts[0])"
        if parts.count >= 5 { text += String(format: " at %02d:%02d", parts[3], parts[4]) }
        return text
    }

    static func actions(_ reply: Reply) -> [[String: Any]] {
        reply.json["actions"] as? [[String: Any]] ?? []
    }

    @Test func addsARecurringTaskWithAReminder() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp(timeZone: "Europe/Berlin")
            let reply = try await api.request(.post, "/chat", token: token, json: ["message": "pay rent on the 1st of every month at 9am, remind me a day before"])
            #expect(reply.status == .ok)
            let actions = Self.actions(reply)
            #expect(actions.count == 1)
            #expect(actions.first?["kind"] as? String == "created")
            let id = try #require(actions.first?["taskId"] as? String)
            #expect(reply.json["conversationId"] as? String != nil)
            #expect(reply.json["clarification"] == nil)

            let task = try await api.request(.get, "/tasks/\(id)", token: token).json
            #expect(task["title"] as? String == "pay rent")
            let due = try #require(task["due"] as? String)
            #expect(due.hasSuffix("-01T09:00:00"), "the 1st at 09:00 wall-clock, got \(due)")
            let recurrence = task["recurrence"] as? [String: Any]
            #expect(recurrence?["rrule"] as? String == "FREQ=MONTHLY;BYMONTHDAY=1")
            #expect(recurrence?["anchor"] as? String == "schedule")
            let reminders = task["reminders"] as? [[String: Any]] ?? []
            #expect(reminders.count == 1)
            #expect(reminders.first?["at"] != nil, "the engine's reminder is an absolute instant")

            let text = reply.json["reply"] as? String ?? ""
            #expect(text.hasPrefix("Added “pay rent” — \(Self.spoken(due))"), "\(text)")
            #expect(text.contains("every month on the 1st"))
            // The reminder is a day before at 09:00, with its weekday (and the year only when
            // it differs from the due's).
            let dayBefore = Self.previousDay(String(due.prefix(10)))
            var reminder = Self.spoken(dayBefore)
            if dayBefore.prefix(4) == due.prefix(4) { reminder = reminder.split(separator: " ").prefix(3).joined(separator: " ") }
            #expect(text.hasSuffix("reminder \(reminder) at 09:00."), "\(text)")
        }
    }

    static func previousDay(_ day: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = day.split(separator: "-").compactMap { Int($0) }
        let date = calendar.date(byAdding: .day, value: -1, to: calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))!)!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    @Test func addsEveryTaskOfAMessage() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp(timeZone: "America/New_York")
            let reply = try await api.request(.post, "/chat", token: token, json: ["message": "buy milk tomorrow and call mom on dec 12 2030 at 6:45am"])
            #expect(reply.status == .ok)
            let actions = Self.actions(reply)
            #expect(actions.map { $0["title"] as? String } == ["buy milk", "call mom"])
            #expect(actions.allSatisfy { $0["kind"] as? String == "created" })
            #expect(actions.last?["due"] as? String == "2030-12-12T06:45:00")
            let text = reply.json["reply"] as? String ?? ""
            #expect(text.contains("“call mom” — Thu 12 Dec 2030 at 06:45"), "\(text)")
            let titles = try await api.list(token).compactMap { $0["title"] as? String }
            #expect(Set(titles) == ["buy milk", "call mom"])
        }
    }

    @Test func completesTheTaskItNames() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp()
            let rent = try await api.createTask(token, ["title": "Pay rent"])
            let milk = try await api.createTask(token, ["title": "Buy milk"])
            let reply = try await api.request(.post, "/chat", token: token, json: ["message": "mark pay rent done"])
            #expect(reply.status == .ok)
            #expect(Self.actions(reply).map { $0["kind"] as? String } == ["completed"])
            #expect(Self.actions(reply).first?["taskId"] as? String == rent["id"] as? String)
            #expect((reply.json["reply"] as? String)?.contains("“Pay rent”") == true)
            let rentNow = try await api.request(.get, "/tasks/\(rent["id"] as? String ?? "")", token: token).json
            #expect(rentNow["status"] as? String == "completed")
            let milkNow = try await api.request(.get, "/tasks/\(milk["id"] as? String ?? "")", token: token).json
            #expect(milkNow["status"] as? String == "open")

            let missing = try await api.request(.post, "/chat", token: token, json: ["message": "mark the tax return done"])
            #expect(Self.actions(missing).isEmpty)
            #expect((missing.json["reply"] as? String)?.contains("couldn't find") == true)
        }
    }

    @Test func anAmbiguousTargetIsAskedBack() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp()
            _ = try await api.createTask(token, ["title": "Call mom"])
            _ = try await api.createTask(token, ["title": "Call the bank"])
            let reply = try await api.request(.post, "/chat", token: token, json: ["message": "mark call done"])
            #expect(reply.status == .ok)
            #expect(Self.actions(reply).isEmpty)
            let question = try #require(reply.json["clarification"] as? String)
            #expect(question.contains("“Call mom”") && question.contains("“Call the bank”"), "\(question)")
            let open = try await api.list(token, "?filter=open")
            #expect(open.count == 2, "nothing was completed")
        }
    }

    @Test func updatesByShiftingTheDue() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp(timeZone: "Europe/Berlin")
            let deck = try await api.createTask(token, ["title": "Board deck", "due": "2030-03-28T10:00"])
            let id = try #require(deck["id"] as? String)
            let reply = try await api.request(.post, "/chat", token: token, json: ["message": "push the board deck by two days"])
            #expect(reply.status == .ok)
            #expect(Self.actions(reply).map { $0["kind"] as? String } == ["updated"])
            #expect(Self.actions(reply).first?["due"] as? String == "2030-03-30T10:00:00")
            #expect((reply.json["reply"] as? String)?.contains("Sat 30 Mar 2030 at 10:00") == true, "\(reply.text)")
            let task = try await api.request(.get, "/tasks/\(id)", token: token).json
            #expect(task["due"] as? String == "2030-03-30T10:00:00")

            let priority = try await api.request(.post, "/chat", token: token, json: ["message": "change board deck priority to high", "conversationId": reply.json["conversationId"] as? String ?? ""])
            #expect(Self.actions(priority).map { $0["kind"] as? String } == ["updated"])
            let after = try await api.request(.get, "/tasks/\(id)", token: token).json
            #expect(after["priority"] as? String == "high")
        }
    }

    @Test func listsWhatIsOverdue() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp()
            _ = try await api.createTask(token, ["title": "File taxes", "due": "2020-01-06"])
            _ = try await api.createTask(token, ["title": "Renew passport", "due": "2020-02-03T08:30"])
            _ = try await api.createTask(token, ["title": "Plan the trip", "due": "2099-01-01"])
            let reply = try await api.request(.post, "/chat", token: token, json: ["message": "what's overdue?"])
            #expect(reply.status == .ok)
            #expect(Self.actions(reply).isEmpty)
            let text = reply.json["reply"] as? String ?? ""
            #expect(text.contains("1. “File taxes” — Mon 6 Jan 2020"), "\(text)")
            #expect(text.contains("2. “Renew passport” — Mon 3 Feb 2020 at 08:30"), "\(text)")
            #expect(!text.contains("Plan the trip"))
        }
    }

    @Test func bulkDeleteAsksFirstAndRunsOnYes() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp()
            for title in ["Post letter", "Buy stamps", "Pick up parcel"] {
                _ = try await api.createTask(token, ["title": title, "tags": ["errand"]])
            }
            _ = try await api.createTask(token, ["title": "Write report"])

            let ask = try await api.request(.post, "/chat", token: token, json: ["message": "delete everything tagged errand"])
            #expect(ask.status == .ok)
            #expect(Self.actions(ask).isEmpty)
            let question = try #require(ask.json["clarification"] as? String)
            #expect(question.hasPrefix("This deletes 3 tasks:"), "\(question)")
            #expect(question.hasSuffix("Reply yes to confirm."))
            #expect(try await api.list(token).count == 4, "nothing is deleted before the confirmation")
            let conversation = try #require(ask.json["conversationId"] as? String)

            // "no" cancels; a later "yes" has nothing to confirm.
            let no = try await api.request(.post, "/chat", token: token, json: ["message": "no", "conversationId": conversation])
            #expect(Self.actions(no).isEmpty)
            let lateYes = try await api.request(.post, "/chat", token: token, json: ["message": "yes", "conversationId": conversation])
            #expect(Self.actions(lateYes).isEmpty)
            #expect(try await api.list(token).count == 4)

            _ = try await api.request(.post, "/chat", token: token, json: ["message": "delete everything tagged errand", "conversationId": conversation])
            // Confirming in another conversation does nothing: the question belongs to this one.
            let elsewhere = try await api.request(.post, "/chat", token: token, json: ["message": "yes"])
            #expect(Self.actions(elsewhere).isEmpty)
            let yes = try await api.request(.post, "/chat", token: token, json: ["message": "Yes!", "conversationId": conversation])
            #expect(yes.status == .ok)
            #expect(Self.actions(yes).count == 3)
            #expect(Self.actions(yes).allSatisfy { $0["kind"] as? String == "deleted" })
            let left = try await api.list(token).compactMap { $0["title"] as? String }
            #expect(left == ["Write report"])

            // Undo brings the three back.
            let undo = try await api.request(.post, "/chat", token: token, json: ["message": "undo", "conversationId": conversation])
            #expect(Self.actions(undo).count == 3)
            #expect(try await api.list(token).count == 4)
        }
    }

    @Test func bulkUpdateKeepsEachTimeOfDayAndUndoesTogether() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp()
            let standup = try await api.createTask(token, ["title": "Standup notes", "tags": ["work"], "due": "2030-12-02T09:30"])
            let review = try await api.createTask(token, ["title": "Code review", "tags": ["work"]])
            let done = try await api.createTask(token, ["title": "Old ticket", "tags": ["work"], "due": "2030-11-01"])
            _ = try await api.request(.post, "/tasks/\(done["id"] as? String ?? "")/complete", token: token)

            let ask = try await api.request(.post, "/chat", token: token, json: ["message": "move all #work tasks to dec 4 2030"])
            let conversation = try #require(ask.json["conversationId"] as? String)
            let question = try #require(ask.json["clarification"] as? String)
            #expect(question.hasPrefix("This changes 2 tasks:"), "completed tasks are left out: \(question)")
            let yes = try await api.request(.post, "/chat", token: token, json: ["message": "yes", "conversationId": conversation])
            let dues = Dictionary(uniqueKeysWithValues: Self.actions(yes).map { ($0["taskId"] as? String ?? "", $0["due"] as? String ?? "") })
            #expect(dues == [standup["id"] as? String ?? "": "2030-12-04T09:30:00", review["id"] as? String ?? "": "2030-12-04"])
            #expect((yes.json["reply"] as? String)?.contains("Wed 4 Dec 2030 at 09:30") == true, "\(yes.text)")

            _ = try await api.request(.post, "/chat", token: token, json: ["message": "undo", "conversationId": conversation])
            let standupNow = try await api.request(.get, "/tasks/\(standup["id"] as? String ?? "")", token: token).json
            #expect(standupNow["due"] as? String == "2030-12-02T09:30:00")
            let reviewNow = try await api.request(.get, "/tasks/\(review["id"] as? String ?? "")", token: token).json
            #expect(reviewNow["due"] == nil, "the due it did not have is cleared again")
        }
    }

    @Test func undoRevertsTheLastActionOnce() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp()
            let added = try await api.request(.post, "/chat", token: token, json: ["message": "water the plants on dec 1 2030 at 8am"])
            let conversation = try #require(added.json["conversationId"] as? String)
            let id = try #require(Self.actions(added).first?["taskId"] as? String)
            #expect(try await api.list(token).count == 1)

            let undo = try await api.request(.post, "/chat", token: token, json: ["message": "undo", "conversationId": conversation])
            #expect(Self.actions(undo).map { $0["kind"] as? String } == ["deleted"])
            #expect(Self.actions(undo).first?["taskId"] as? String == id)
            #expect(try await api.request(.get, "/tasks/\(id)", token: token).status == .notFound)

            let again = try await api.request(.post, "/chat", token: token, json: ["message": "undo", "conversationId": conversation])
            #expect(Self.actions(again).isEmpty)
            #expect((again.json["reply"] as? String)?.contains("nothing to undo") == true)

            // An update is undone by putting the previous fields back.
            let task = try await api.createTask(token, ["title": "Dentist", "due": "2030-05-14T11:00", "tags": ["health"]])
            let taskID = try #require(task["id"] as? String)
            let moved = try await api.request(.post, "/chat", token: token, json: ["message": "move the dentist to 6pm", "conversationId": conversation])
            #expect(Self.actions(moved).first?["due"] as? String == "2030-05-14T18:00:00")
            _ = try await api.request(.post, "/chat", token: token, json: ["message": "undo", "conversationId": conversation])
            let restored = try await api.request(.get, "/tasks/\(taskID)", token: token).json
            #expect(restored["due"] as? String == "2030-05-14T11:00:00")
            #expect(restored["tags"] as? [String] == ["health"])

            // A completion is undone by reopening.
            _ = try await api.request(.post, "/chat", token: token, json: ["message": "mark dentist done", "conversationId": conversation])
            #expect(try await api.request(.get, "/tasks/\(taskID)", token: token).json["status"] as? String == "completed")
            _ = try await api.request(.post, "/chat", token: token, json: ["message": "undo", "conversationId": conversation])
            #expect(try await api.request(.get, "/tasks/\(taskID)", token: token).json["status"] as? String == "open")
        }
    }

    @Test func undoingARecurringCompletionTakesBackTheNextOccurrence() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp()
            let added = try await api.request(.post, "/chat", token: token, json: ["message": "gym every monday at 7am"])
            let conversation = try #require(added.json["conversationId"] as? String)
            #expect((added.json["reply"] as? String)?.contains("every week on Mon") == true, "\(added.text)")
            let done = try await api.request(.post, "/chat", token: token, json: ["message": "mark gym done", "conversationId": conversation])
            #expect((done.json["reply"] as? String)?.contains("The next one is due Mon ") == true, "\(done.text)")
            #expect(try await api.list(token, "?filter=open").count == 1, "the next occurrence is open")
            #expect(try await api.list(token).count == 2)

            let undo = try await api.request(.post, "/chat", token: token, json: ["message": "undo", "conversationId": conversation])
            #expect(Self.actions(undo).map { $0["kind"] as? String } == ["reopened", "deleted"])
            let left = try await api.list(token)
            #expect(left.count == 1)
            #expect(left.first?["id"] as? String == Self.actions(added).first?["taskId"] as? String)
            #expect(left.first?["status"] as? String == "open")
        }
    }

    @Test func conversationsArePrivate() async throws {
        try await GatewayHarness.make().run { api in
            let (ann, _) = try await api.signUp()
            let (bob, _) = try await api.signUp()
            let started = try await api.request(.post, "/chat", token: ann, json: ["message": "buy bread tomorrow"])
            let conversation = try #require(started.json["conversationId"] as? String)

            let intruder = try await api.request(.post, "/chat", token: bob, json: ["message": "undo", "conversationId": conversation])
            #expect(intruder.status == .notFound)
            #expect(intruder.isProblem)
            #expect(try await api.list(ann).count == 1, "bob's undo did not reach ann's task")

            let unknown = try await api.request(.post, "/chat", token: bob, json: ["message": "hello", "conversationId": "c_made_up"])
            #expect(unknown.status == .notFound)
            #expect(unknown.isProblem)

            // Targets resolve among the caller's own tasks only.
            let other = try await api.request(.post, "/chat", token: bob, json: ["message": "mark buy bread done"])
            #expect(Self.actions(other).isEmpty)
            #expect(try await api.list(ann, "?filter=open").count == 1)
        }
    }

    @Test func badInputIsProblemDetails() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp()
            let empty = try await api.request(.post, "/chat", token: token, json: ["message": "   "])
            #expect(empty.status == .unprocessableContent)
            #expect(empty.isProblem)
            #expect(empty.detail.contains("message"))
            let long = try await api.request(.post, "/chat", token: token, json: ["message": String(repeating: "a", count: 2_001)])
            #expect(long.status == .unprocessableContent)
            #expect(long.isProblem)
            let extra = try await api.request(.post, "/chat", token: token, json: ["message": "hi", "model": "gpt"])
            #expect(extra.status == .badRequest)
            #expect(extra.isProblem)
            #expect(extra.detail.contains("model"))
            let missing = try await api.request(.post, "/chat", token: token, json: ["conversationId": "c_x"])
            #expect(missing.status == .badRequest)
            #expect(missing.isProblem)
            let notJSON = try await api.request(.post, "/chat", token: token, raw: "{message")
            #expect(notJSON.status == .badRequest)
            #expect(notJSON.isProblem)
            let anonymous = try await api.request(.post, "/chat", json: ["message": "hi"])
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.isProblem)
        }
    }

    @Test func helpAndUnknownExplainWithoutActing() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp()
            let help = try await api.request(.post, "/chat", token: token, json: ["message": "help"])
            #expect(Self.actions(help).isEmpty)
            #expect((help.json["reply"] as? String)?.contains("what's overdue?") == true)
            let unknown = try await api.request(.post, "/chat", token: token, json: ["message": "what's the weather like in Paris?"])
            #expect(Self.actions(unknown).isEmpty)
            #expect((unknown.json["reply"] as? String)?.hasPrefix("Sorry, I didn't understand") == true)
            // The same message gives the same reply: nothing random.
            let again = try await api.request(.post, "/chat", token: token, json: ["message": "help"])
            #expect(again.json["reply"] as? String == help.json["reply"] as? String)
            #expect(try await api.list(token).isEmpty)
        }
    }
}
