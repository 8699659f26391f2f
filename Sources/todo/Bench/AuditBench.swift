import ActorRuntime
import ArgumentParser
import Foundation
import Logging
import PostgresNIO
import Synchronization
import TodoAudit
import TodoEvents
import TodoModel

/// `todo bench audit`: audit ingest into SQLite (as under `todo serve`) and, given a URL,
/// PostgreSQL. Two shapes: batches appended in one transaction each (the store's ceiling),
/// and single deliveries through `AuditService.ingest` from as many concurrent callers as
/// the event bus has lanes (what `todo serve` does; the SQLite store group-commits them).
/// Then every event again, as a redelivery storm that must store nothing.
struct AuditBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit ingest rate (events/s) on SQLite, and PostgreSQL with --postgres-url."
    )

    @OptionGroup var output: BenchOutput

    @Option(help: "Events appended in batches.")
    var events = 100_000

    @Option(help: "Events per batch (one transaction each).")
    var batch = 500

    @Option(help: "Events delivered one at a time through the subscription handler.")
    var deliveries = 20_000

    @Option(help: "Concurrent deliveries (the in-process bus runs 8 lanes per subscription).")
    var concurrency = EventBus.lanesPerSubscription

    @Option(help: "Also measure PostgreSQL at this URL (postgres://user:password@host:port/db). Bench rows are deleted afterwards.")
    var postgresURL: String?

    func run() async throws {
        let batchCount = output.quick ? 5_000 : events
        let deliveryCount = output.quick ? 1_000 : deliveries
        let runID = UUID().uuidString.prefix(8).lowercased()
        let report = BenchReport(output)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("todo-audit-bench-\(runID)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // synchronous=FULL, the default; then NORMAL (TODO_AUDIT_SQLITE_SYNC=normal) for
        // single deliveries, where the fsync per commit is what bounds the rate.
        let sqlite = try SQLiteAuditStore(path: directory.appendingPathComponent("audit.sqlite").path, logger: Self.quietLogger)
        try await sqlite.migrate()
        try await appendBatches(store: sqlite, label: "SQLite", runID: "\(runID)-s", count: batchCount).forEach(report.add)
        report.add(try await deliver(store: sqlite, label: "SQLite", runID: "\(runID)-s", count: deliveryCount))
        try await sqlite.close()
        // A store runs under one service at a time: the bus workload gets its own file.
        let bused = try SQLiteAuditStore(path: directory.appendingPathComponent("audit-bus.sqlite").path, logger: Self.quietLogger)
        try await bused.migrate()
        report.add(try await deliverThroughBus(store: bused, label: "SQLite", runID: "\(runID)-b", count: deliveryCount))
        try await bused.close()
        let relaxed = try SQLiteAuditStore(path: directory.appendingPathComponent("audit-normal.sqlite").path, durability: .normal, logger: Self.quietLogger)
        try await relaxed.migrate()
        report.add(try await deliver(store: relaxed, label: "SQLite NORMAL", runID: "\(runID)-n", count: deliveryCount))
        try await relaxed.close()

        if let postgresURL {
            let measured = try await PostgresAuditStore.withRunning(url: postgresURL, logger: Self.quietLogger) { store in
                let prefix = "bench-\(runID)-p"
                do {
                    let results = try await appendBatches(store: store, label: "PostgreSQL", runID: "\(runID)-p", count: batchCount)
                        + [try await deliver(store: store, label: "PostgreSQL", runID: "\(runID)-p", count: deliveryCount)]
                    try await Self.deleteBenchRows(store, prefix: prefix)
                    return results
                } catch {
                    try? await Self.deleteBenchRows(store, prefix: prefix)
                    throw error
                }
            }
            measured.forEach(report.add)
        }

        try report.finish()
    }

    /// Batches, then the same batches again (all duplicates). Records are prepared up front,
    /// so only the store is timed.
    private func appendBatches(store: any AuditStore, label: String, runID: String, count: Int) async throws -> [BenchResult] {
        var results: [BenchResult] = []
        let clock = ContinuousClock()
        let records = (0..<count).map { Self.record(index: $0, runID: runID) }
        var start = clock.now
        var stored = 0
        for chunk in stride(from: 0, to: records.count, by: batch).map({ records[$0..<min($0 + batch, records.count)] }) {
            stored += try await store.append(Array(chunk))
        }
        var seconds = (clock.now - start).seconds
        guard stored == records.count else { throw ValidationError("stored \(stored) of \(records.count) new events") }
        results.append(BenchResult(name: "audit append \(label), batches of \(batch)", operations: records.count, seconds: seconds, operationsPerSecond: Double(records.count) / seconds, note: "one transaction per batch"))

        // Redelivery of every batch: all duplicates, nothing stored.
        start = clock.now
        var duplicates = 0
        for chunk in stride(from: 0, to: records.count, by: batch).map({ records[$0..<min($0 + batch, records.count)] }) {
            duplicates += try await store.append(Array(chunk))
        }
        seconds = (clock.now - start).seconds
        guard duplicates == 0 else { throw ValidationError("a redelivery stored \(duplicates) events again") }
        results.append(BenchResult(name: "audit redelivery \(label), all duplicates", operations: records.count, seconds: seconds, operationsPerSecond: Double(records.count) / seconds, note: "0 stored"))
        return results
    }

    /// Single deliveries through the subscription handler, as the bus makes them.
    private func deliver(store: any AuditStore, label: String, runID: String, count deliveryCount: Int) async throws -> BenchResult {
        let service = AuditService(store: store, logger: Self.quietLogger)
        let running = Task { try await service.run() }
        while !service.isReady { try await Task.sleep(for: .milliseconds(5)) }
        let events = try (0..<deliveryCount).map { index in
            CloudEvent(source: "bench", topic: Topics.taskEvents, pubsubName: "pubsub", data: try JSONValue(encoding: Self.event(index: index, runID: "\(runID)-d")))
        }
        let result = try await measureConcurrently(name: "audit delivery \(label), \(concurrency) concurrent", count: events.count, concurrency: concurrency, note: "decode + append per event") { index in
            guard try await service.ingest(events[index]) == .success else { throw ValidationError("an event was not stored") }
        }
        running.cancel()
        try await running.value
        return result
    }

    /// The path `todo serve` takes: events on the in-process bus, delivered to the audit's
    /// subscription by the bus's lanes, which hand over what has queued up as one batch (one
    /// commit). The events are published first while the audit is not yet open (a backlog,
    /// as after a restart or a burst), then the audit opens: timed from then until the last
    /// event is stored, so the figure is the audit's ingest rate, not the publishers'.
    private func deliverThroughBus(store: any AuditStore, label: String, runID: String, count deliveryCount: Int) async throws -> BenchResult {
        // Deliveries wait for the audit to open rather than fail while the backlog is made.
        let service = AuditService(store: store, configuration: AuditConfiguration(readinessTimeout: .seconds(300)), logger: Self.quietLogger)
        let events = (0..<deliveryCount).map { Self.event(index: $0, runID: runID) }
        let host = EmbeddedActorHost(configuration: .init(appID: "bench"), store: MemoryStateStore(), logger: Self.quietLogger)
        let stored = Atomic(0)
        for var subscription in service.subscriptions() {
            let batchHandler = subscription.batchHandler
            subscription.batchHandler = { events in
                let results = try await batchHandler?(events) ?? []
                stored.add(results.filter { $0 == .success }.count, ordering: .relaxed)
                return results
            }
            host.bus.subscribe(subscription)
        }
        try await host.start()
        for event in events {
            try await host.publish(event, topic: Topics.taskEvents, partitionKey: event.userId)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let running = Task { try await service.run() }
        while stored.load(ordering: .relaxed) < events.count {
            try await Task.sleep(for: .milliseconds(1))
        }
        let seconds = (clock.now - start).seconds
        await host.shutdown()
        running.cancel()
        try await running.value
        return BenchResult(
            name: "audit via bus \(label), batches ≤ \(AuditConfiguration.maxBatch)",
            operations: events.count, seconds: seconds, operationsPerSecond: Double(events.count) / seconds,
            note: "a backlog drained by the bus's lanes: decode + one append per batch"
        )
    }

    /// The task event the record of `index` stands for, as a TaskActor would publish it.
    private static func event(index: Int, runID: String) -> TaskEvent {
        let record = record(index: index, runID: runID)
        let task = TaskRecord(id: record.taskID, ownerID: record.userID, title: record.title, createdAt: record.occurredAt, updatedAt: record.occurredAt, version: record.version)
        return TaskEvent(id: record.eventID, type: record.type, task: task, occurredAt: record.occurredAt)
    }

    /// Ten owners with a hundred tasks each, the five kinds in turn, a second apart.
    private static func record(index: Int, runID: String) -> AuditRecord {
        let kinds: [TaskEvent.Kind] = [.created, .updated, .completed, .reopened, .deleted]
        let user = "bench-\(runID)-u\(index % 10)"
        let task = "bench-\(runID)-t\(index % 1_000)"
        let when = Date(timeIntervalSince1970: 1_777_885_200 + Double(index))
        let snapshot = #"{"createdAt":798000000,"id":"\#(task)","notes":"","ownerID":"\#(user)","priority":"medium","reminders":[],"status":"open","tags":["work","bench"],"title":"Prepare the quarterly board deck","updatedAt":798000000,"version":\#(index / 1_000 + 1)}"#
        return AuditRecord(
            eventID: "bench-\(runID)-e\(index)", type: kinds[index % kinds.count], taskID: task, userID: user,
            occurredAt: when, version: index / 1_000 + 1, title: "Prepare the quarterly board deck", status: "open", snapshot: snapshot
        )
    }

    /// Removes what this run wrote to a PostgreSQL database that may hold real records.
    private static func deleteBenchRows(_ store: PostgresAuditStore, prefix: String) async throws {
        try await store.client.query("DELETE FROM audit_events WHERE user_id LIKE \(prefix + "%")")
    }

    private static var quietLogger: Logger {
        var logger = Logger(label: "todo.bench.audit")
        logger.logLevel = .error
        return logger
    }
}

extension Duration {
    fileprivate var seconds: Double { Double(nanoseconds) / 1e9 }
}
