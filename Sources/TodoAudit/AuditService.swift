import ActorRuntime
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import TodoEvents

/// The audit-service: consumes `task-events` into an append-only store and answers
/// `GET /api/v1/audit` for each owner.
///
/// The same `subscriptions()` serve the in-process bus (`EventBus.subscribe`) and Dapr
/// (`DaprAppRoutes(subscriptions:)`). As a `Service`, `run()` keeps the store's background
/// work going, applies migrations, opens ingest, then sweeps retention until shutdown.
public final class AuditService: Service, Sendable {
    public let store: any AuditStore
    public let configuration: AuditConfiguration
    let logger: Logger
    let gate = ReadinessGate()

    public init(store: any AuditStore, configuration: AuditConfiguration = AuditConfiguration(), logger: Logger = Logger(label: "todo.audit")) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
    }

    /// Reads the `TODO_AUDIT_*` variables (see `AuditConfiguration`) and opens the store.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment, dataDirectory: String?, logger: Logger = Logger(label: "todo.audit")) throws -> AuditService {
        let (configuration, location) = try AuditConfiguration.fromEnvironment(environment, dataDirectory: dataDirectory)
        logger.info("audit store", metadata: ["store": "\(location.summary)", "retentionDays": "\(configuration.retentionDays)"])
        return AuditService(store: try location.makeStore(logger: logger), configuration: configuration, logger: logger)
    }

    /// Migrated and taking events (for `/readyz`).
    public var isReady: Bool { gate.isOpen }

    // MARK: Consuming

    /// The `task-events` subscription. Register before the actor host starts, so the events
    /// its outbox replays at start reach the audit too.
    public func subscriptions() -> [Subscription] {
        [
            Subscription(
                topic: Topics.taskEvents, consumer: AuditConfiguration.consumer, deadLetterTopic: AuditConfiguration.deadLetterTopic,
                maxBatch: AuditConfiguration.maxBatch,
                batchHandler: { events in try await self.ingest(events) },
                handler: { event in try await self.ingest(event) }
            ),
        ]
    }

    /// Stores delivered events in one append: `.success` for each stored or already stored (a
    /// duplicate), `.drop` for one that can never be stored; throws (so all are retried) when
    /// the store fails.
    public func ingest(_ cloudEvents: [CloudEvent]) async throws -> [SubscriberResult] {
        var results: [SubscriberResult] = []
        var records: [AuditRecord] = []
        // A redelivery that comes after retention removed its record must not bring it back.
        let cutoff = configuration.retentionCutoff(at: configuration.now())
        for cloudEvent in cloudEvents {
            switch AuditEventDecoding.decode(cloudEvent) {
            case .record(let record):
                if let cutoff, record.occurredAt < cutoff { break }
                records.append(record)
            case .unusable(let reason):
                logger.warning("audit dropped an event", metadata: ["event": "\(cloudEvent.id)", "topic": "\(cloudEvent.topic)", "reason": "\(reason)"])
                results.append(.drop)
                continue
            }
            results.append(.success)
        }
        if !records.isEmpty {
            if !gate.isOpen { try await gate.wait(timeout: configuration.readinessTimeout) }
            try await store.append(records)
            // Ingest lag: from the event's occurrence to its row in the audit store.
            let now = configuration.now()
            let lag = Metrics.Timer(label: "todo_audit_ingest_lag_seconds")
            for record in records { lag.recordNanoseconds(Int64(max(0, min(now.timeIntervalSince(record.occurredAt), 9e9)) * 1e9)) }
        }
        return results
    }

    /// One delivered event (the shape of a Dapr delivery).
    public func ingest(_ cloudEvent: CloudEvent) async throws -> SubscriberResult {
        try await ingest([cloudEvent])[0]
    }

    // MARK: Lifecycle

    public func run() async throws {
        do {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { await self.store.run() }
                do {
                    let applied = try await migrateWithRetries()
                    if !applied.isEmpty { logger.info("audit schema migrated", metadata: ["versions": "\(applied)"]) }
                } catch {
                    gate.fail("the audit store could not be prepared: \(error)")
                    throw error
                }
                gate.open()
                await retentionLoop()
                // Graceful shutdown: the services after this one in the group (the actor
                // host, the HTTP server) have stopped, so nothing needs the store any more.
                group.cancelAll()
            }
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    /// A database that starts a little after the app (a compose file, a pod beside its
    /// database) is waited for, about half a minute in all; then the service fails, and with
    /// it the process, for a supervisor to restart.
    private func migrateWithRetries() async throws -> [Int] {
        var delay = Duration.milliseconds(500)
        var attempt = 1
        while true {
            do {
                return try await store.migrate()
            } catch {
                guard attempt < 7, !Task.isCancelled else { throw error }
                logger.warning("audit store not ready; retrying", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
                try await Task.sleep(for: delay)
                delay *= 2
                attempt += 1
            }
        }
    }

    /// Deletes what is past retention now; how many records went.
    @discardableResult
    public func sweep() async throws -> Int {
        guard let cutoff = configuration.retentionCutoff(at: configuration.now()) else { return 0 }
        let deleted = try await store.deleteOlderThan(cutoff)
        if deleted > 0 {
            logger.info("audit retention removed records", metadata: ["deleted": "\(deleted)", "before": "\(RFC3339.format(cutoff))"])
        }
        return deleted
    }

    /// Sweeps at every interval until graceful shutdown or cancellation. With retention off
    /// it only waits, so `run()` still lives as long as the group.
    private func retentionLoop() async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if configuration.retentionDays > 0 {
                do {
                    try await sweep()
                } catch {
                    // The next sweep tries again; a failed purge loses nothing.
                    logger.error("audit retention sweep failed", metadata: ["error": "\(error)"])
                }
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: self.configuration.retentionInterval) }
            } catch {
                return
            }
        }
    }
}
