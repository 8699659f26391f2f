import Foundation
import Logging
import PostgresNIO
import Testing
import TodoEvents
@testable import TodoAudit

/// The PostgreSQL store against a real server the suite starts (see PostgresTestServer);
/// each test gets its own database.
@Suite(.enabled(if: PostgresTestServer.binaries != nil, Comment(rawValue: PostgresTestServer.missingMessage)), .postgresServer)
struct PostgresAuditStoreTests {
    static func server() throws -> PostgresTestServer {
        try #require(PostgresTestServer.current, "the suite's PostgreSQL server is not running")
    }

    /// A migrated store on a new database, running while `body` does.
    static func withStore(_ body: @Sendable (PostgresAuditStore) async throws -> Void) async throws {
        let server = try server()
        let database = try await server.createDatabase()
        try await PostgresAuditStore.withRunning(url: server.url(database: database)) { store in
            try await body(store)
        }
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

    @Test func aBadBatchFailsOnlyItsOwnCallerWhenGroupedWithOthers() async throws {
        try await Self.withStore { (store: PostgresAuditStore) async throws in
            // PostgreSQL refuses a snapshot that is not JSON; concurrent good batches that
            // shared its statement must still be stored.
            var notJSON = AuditFixtures.record(id: "bad")
            notJSON.snapshot = "{not json"
            let bad = notJSON
            let good = (0..<30).map { AuditFixtures.record(id: "good-\($0)", at: AuditFixtures.at(seconds: Double($0))) }
            let outcomes = await withTaskGroup(of: (String, Int?).self) { group in
                group.addTask { (bad.eventID, try? await store.append([bad])) }
                for record in good { group.addTask { (record.eventID, try? await store.append([record])) } }
                var outcomes: [String: Int?] = [:]
                for await (id, count) in group { outcomes[id] = count }
                return outcomes
            }
            #expect(outcomes["bad"] == .some(nil))
            #expect(good.allSatisfy { outcomes[$0.eventID] == .some(1) })
            #expect(try await store.query(userID: "alice", limit: 100).records == good)
        }
    }

    @Test func anOlderSchemaIsMigratedAndReopeningChangesNothing() async throws {
        let server = try Self.server()
        let url = server.url(database: try await server.createDatabase())
        let kept = AuditFixtures.record(.created, id: "from-v1")

        // A database as the first release left it: version 1 only, with data in it.
        try await Self.withUnmigrated(url) { (old: PostgresAuditStore) async throws in
            #expect(try await old.migrate(upTo: 1) == [1])
            #expect(try await old.appliedMigrations() == [1])
            #expect(try await old.indexNames() == ["audit_events_pkey", "audit_events_by_user"])
            try await old.append([kept])
        }
        try await Self.withUnmigrated(url) { (upgraded: PostgresAuditStore) async throws in
            #expect(try await upgraded.migrate() == [2, 3])
            #expect(try await upgraded.appliedMigrations() == [1, 2, 3])
            #expect(try await upgraded.indexNames() == ["audit_events_pkey", "audit_events_by_user", "audit_events_by_task", "audit_events_by_type", "audit_events_by_time"])
            #expect(try await upgraded.query(userID: "alice", limit: 10).records == [kept])
        }
        try await Self.withUnmigrated(url) { (reopened: PostgresAuditStore) async throws in
            #expect(try await reopened.migrate() == [])
            #expect(try await reopened.appliedMigrations() == [1, 2, 3])
            #expect(try await reopened.query(userID: "alice", limit: 10).records == [kept])
        }
    }

    @Test func replicasStartingAtOnceApplyEachStepOnce() async throws {
        let server = try Self.server()
        let url = server.url(database: try await server.createDatabase())
        let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<3 {
                group.addTask { try await Self.withUnmigrated(url) { try await $0.migrate() } }
            }
            return try await group.reduce([], +)
        }
        #expect(applied.sorted() == [1, 2, 3])
    }

    @Test func aWrongPasswordFailsInsteadOfHanging() async throws {
        let server = try Self.server()
        let url = "postgres://\(PostgresTestServer.user):wrong@127.0.0.1:\(server.port)/postgres"
        await #expect(throws: (any Error).self) {
            try await PostgresAuditStore.withRunning(url: url) { _ in }
        }
    }

    /// A running store whose migrations the test drives itself.
    static func withUnmigrated<T: Sendable>(_ url: String, _ body: @Sendable (PostgresAuditStore) async throws -> T) async throws -> T {
        let store = try PostgresAuditStore(url: url)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.run() }
            defer { group.cancelAll() }
            return try await body(store)
        }
    }
}
