import ActorRuntime
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TodoActors

/// Every task endpoint, its success and its error paths, over HTTP.
@Suite struct TaskAPITests {
    @Test func signupLoginAndProfile() async throws {
        try await GatewayHarness.make().run { api in
            let signup = try await api.request(.post, "/auth/signup", json: ["email": "Ann@Example.com", "password": "correct horse battery", "timeZone": "Europe/Berlin"])
            #expect(signup.status == .created)
            #expect((signup.json["user"] as? [String: Any])?["email"] as? String == "ann@example.com")
            #expect((signup.json["user"] as? [String: Any])?["timeZone"] as? String == "Europe/Berlin")

            let again = try await api.request(.post, "/auth/signup", json: ["email": "ann@example.com", "password": "another password"])
            #expect(again.status == .conflict)
            #expect(again.isProblem)

            let login = try await api.request(.post, "/auth/login", json: ["email": "ANN@example.com", "password": "correct horse battery"])
            #expect(login.status == .ok)
            let token = try #require(login.json["token"] as? String)

            let wrong = try await api.request(.post, "/auth/login", json: ["email": "ann@example.com", "password": "wrong password!"])
            #expect(wrong.status == .unauthorized)
            let unknown = try await api.request(.post, "/auth/login", json: ["email": "nobody@example.com", "password": "wrong password!"])
            #expect(unknown.status == .unauthorized)
            #expect(unknown.detail == wrong.detail, "the reply does not tell which addresses exist")

            let me = try await api.request(.get, "/me", token: token)
            #expect(me.status == .ok)
            #expect(me.json["email"] as? String == "ann@example.com")
            let renamed = try await api.request(.patch, "/me", token: token, json: ["displayName": "Ann", "timeZone": "America/New_York"])
            #expect(renamed.json["displayName"] as? String == "Ann")
            #expect(renamed.json["timeZone"] as? String == "America/New_York")
            let badZone = try await api.request(.patch, "/me", token: token, json: ["timeZone": "Mars/Olympus"])
            #expect(badZone.status == .unprocessableContent)
            #expect(badZone.detail.contains("Mars/Olympus"))
        }
    }

    @Test func signupRejectsBadInputPrecisely() async throws {
        try await GatewayHarness.make().run { api in
            let short = try await api.request(.post, "/auth/signup", json: ["email": "a@example.com", "password": "short"])
            #expect([.badRequest, .unprocessableContent].contains(short.status))
            #expect(short.detail.contains("password"))
            let email = try await api.request(.post, "/auth/signup", json: ["email": "not-an-address", "password": "long enough password"])
            #expect([.badRequest, .unprocessableContent].contains(email.status))
            #expect(email.detail.contains("e-mail") || email.detail.contains("email"))
            let extra = try await api.request(.post, "/auth/signup", json: ["email": "b@example.com", "password": "long enough password", "admin": true])
            #expect(extra.status == .badRequest)
            #expect(extra.detail.contains("admin"))
            let notJSON = try await api.request(.post, "/auth/signup", raw: "{email")
            #expect(notJSON.status == .badRequest)
            #expect(notJSON.isProblem)
        }
    }

    @Test func everyTaskOperationRequiresAToken() async throws {
        try await GatewayHarness.make().run { api in
            for (method, path) in [(HTTPRequest.Method.get, "/tasks"), (.post, "/tasks"), (.get, "/tasks/t_x"), (.delete, "/tasks/t_x"), (.get, "/tags"), (.get, "/me")] {
                let reply = try await api.request(method, path, json: method == .post ? ["title": "x"] : nil)
                #expect(reply.status == .unauthorized, "\(method) \(path)")
                #expect(reply.isProblem)
            }
            let forged = try await api.request(.get, "/tasks", token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad")
            #expect(forged.status == .unauthorized)
            #expect(forged.detail.contains("invalid or expired"))
        }
    }

    @Test func createGetUpdateCompleteReopenDelete() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp()
            let created = try await api.request(.post, "/tasks", token: token, json: [
                "title": "  Pay rent ", "notes": "to the landlord", "priority": "p1", "tags": ["Home", " bills ", "home"],
                "due": "2026-12-01T09:00", "timeZone": "Europe/Berlin",
            ])
            #expect(created.status == .created)
            let task = created.json
            let id = try #require(task["id"] as? String)
            #expect(id.count >= 20, "ids are unguessable")
            #expect(task["title"] as? String == "Pay rent")
            #expect(task["priority"] as? String == "urgent")
            #expect(task["tags"] as? [String] == ["home", "bills"])
            #expect(task["due"] as? String == "2026-12-01T09:00:00")
            #expect(task["version"] as? Int == 1)
            #expect(created.headers[.eTag] == "\"1\"")

            let fetched = try await api.request(.get, "/tasks/\(id)", token: token)
            #expect(fetched.status == .ok)
            #expect(fetched.json["notes"] as? String == "to the landlord")

            // A partial update keeps every field it does not name.
            let patched = try await api.request(.patch, "/tasks/\(id)", token: token, json: ["title": "Pay December rent"], headers: [.ifMatch: "\"1\""])
            #expect(patched.status == .ok)
            #expect(patched.json["title"] as? String == "Pay December rent")
            #expect(patched.json["notes"] as? String == "to the landlord")
            #expect(patched.json["tags"] as? [String] == ["home", "bills"])
            #expect(patched.json["due"] as? String == "2026-12-01T09:00:00")
            #expect(patched.json["version"] as? Int == 2)

            // A stale version is refused.
            let stale = try await api.request(.patch, "/tasks/\(id)", token: token, json: ["title": "Lost update"], headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .preconditionFailed)
            #expect(stale.detail.contains("version 2"))

            // Clearing a field.
            let cleared = try await api.request(.patch, "/tasks/\(id)", token: token, json: ["clear": ["due", "timeZone"]])
            #expect(cleared.json["due"] == nil)
            #expect(cleared.json["timeZone"] == nil)

            let completed = try await api.request(.post, "/tasks/\(id)/complete", token: token)
            #expect(completed.status == .ok)
            #expect(completed.json["status"] as? String == "completed")
            #expect(completed.json["completedAt"] is String)
            let reopened = try await api.request(.post, "/tasks/\(id)/reopen", token: token)
            #expect(reopened.json["status"] as? String == "open")
            #expect(reopened.json["completedAt"] == nil)

            let future = try await api.request(.post, "/tasks/\(id)/complete", token: token, json: ["completedAt": "2999-01-01T00:00:00Z"])
            #expect(future.status == .unprocessableContent)
            let backdated = try await api.request(.post, "/tasks/\(id)/complete", token: token, json: ["completedAt": "2026-11-20T08:00:00Z"])
            #expect(backdated.json["completedAt"] as? String == "2026-11-20T08:00:00Z")

            let deleted = try await api.request(.delete, "/tasks/\(id)", token: token)
            #expect(deleted.status == .noContent)
            let gone = try await api.request(.get, "/tasks/\(id)", token: token)
            #expect(gone.status == .notFound)
            #expect(gone.isProblem)
            #expect(try await api.list(token).isEmpty)
        }
    }

    @Test func invalidTasksAreRefusedWithTheFieldNamed() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp()
            let cases: [([String: Any], HTTPResponse.Status, String)] = [
                (["title": "   "], .unprocessableContent, "title"),
                (["title": String(repeating: "x", count: 501)], .unprocessableContent, "title"),
                (["title": "ok", "notes": String(repeating: "n", count: 10_001)], .unprocessableContent, "notes"),
                (["title": "ok", "tags": (0..<31).map { "t\($0)" }], .unprocessableContent, "tags"),
                (["title": "ok", "tags": [String(repeating: "t", count: 65)]], .unprocessableContent, "tag"),
                (["title": "ok", "due": "2026-02-30"], .unprocessableContent, "due"),
                (["title": "ok", "due": "tomorrow"], .unprocessableContent, "due"),
                (["title": "ok", "timeZone": "Europe/Atlantis"], .unprocessableContent, "Europe/Atlantis"),
                (["title": "ok", "priority": "extreme"], .badRequest, "priority"),
                (["title": "ok", "colour": "red"], .badRequest, "colour"),
                (["notes": "no title"], .badRequest, "title"),
            ]
            for (body, status, mention) in cases {
                let reply = try await api.request(.post, "/tasks", token: token, json: body)
                #expect(reply.status == status, "\(body.keys.sorted()) → \(reply.status) \(reply.text)")
                #expect(reply.isProblem)
                #expect(reply.detail.contains(mention), "'\(reply.detail)' mentions \(mention)")
            }
            #expect(try await api.list(token).isEmpty, "nothing was created")
            let wrongType = try await api.request(.post, "/tasks", token: token, raw: "title=x", headers: [.contentType: "text/plain"])
            #expect([.badRequest, .unsupportedMediaType].contains(wrongType.status))
            let huge = try await api.request(.post, "/tasks", token: token, raw: "{\"title\":\"" + String(repeating: "x", count: 1_100_000) + "\"}")
            #expect(huge.status == .contentTooLarge)
        }
    }

    @Test func anIdempotencyKeyNeverCreatesTwice() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp()
            let first = try await api.request(.post, "/tasks", token: token, json: ["title": "Buy milk"], headers: [.idempotencyKey: "k-123"])
            let retry = try await api.request(.post, "/tasks", token: token, json: ["title": "Buy milk"], headers: [.idempotencyKey: "k-123"])
            #expect(first.status == .created)
            #expect([.created, .ok].contains(retry.status))
            #expect(first.json["id"] as? String == retry.json["id"] as? String)
            #expect(try await api.list(token).count == 1)
            let reused = try await api.request(.post, "/tasks", token: token, json: ["title": "Something else"], headers: [.idempotencyKey: "k-123"])
            #expect(reused.status == .unprocessableContent)
            #expect(reused.detail.contains("Idempotency-Key"))

            // The same key from another user is another task.
            let (other, _) = try await api.signUp()
            let theirs = try await api.request(.post, "/tasks", token: other, json: ["title": "Buy milk"], headers: [.idempotencyKey: "k-123"])
            #expect(theirs.status == .created)
            #expect(theirs.json["id"] as? String != first.json["id"] as? String)

            // PATCH: a retried patch with its key is applied once (If-Match does not fail the retry).
            let id = try #require(first.json["id"] as? String)
            let patch = try await api.request(.patch, "/tasks/\(id)", token: token, json: ["title": "Buy oat milk"], headers: [.idempotencyKey: "p-1", .ifMatch: "\"1\""])
            let patchRetry = try await api.request(.patch, "/tasks/\(id)", token: token, json: ["title": "Buy oat milk"], headers: [.idempotencyKey: "p-1", .ifMatch: "\"1\""])
            #expect(patch.status == .ok)
            #expect(patchRetry.status == .ok)
            #expect(patchRetry.json["version"] as? Int == 2)
        }
    }

    @Test func listFiltersSortsAndPagesStably() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp(timeZone: "UTC")
            let today = ISO8601DateFormatter.string(from: Date(), timeZone: .gmt, formatOptions: [.withFullDate])
            let yesterday = ISO8601DateFormatter.string(from: Date().addingTimeInterval(-86_400), timeZone: .gmt, formatOptions: [.withFullDate])
            _ = try await api.createTask(token, ["title": "Pay rent", "priority": "urgent", "tags": ["home"], "due": today])
            _ = try await api.createTask(token, ["title": "Write report", "priority": "high", "tags": ["work"], "due": yesterday])
            _ = try await api.createTask(token, ["title": "Call mom", "tags": ["home", "family"]])
            _ = try await api.createTask(token, ["title": "Gym", "priority": "low", "due": "2099-01-02T18:30", "recurrence": ["rrule": "FREQ=WEEKLY;BYDAY=TU,FR"]])

            func titles(_ query: String) async throws -> [String] {
                try await api.list(token, query).compactMap { $0["title"] as? String }
            }
            #expect(try await titles("?filter=today") == ["Pay rent"])
            #expect(try await titles("?filter=overdue") == ["Write report"])
            #expect(try await titles("?filter=" + "#home & p1".queryEncoded) == ["Pay rent"])
            #expect(try await titles("?filter=" + "no date".queryEncoded) == ["Call mom"])
            #expect(try await titles("?filter=recurring") == ["Gym"])
            #expect(try await Set(titles("?filter=" + "!(#home | #work)".queryEncoded)) == ["Gym"])
            #expect(try await titles("?q=REPORT") == ["Write report"])
            #expect(try await titles("?filter=" + "search: mom".queryEncoded) == ["Call mom"])
            #expect(try await titles("?sort=priority:desc") == ["Pay rent", "Write report", "Gym", "Call mom"])
            #expect(try await titles("?sort=title") == ["Call mom", "Gym", "Pay rent", "Write report"])
            #expect(try await titles("?sort=-title") == ["Write report", "Pay rent", "Gym", "Call mom"])

            let bad = try await api.request(.get, "/tasks?filter=" + "p1 & (#home".queryEncoded, token: token)
            #expect(bad.status == .badRequest)
            #expect(bad.detail.contains("missing ')'"))
            let typo = try await api.request(.get, "/tasks?filter=overdu", token: token)
            #expect(typo.detail.contains("did you mean 'overdue'"))
            let badSort = try await api.request(.get, "/tasks?sort=colour", token: token)
            #expect(badSort.status == .badRequest)
            let badLimit = try await api.request(.get, "/tasks?limit=0", token: token)
            #expect([.badRequest, .unprocessableContent].contains(badLimit.status))
            let badCursor = try await api.request(.get, "/tasks?cursor=garbage", token: token)
            #expect(badCursor.status == .badRequest)

            // Pages of 1 walk every task exactly once, in the same order as one big page.
            let all = try await titles("?sort=title")
            var walked: [String] = []
            var cursor: String?
            repeat {
                let reply = try await api.request(.get, "/tasks?sort=title&limit=1" + (cursor.map { "&cursor=" + $0.queryEncoded } ?? ""), token: token)
                walked += (reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
                cursor = reply.json["nextCursor"] as? String
            } while cursor != nil && walked.count < 10
            #expect(walked == all)

            let tags = try await api.request(.get, "/tags", token: token)
            #expect(tags.array.first?["tag"] as? String == "home")
            #expect(tags.array.first?["count"] as? Int == 2)
        }
    }

    @Test func bulkActionsByIdsAndByFilterWithDryRun() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp()
            var ids: [String] = []
            for index in 0..<6 {
                ids.append(try await api.createTask(token, ["title": "Task \(index)", "tags": index < 4 ? ["batch"] : []])["id"] as! String)
            }
            let dry = try await api.request(.post, "/tasks:bulk", token: token, json: ["action": "complete", "filter": "#batch", "dryRun": true])
            #expect(dry.status == .ok)
            #expect(dry.json["matched"] as? Int == 4)
            #expect(dry.json["changed"] as? Int == 0)
            #expect(try await api.list(token, "?filter=completed").isEmpty)

            let done = try await api.request(.post, "/tasks:bulk", token: token, json: ["action": "complete", "filter": "#batch"])
            #expect(done.json["changed"] as? Int == 4)
            #expect(try await api.list(token, "?filter=completed").count == 4)

            let tagged = try await api.request(.post, "/tasks:bulk", token: token, json: ["action": "addTag", "tag": "Later", "ids": [ids[4], ids[5]]])
            #expect(tagged.json["changed"] as? Int == 2)
            #expect(try await api.list(token, "?filter=%23later").count == 2)

            let priority = try await api.request(.post, "/tasks:bulk", token: token, json: ["action": "setPriority", "priority": "p2", "ids": [ids[0]]])
            #expect(priority.json["changed"] as? Int == 1)

            let removed = try await api.request(.post, "/tasks:bulk", token: token, json: ["action": "delete", "filter": "completed"])
            #expect(removed.json["changed"] as? Int == 4)
            #expect(try await api.list(token).count == 2)

            let both = try await api.request(.post, "/tasks:bulk", token: token, json: ["action": "delete", "filter": "open", "ids": [ids[4]]])
            #expect(both.status == .unprocessableContent)
            let missingTag = try await api.request(.post, "/tasks:bulk", token: token, json: ["action": "addTag", "ids": [ids[4]]])
            #expect(missingTag.status == .unprocessableContent)
            #expect(missingTag.detail.contains("tag"))
        }
    }

    @Test func personalAPITokensAuthenticateUntilRevoked() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp()
            let created = try await api.request(.post, "/auth/tokens", token: token, json: ["name": "backup script"])
            #expect(created.status == .created)
            let secret = try #require(created.json["token"] as? String)
            let id = try #require(created.json["id"] as? String)
            #expect(secret.hasPrefix("todo_pat_"))

            _ = try await api.createTask(secret, ["title": "Made by a script"])
            #expect(try await api.list(token).count == 1)

            let listed = try await api.request(.get, "/auth/tokens", token: token)
            #expect(listed.array.count == 1)
            #expect(listed.array.first?["token"] == nil, "the secret is shown only once")

            let revoked = try await api.request(.delete, "/auth/tokens/\(id)", token: token)
            #expect(revoked.status == .noContent)
            let refused = try await api.request(.get, "/tasks", token: secret)
            #expect(refused.status == .unauthorized)
            let unknown = try await api.request(.get, "/tasks", token: "todo_pat_doesnotexist")
            #expect(unknown.status == .unauthorized)
        }
    }

    @Test func theRateLimitAnswers429WithRetryAfter() async throws {
        try await GatewayHarness.make(requestsPerSecond: 5).run { api in
            let (token, _) = try await api.signUp()
            var limited: Reply?
            for _ in 0..<20 {
                let reply = try await api.request(.get, "/tasks", token: token)
                if reply.status == .tooManyRequests { limited = reply; break }
            }
            let reply = try #require(limited)
            #expect(reply.isProblem)
            #expect(reply.headers[.retryAfter] != nil)
            // Another user has a budget of their own.
            let (other, _) = try await api.signUp()
            #expect(try await api.request(.get, "/tasks", token: other).status == .ok)
        }
    }

    @Test func snoozeArmsADurableReminder() async throws {
        let harness = try await GatewayHarness.make()
        try await harness.run { api in
            let (token, userID) = try await api.signUp()
            let id = try #require(try await api.createTask(token, ["title": "Water plants", "reminders": [["minutesBefore": 30]], "due": "2099-01-01T10:00"])["id"] as? String)
            let snoozed = try await api.request(.post, "/tasks/\(id)/snooze", token: token, json: ["minutes": 15])
            #expect(snoozed.status == .ok)
            let pending = try await harness.host.proxy(TaskActor.self, id).pendingReminders(.init(userID: userID))
            #expect(Set(pending.keys) == ["notify/before-30m", "snooze"])
            let tooLong = try await api.request(.post, "/tasks/\(id)/snooze", token: token, json: ["minutes": 20_000])
            #expect(tooLong.status == .unprocessableContent)
            #expect(tooLong.detail.contains("minutes"))
            _ = try await api.request(.post, "/tasks/\(id)/complete", token: token)
            #expect(try await harness.host.proxy(TaskActor.self, id).pendingReminders(.init(userID: userID)).isEmpty)
            let completed = try await api.request(.post, "/tasks/\(id)/snooze", token: token, json: ["minutes": 5])
            #expect(completed.status == .conflict)
        }
    }

    @Test func recurringTasksOverTheAPI() async throws {
        try await GatewayHarness.make().run { api in
            let (token, _) = try await api.signUp(timeZone: "Europe/Berlin")
            let created = try await api.request(.post, "/tasks", token: token, json: [
                "title": "Pay rent", "due": "2099-01-31T09:00", "recurrence": ["rrule": "freq=monthly;bymonthday=31"],
            ])
            #expect(created.status == .created)
            #expect((created.json["recurrence"] as? [String: Any])?["rrule"] as? String == "FREQ=MONTHLY;BYMONTHDAY=31")
            #expect((created.json["warnings"] as? [String])?.first?.contains("BYMONTHDAY=-1") == true)
            #expect(created.json["occurrence"] as? Int == 1)
            let id = try #require(created.json["id"] as? String)

            let preview = try await api.request(.get, "/tasks/\(id)/occurrences?count=3", token: token)
            #expect(preview.status == .ok)
            #expect(preview.array.compactMap { $0["due"] as? String } == ["2099-01-31T09:00:00", "2099-03-31T09:00:00", "2099-05-31T09:00:00"])

            let skipped = try await api.request(.post, "/tasks/\(id)/skip", token: token)
            #expect(skipped.json["due"] as? String == "2099-03-31T09:00:00")

            let done = try await api.request(.post, "/tasks/\(id)/complete", token: token)
            let nextID = try #require(done.json["nextOccurrenceId"] as? String)
            let next = try await api.request(.get, "/tasks/\(nextID)", token: token)
            #expect(next.json["due"] as? String == "2099-05-31T09:00:00")
            #expect(next.json["seriesId"] as? String == id)

            let bad = try await api.request(.post, "/tasks", token: token, json: ["title": "x", "due": "2099-01-01", "recurrence": ["rrule": "FREQ=DAILY;BYDAY=XX"]])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.detail.contains("recurrence.rrule"))
            let undated = try await api.request(.post, "/tasks", token: token, json: ["title": "x", "recurrence": ["rrule": "FREQ=DAILY"]])
            #expect(undated.detail.contains("needs a due date"))
            let plain = try await api.createTask(token, ["title": "Once"])
            let notRecurring = try await api.request(.get, "/tasks/\(plain["id"] as! String)/occurrences", token: token)
            #expect(notRecurring.status == .conflict)
        }
    }

    @Test func theSpecIsServed() async throws {
        try await GatewayHarness.make().run { api in
            let reply = try await api.client.execute(uri: "/api/openapi.yaml", method: .get) { response in
                (response.status, String(buffer: response.body))
            }
            #expect(reply.0 == .ok)
            #expect(reply.1.hasPrefix("openapi: 3.1"))
            #expect(reply.1.contains("operationId: createTask"))
        }
    }
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
}
