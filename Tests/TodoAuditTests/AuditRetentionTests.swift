import ActorRuntime
import Foundation
import Logging
import ServiceLifecycle
import Testing
import TodoEvents
@testable import TodoAudit

/// Retention as a service: sweeps on its interval, never lets a late redelivery bring a
/// purged record back, keeps everything when set to 0, and stops on graceful shutdown.
@Suite struct AuditRetentionTests {
    @Test func theLoopSweepsOnItsIntervalAndStopsOnGracefulShutdown() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteAuditStore(path: directory.path("audit.sqlite"))
        try await store.migrate()
        try await store.append([
            AuditFixtures.record(id: "too-old", at: AuditFixtures.at(days: -31)),
            AuditFixtures.record(id: "exactly-30-days", at: AuditFixtures.at(days: -30)),
            AuditFixtures.record(id: "recent", at: AuditFixtures.at(days: -1)),
        ])
        let configuration = AuditConfiguration(retentionDays: 30, retentionInterval: .milliseconds(50), now: { AuditFixtures.monday })
        let service = AuditService(store: store, configuration: configuration)
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        let running = Task { try await group.run() }

        let harness = AuditHarness(service: service, store: store, directory: directory)
        try await harness.waitUntil("the old record is swept") { try await harness.ids() == ["exactly-30-days", "recent"] }

        // A redelivery of something past retention is acknowledged but not stored again.
        let stale = try AuditFixtures.cloudEvent(AuditFixtures.event(.created, id: "stale", taskID: "t-1", owner: "alice", at: AuditFixtures.at(days: -40)))
        #expect(try await service.ingest(stale) == .success)
        try await store.append([AuditFixtures.record(id: "slipped-in", at: AuditFixtures.at(days: -35))])
        try await harness.waitUntil("the next sweep runs") { try await harness.ids() == ["exactly-30-days", "recent"] }

        await group.triggerGracefulShutdown()
        try await running.value
    }

    @Test func zeroDaysKeepsEverything() async throws {
        try await AuditHarness.withRunning(configuration: AuditConfiguration(retentionDays: 0, now: { AuditFixtures.monday })) { (harness: AuditHarness) async throws in
            try await harness.store.append([AuditFixtures.record(id: "ancient", at: AuditFixtures.at(days: -5_000))])
            #expect(try await harness.service.sweep() == 0)
            let stale = try AuditFixtures.cloudEvent(AuditFixtures.event(.created, id: "old-but-kept", taskID: "t-1", owner: "alice", at: AuditFixtures.at(days: -4_000)))
            #expect(try await harness.service.ingest(stale) == .success)
            #expect(try await harness.ids() == ["ancient", "old-but-kept"])
        }
    }

    @Test func theEnvironmentChoosesStoreAndRetention() throws {
        let (defaults, sqlite) = try AuditConfiguration.fromEnvironment([:], dataDirectory: "/srv/todo")
        #expect(defaults.retentionDays == 0)
        #expect(sqlite == .sqlite(path: "/srv/todo/audit.sqlite"))

        let (configured, postgres) = try AuditConfiguration.fromEnvironment([
            "TODO_AUDIT_POSTGRES_URL": "postgres://audit:pw@db:5432/audit",
            "TODO_AUDIT_SQLITE_PATH": "/ignored.sqlite",
            "TODO_AUDIT_RETENTION_DAYS": "400",
        ], dataDirectory: nil)
        #expect(configured.retentionDays == 400)
        #expect(postgres == .postgres(url: "postgres://audit:pw@db:5432/audit"))
        #expect(!postgres.summary.contains("pw"))

        let (_, explicit) = try AuditConfiguration.fromEnvironment(["TODO_AUDIT_SQLITE_PATH": "/data/a.sqlite", "TODO_AUDIT_SQLITE_SYNC": "normal"], dataDirectory: nil)
        #expect(explicit == .sqlite(path: "/data/a.sqlite", durability: .normal))

        #expect(throws: AuditStoreError.self) { try AuditConfiguration.fromEnvironment([:], dataDirectory: nil) }
        #expect(throws: AuditStoreError.self) { try AuditConfiguration.fromEnvironment(["TODO_AUDIT_RETENTION_DAYS": "-1"], dataDirectory: "/d") }
        #expect(throws: AuditStoreError.self) { try AuditConfiguration.fromEnvironment(["TODO_AUDIT_RETENTION_DAYS": "a week"], dataDirectory: "/d") }
        #expect(throws: AuditStoreError.self) { try AuditConfiguration.fromEnvironment(["TODO_AUDIT_POSTGRES_URL": "http://db"], dataDirectory: "/d") }
        #expect(throws: AuditStoreError.self) { try AuditConfiguration.fromEnvironment(["TODO_AUDIT_SQLITE_SYNC": "off"], dataDirectory: "/d") }
    }
}
