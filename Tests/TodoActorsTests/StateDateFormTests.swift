import ActorRuntime
import ActorStoreSQLite
import Foundation
import Testing
@testable import TodoActors
import TodoModel

/// Dates in the product's actor state: RFC 3339 text, and what earlier builds saved —
/// Foundation's seconds since 2001 in `Date` fields, seconds since 1970 and day numbers in
/// the index — still loads as the same values.
@Suite struct StateDateFormTests {
    /// The index entry as earlier builds encoded it (synthesized Codable, numbers).
    struct EarlierIndexEntry: Encodable {
        var summary: TaskSummary
        var due: TaskDue?
        var timeZone: String?
    }

    /// 2026-12-03T09:00:00Z.
    static let created = Date(timeIntervalSince1970: 1_796_288_400)

    @Test func stateSavedInTheEarlierNumericFormsLoadsAndASaveWritesText() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("state-dates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteActorStateStore(path: directory.appendingPathComponent("actors.sqlite").path)
        let (userID, taskID) = ("u-earlier", "t-earlier")
        let user = ActorAddress(type: UserActor.actorType, id: userID)
        let taskAddress = ActorAddress(type: TaskActor.actorType, id: taskID)
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))

        var task = TaskRecord(id: taskID, ownerID: userID, title: "Written before", createdAt: Self.created, updatedAt: Self.created.addingTimeInterval(0.25))
        task.due = try TaskDue(parsing: "2026-12-05T10:00")
        let profile = UserProfile(id: userID, email: "earlier@example.com", timeZone: "Europe/Berlin", createdAt: Self.created)
        let summary = task.summary(userZone: berlin)
        let earlier = JSONEncoder()
        let earlierTask = try earlier.encode(task)
        let earlierBucket = try earlier.encode([taskID: EarlierIndexEntry(summary: summary, due: task.due)])
        #expect(String(decoding: earlierTask, as: UTF8.self).contains(#""createdAt":817981200"#), "seconds since 2001")
        #expect(String(decoding: earlierBucket, as: UTF8.self).contains(#""createdAt":1796288400"#), "seconds since 1970")
        try await store.commit(TurnCommit(actor: user, state: [
            .upsert(key: "profile", value: .json(try earlier.encode(profile))),
            .upsert(key: UserActor.bucket(of: taskID), value: .json(earlierBucket)),
        ]))
        try await store.commit(TurnCommit(actor: taskAddress, state: [.upsert(key: "task", value: .json(earlierTask))]))

        let host = EmbeddedActorHost(configuration: .init(appID: "tasks-service"), store: store)
        TasksServiceActors.register(on: host)
        try await host.start()
        #expect(try await host.proxy(UserActor.self, userID).profile() == profile)
        #expect(try await host.proxy(TaskActor.self, taskID).get(.init(userID: userID)) == task)
        #expect(try await host.proxy(UserActor.self, userID).listTasks(.init()).items == [summary])

        // The next save of each writes text.
        _ = try await host.proxy(TaskActor.self, taskID).update(.init(userID: userID, patch: TaskPatch(title: "Written again")))
        _ = try await host.proxy(UserActor.self, userID).updateProfile(.init(displayName: "Earlier"))
        let taskJSON = String(decoding: try #require(try await store.loadState(taskAddress, key: "task")?.encoded()), as: UTF8.self)
        let bucketJSON = String(decoding: try #require(try await store.loadState(user, key: UserActor.bucket(of: taskID))?.encoded()), as: UTF8.self)
        let profileJSON = String(decoding: try #require(try await store.loadState(user, key: "profile")?.encoded()), as: UTF8.self)
        #expect(taskJSON.contains(#""createdAt":"2026-12-03T09:00:00Z""#), "\(taskJSON)")
        #expect(profileJSON.contains(#""createdAt":"2026-12-03T09:00:00Z""#), "\(profileJSON)")
        for field in [#""createdAt":"2026-12-03T09:00:00Z""#, #""dueAt":"2026-12-05T09:00:00Z""#, #""dueDay":"2026-12-05""#] {
            #expect(bucketJSON.contains(field), "\(bucketJSON)")
        }
        await host.shutdown()
    }

    @Test func anIndexEntryKeepsEverySummaryField() throws {
        var summary = TaskSummary(id: "t", title: "All", notes: "n", status: .completed, priority: .high, tags: ["a"], dueDay: 20_790, dueAt: 1_796_288_400.5,
                                  dueHasTime: true, recurring: true, createdAt: 1_796_288_400, updatedAt: 1_796_288_401.125, completedAt: 1_796_288_402, version: 7)
        summary.due = try TaskDue(parsing: "2026-12-03T10:00")
        summary.timeZone = "Europe/Berlin"
        #expect(Set(Mirror(reflecting: summary).children.compactMap(\.label)) == Set(UserActor.IndexEntry.storedSummaryFields), "a TaskSummary field the stored form does not know")
        let entry = UserActor.IndexEntry(summary: summary, due: summary.due, timeZone: summary.timeZone)
        #expect(try StateValue.json(try StateValue.value(entry).encoded()).decode(UserActor.IndexEntry.self) == entry)
    }
}
