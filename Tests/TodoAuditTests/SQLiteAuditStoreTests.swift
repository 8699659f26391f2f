import Foundation
import Testing
import TodoEvents
@testable import TodoAudit

/// The SQLite store on real files in a temporary directory.
@Suite struct SQLiteAuditStoreTests {
    /// A migrated store in a new directory, closed and removed after `body`.
    static func withStore(_ body: (SQLiteAuditStore) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteAuditStore(path: directory.path("audit.sqlite"))
        try await store.migrate()
        do {
            try await body(store)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    @Test func duplicateDeliveriesStoreNothingNew() async throws {
        try await Self.withStore(AuditStoreContract.duplicateDeliveriesStoreNothingNew)
    }

    @Test func orderIsOccurredAtThenEventID() async throws {
        try await Self.withStore(AuditStoreContract.orderIsOccurredAtThenEventID)
    }

    @Test func cursorsPageWithoutGapsOrRepeats() async throws {
        try await Self.withStore(AuditStoreContract.cursorsPageWithoutGapsOrRepeats)
    }

    @Test func everyQueryIsOwnerScoped() async throws {
        try await Self.withStore(AuditStoreContract.everyQueryIsOwnerScoped)
    }

    @Test func filtersByTaskTypeAndTime() async throws {
        try await Self.withStore(AuditStoreContract.filtersByTaskTypeAndTime)
    }

    @Test func retentionDeletesOnlyWhatIsOlder() async throws {
        try await Self.withStore(AuditStoreContract.retentionDeletesOnlyWhatIsOlder)
    }

    @Test func limitsOutsideTheRangeAreRefused() async throws {
        try await Self.withStore(AuditStoreContract.limitsOutsideTheRangeAreRefused)
    }

    @Test func snapshotsReadBackVerbatim() async throws {
        try await Self.withStore(AuditStoreContract.snapshotsReadBackVerbatim)
    }

    @Test func anOlderSchemaIsMigratedAndReopeningChangesNothing() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("audit.sqlite")

        // A file as the first release left it: version 1 only, with data in it.
        let old = try SQLiteAuditStore(path: path)
        #expect(try await old.migrate(upTo: 1) == [1])
        #expect(try await old.appliedMigrations() == [1])
        #expect(try await old.indexNames() == ["audit_events_by_user"])
        let kept = AuditFixtures.record(.created, id: "from-v1")
        try await old.append([kept])
        try await old.close()

        let upgraded = try SQLiteAuditStore(path: path)
        #expect(try await upgraded.migrate() == [2, 3])
        #expect(try await upgraded.appliedMigrations() == [1, 2, 3])
        #expect(try await upgraded.indexNames() == ["audit_events_by_user", "audit_events_by_task", "audit_events_by_type", "audit_events_by_time"])
        #expect(try await upgraded.query(userID: "alice", limit: 10).records == [kept])
        try await upgraded.close()

        let reopened = try SQLiteAuditStore(path: path)
        #expect(try await reopened.migrate() == [])
        #expect(try await reopened.appliedMigrations() == [1, 2, 3])
        #expect(try await reopened.query(userID: "alice", limit: 10).records == [kept])
        try await reopened.close()
    }

    @Test func twoStoresOpeningOneFileAtOnceApplyEachStepOnce() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("audit.sqlite")
        let first = try SQLiteAuditStore(path: path)
        let second = try SQLiteAuditStore(path: path)
        async let a = first.migrate()
        async let b = second.migrate()
        let applied = try await (a + b).sorted()
        #expect(applied == [1, 2, 3])
        #expect(try await first.appliedMigrations() == [1, 2, 3])
        try await first.close()
        try await second.close()
    }

    @Test func recordsSurviveReopeningTheFile() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("audit.sqlite")
        let records = (0..<50).map { AuditFixtures.record(id: "r-\($0)", at: AuditFixtures.at(seconds: Double($0))) }
        let store = try SQLiteAuditStore(path: path)
        try await store.migrate()
        try await store.append(records)
        try await store.close()

        let again = try SQLiteAuditStore(path: path)
        try await again.migrate()
        #expect(try await again.query(userID: "alice", limit: 100).records == records)
        #expect(try await again.append(records) == 0)
        try await again.close()
    }
}

/// A directory removed when the value goes away.
final class TemporaryDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("todo-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}
