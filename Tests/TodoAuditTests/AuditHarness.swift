import Foundation
import Testing
@testable import TodoAudit

/// An AuditService on a SQLite file, running (migrated, retention loop on) while a test uses it.
struct AuditHarness: Sendable {
    let service: AuditService
    let store: SQLiteAuditStore
    let directory: TemporaryDirectory

    static func withRunning(
        configuration: AuditConfiguration = AuditConfiguration(),
        _ body: @Sendable (AuditHarness) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteAuditStore(path: directory.path("audit.sqlite"))
        let harness = AuditHarness(service: AuditService(store: store, configuration: configuration), store: store, directory: directory)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await harness.service.run() }
            try await harness.waitUntil("the audit service is ready") { harness.service.isReady }
            try await body(harness)
            group.cancelAll()
            try await group.waitForAll()
        }
    }

    /// Polls `condition` for up to 30 seconds (deliveries and sweeps are asynchronous; a
    /// fresh CI machine runs every suite at once on two cores, so migrations can take seconds).
    func waitUntil(_ what: String, _ condition: @Sendable () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("timed out waiting until \(what)")
    }

    func ids(of userID: String = "alice", taskID: String? = nil) async throws -> [String] {
        try await store.query(userID: userID, taskID: taskID, limit: AuditLimits.maxPageSize).records.map(\.eventID)
    }
}
