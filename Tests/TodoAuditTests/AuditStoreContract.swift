import Foundation
import Testing
import TodoAudit
import TodoEvents

/// What every AuditStore must do; the SQLite and PostgreSQL suites run each check against a
/// real, freshly migrated store.
enum AuditStoreContract {
    static func duplicateDeliveriesStoreNothingNew(_ store: any AuditStore) async throws {
        let a = AuditFixtures.record(.created, id: "evt-a", at: AuditFixtures.at(seconds: 1))
        let b = AuditFixtures.record(.updated, id: "evt-b", at: AuditFixtures.at(seconds: 2))
        #expect(try await store.append([a, b]) == 2)
        #expect(try await store.append([a, b]) == 0)

        // A redelivery never rewrites history, even when its copy differs.
        var changed = a
        changed.title = "Tampered"
        #expect(try await store.append([changed]) == 0)

        // Mixed batches store only what is new; a repeat inside one batch counts once.
        let c = AuditFixtures.record(.completed, id: "evt-c", at: AuditFixtures.at(seconds: 3))
        #expect(try await store.append([c, a, c]) == 1)

        // The same event delivered concurrently many times is stored once.
        let d = AuditFixtures.record(.reopened, id: "evt-d", at: AuditFixtures.at(seconds: 4))
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 { group.addTask { try await store.append([d]) } }
            return try await group.reduce(0, +)
        }
        #expect(counts == 1)

        let page = try await store.query(userID: "alice", limit: 100)
        #expect(page.records == [a, b, c, d])
        #expect(page.next == nil)
    }

    static func orderIsOccurredAtThenEventID(_ store: any AuditStore) async throws {
        let same = AuditFixtures.at(seconds: 10)
        let records = [
            AuditFixtures.record(id: "e-3", at: same),
            AuditFixtures.record(id: "e-1", at: same),
            AuditFixtures.record(id: "e-0", at: AuditFixtures.at(seconds: 20)),
            AuditFixtures.record(id: "e-9", at: AuditFixtures.at(seconds: 5)),
            AuditFixtures.record(id: "e-2", at: same),
            // Microseconds apart: kept apart.
            AuditFixtures.record(id: "e-z", at: same.addingTimeInterval(0.000_001)),
        ]
        for record in records.shuffled() { try await store.append([record]) }
        let ids = try await store.query(userID: "alice", limit: 100).records.map(\.eventID)
        #expect(ids == ["e-9", "e-1", "e-2", "e-3", "e-z", "e-0"])
    }

    static func cursorsPageWithoutGapsOrRepeats(_ store: any AuditStore) async throws {
        // Pairs share a timestamp, so pages break inside ties too.
        let records = (0..<23).map { AuditFixtures.record(id: String(format: "p-%02d", $0), at: AuditFixtures.at(seconds: Double($0 / 2))) }
        try await store.append(records.shuffled())

        var seen: [AuditRecord] = []
        var cursor: AuditCursor?
        var pages = 0
        repeat {
            let page = try await store.query(userID: "alice", limit: 5, cursor: cursor)
            #expect(page.records.count <= 5)
            seen += page.records
            cursor = page.next
            pages += 1
        } while cursor != nil && pages < 10
        #expect(pages == 5)
        #expect(seen == records)

        // A page that ends exactly at the last record says there is no more.
        let exact = try await store.query(userID: "alice", limit: 23)
        #expect(exact.records.count == 23)
        #expect(exact.next == nil)

        // After a cursor, a record appended behind it stays behind; one ahead shows up.
        let first = try await store.query(userID: "alice", limit: 5)
        try await store.append([
            AuditFixtures.record(id: "late-behind", at: AuditFixtures.at(seconds: -5)),
            AuditFixtures.record(id: "late-ahead", at: AuditFixtures.at(seconds: 100)),
        ])
        var rest: [String] = []
        cursor = first.next
        while let position = cursor {
            let page = try await store.query(userID: "alice", limit: 7, cursor: position)
            rest += page.records.map(\.eventID)
            cursor = page.next
        }
        #expect(rest == records.dropFirst(5).map(\.eventID) + ["late-ahead"])
    }

    static func everyQueryIsOwnerScoped(_ store: any AuditStore) async throws {
        try await store.append([
            AuditFixtures.record(.created, id: "a-1", taskID: "t-alice", owner: "alice", at: AuditFixtures.at(seconds: 1)),
            AuditFixtures.record(.created, id: "b-1", taskID: "t-bob", owner: "bob", at: AuditFixtures.at(seconds: 2)),
            AuditFixtures.record(.completed, id: "b-2", taskID: "t-bob", owner: "bob", at: AuditFixtures.at(seconds: 3)),
        ])
        #expect(try await store.query(userID: "alice", limit: 10).records.map(\.eventID) == ["a-1"])
        #expect(try await store.query(userID: "bob", limit: 10).records.map(\.eventID) == ["b-1", "b-2"])
        // Knowing another owner's task id reveals nothing.
        #expect(try await store.query(userID: "alice", taskID: "t-bob", limit: 10).records.isEmpty)
        #expect(try await store.query(userID: "carol", limit: 10).records.isEmpty)
    }

    static func filtersByTaskTypeAndTime(_ store: any AuditStore) async throws {
        // Last week (Mon 2026-04-27 … Mon 2026-05-04) and this week.
        try await store.append([
            AuditFixtures.record(.created, id: "f-1", taskID: "t-1", at: AuditFixtures.at(days: -9)),
            AuditFixtures.record(.completed, id: "f-2", taskID: "t-1", at: AuditFixtures.at(days: -7)),
            AuditFixtures.record(.completed, id: "f-3", taskID: "t-2", at: AuditFixtures.at(days: -3)),
            AuditFixtures.record(.reopened, id: "f-4", taskID: "t-2", at: AuditFixtures.at(days: -2)),
            AuditFixtures.record(.completed, id: "f-5", taskID: "t-2", at: AuditFixtures.at(days: 0)),
            AuditFixtures.record(.deleted, id: "f-6", taskID: "t-1", at: AuditFixtures.at(days: 1)),
        ])
        func ids(taskID: String? = nil, types: Set<TaskEvent.Kind> = [], since: Date? = nil, until: Date? = nil) async throws -> [String] {
            try await store.query(userID: "alice", taskID: taskID, types: types, since: since, until: until, limit: 100, cursor: nil).records.map(\.eventID)
        }
        #expect(try await ids(taskID: "t-1") == ["f-1", "f-2", "f-6"])
        // "What did I complete last week": since inclusive, until exclusive.
        #expect(try await ids(types: [.completed], since: AuditFixtures.at(days: -7), until: AuditFixtures.at(days: 0)) == ["f-2", "f-3"])
        #expect(try await ids(types: [.completed, .reopened], since: AuditFixtures.at(days: -3)) == ["f-3", "f-4", "f-5"])
        #expect(try await ids(taskID: "t-2", types: [.completed]) == ["f-3", "f-5"])
        #expect(try await ids(until: AuditFixtures.at(days: -7)) == ["f-1"])
    }

    static func retentionDeletesOnlyWhatIsOlder(_ store: any AuditStore) async throws {
        // More than one delete chunk of old records, across owners.
        let old = (0..<11_000).map { index in
            AuditFixtures.record(id: "old-\(index)", owner: index % 2 == 0 ? "alice" : "bob", at: AuditFixtures.at(days: -400, seconds: Double(index)))
        }
        let boundary = AuditFixtures.record(id: "boundary", at: AuditFixtures.at(days: -30))
        let recent = AuditFixtures.record(id: "recent", at: AuditFixtures.at(days: -1))
        #expect(try await store.append(old + [boundary, recent]) == 11_002)

        #expect(try await store.deleteOlderThan(AuditFixtures.at(days: -30)) == 11_000)
        #expect(try await store.query(userID: "alice", limit: 10).records.map(\.eventID) == ["boundary", "recent"])
        #expect(try await store.query(userID: "bob", limit: 10).records.isEmpty)
        #expect(try await store.deleteOlderThan(AuditFixtures.at(days: -30)) == 0)
    }

    static func limitsOutsideTheRangeAreRefused(_ store: any AuditStore) async throws {
        await #expect(throws: AuditStoreError.self) { try await store.query(userID: "alice", limit: 0) }
        await #expect(throws: AuditStoreError.self) { try await store.query(userID: "alice", limit: AuditLimits.maxPageSize + 1) }
        #expect(try await store.query(userID: "alice", limit: AuditLimits.maxPageSize).records.isEmpty)
    }

    static func snapshotsReadBackVerbatim(_ store: any AuditStore) async throws {
        var record = AuditFixtures.record(id: "snap", title: "Ünïcode ✓ \"quoted\"")
        record.snapshot = #"{"future":{"nested":[1,2.5,null,"x"]},"id":"t-1","title":"Ünïcode ✓ \"quoted\""}"#
        try await store.append([record])
        #expect(try await store.query(userID: "alice", limit: 1).records == [record])
    }
}
