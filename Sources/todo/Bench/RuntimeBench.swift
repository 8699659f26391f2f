import ActorRuntime
import ActorStoreSQLite
import ArgumentParser
import Foundation
import Synchronization
#if Redis
import ActorStoreRedis
#endif

/// `todo bench runtime`: in-process actor calls against a plain Swift actor (the floor),
/// durable turns on SQLite (and Redis when built with it), and reminder lateness.
struct RuntimeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runtime",
        abstract: "Actor call throughput and latency, durable turns, reminder lateness."
    )

    @OptionGroup var output: BenchOutput

    @Option(help: "Also measure the Redis store at this URL (needs a build with --traits Redis).")
    var redisURL: String?

    @Option(help: "Concurrent callers.")
    var concurrency = 64

    func run() async throws {
        let quick = output.quick
        let scale = quick ? 20 : 1
        let report = BenchReport(output)

        let calls = 400_000 / scale
        report.add(try await plainActorCalls(calls: calls))
        report.add(try await virtualActorCalls(store: MemoryStateStore(), name: "virtual actor increment (memory store)", calls: calls))
        report.add(try await plainActorCalls(calls: calls))
        report.add(try await virtualActorCalls(store: MemoryStateStore(), name: "virtual actor increment (memory store)", calls: calls))

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("todo-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sqlite = try SQLiteActorStateStore(path: directory.appendingPathComponent("bench.sqlite").path)
        report.add(try await virtualActorCalls(store: sqlite, name: "durable turn, SQLite (WAL, synchronous=FULL)", calls: 40_000 / scale, callers: 256))

        if let redisURL {
            #if Redis
            let redis = try RedisActorStateStore(url: redisURL, appID: "bench")
            report.add(try await virtualActorCalls(store: redis, name: "durable turn, Redis (hiredis, MULTI/EXEC)", calls: 40_000 / scale, callers: 256))
            #else
            throw ValidationError("this build has no Redis store; build with --traits Redis")
            #endif
        }

        report.add(try await reminderLateness(count: 1_000 / scale, spread: .seconds(quick ? 1 : 3), name: "reminder lateness, 1,000 spread over 3 s"))
        report.add(try await reminderLateness(count: 10_000 / scale, spread: .zero, name: "reminder lateness, 10,000 due at once"))

        try report.finish()
        let results = report.results
        if !output.json, results.count >= 4 {
            let plain = (results[0].operationsPerSecond + results[2].operationsPerSecond) / 2
            let virtual = (results[1].operationsPerSecond + results[3].operationsPerSecond) / 2
            print(String(format: "virtual actor calls run at %.1f%% of plain Swift actor calls (%.2f× slower)", 100 * virtual / plain, plain / virtual))
        }
    }

    /// The floor: a plain Swift `actor` per id, same call pattern.
    private func plainActorCalls(calls: Int) async throws -> BenchResult {
        actor PlainCounter {
            var count = 0
            func increment(_ amount: Int) -> Int {
                count += amount
                return count
            }
        }
        let actors = (0..<1_000).map { _ in PlainCounter() }
        return try await measureCalls(name: "plain Swift actor method call", calls: calls, callers: concurrency) { index in
            _ = await actors[index % actors.count].increment(1)
        }
    }

    private func virtualActorCalls(store: any ActorStateStore, name: String, calls: Int, callers: Int? = nil) async throws -> BenchResult {
        let host = EmbeddedActorHost(configuration: .init(appID: "bench"), store: store)
        host.register(BenchCounterActor.self)
        try await host.start()
        let proxies = (0..<1_000).map { host.proxy(BenchCounterActor.self, "bench-\($0)") }
        // Warm up: activate every actor once so the run measures calls, not activations.
        for proxy in proxies { _ = try await proxy.increment(1) }
        let result = try await measureCalls(name: name, calls: calls, callers: callers ?? concurrency) { index in
            _ = try await proxies[index % proxies.count].increment(1)
        }
        await host.shutdown()
        return result
    }

    /// Runs `calls` operations from `callers` concurrent tasks, timing each.
    private func measureCalls(name: String, calls: Int, callers: Int, _ operation: @escaping @Sendable (Int) async throws -> Void) async throws -> BenchResult {
        let perCaller = calls / callers
        let clock = ContinuousClock()
        let start = clock.now
        let samples = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for caller in 0..<callers {
                group.addTask {
                    var samples: [Int64] = []
                    samples.reserveCapacity(perCaller)
                    var index = caller * 7_919
                    for _ in 0..<perCaller {
                        let before = clock.now
                        try await operation(index)
                        samples.append((clock.now - before).nanoseconds)
                        index += 1
                    }
                    return samples
                }
            }
            return try await group.reduce(into: [Int64]()) { $0 += $1 }
        }
        let seconds = Double((clock.now - start).nanoseconds) / 1e9
        return BenchResult(name: name, operations: samples.count, seconds: seconds, operationsPerSecond: Double(samples.count) / seconds, latency: LatencySummary(nanoseconds: samples), note: "\(callers) callers")
    }

    /// Registers `count` one-shot reminders due within `spread` of a start a second away and
    /// records how late each fires (the firing turn's start minus its due time).
    private func reminderLateness(count: Int, spread: Duration, name: String) async throws -> BenchResult {
        let host = EmbeddedActorHost(configuration: .init(appID: "bench"), store: MemoryStateStore())
        host.register(LatenessActor.self)
        try await host.start()
        let start = Date().addingTimeInterval(1)
        let recorder = LatenessActor.recorder
        recorder.reset()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                let due = start.addingTimeInterval(spread.timeInterval * Double(index) / Double(max(1, count)))
                let proxy = host.proxy(LatenessActor.self, "late-\(index)")
                group.addTask { _ = try await proxy.arm(due) }
            }
            try await group.waitForAll()
        }
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while recorder.count < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        await host.shutdown()
        let samples = recorder.samples
        return BenchResult(name: name, operations: samples.count, seconds: spread.timeInterval, operationsPerSecond: 0, latency: LatencySummary(nanoseconds: samples), note: "\(samples.count)/\(count) fired")
    }
}

/// Records how late its reminder fired.
struct LatenessActor: VirtualActor {
    static let actorType = "LatenessActor"
    static let recorder = LatenessRecorder()
    let context: ActorContext

    init(context: ActorContext) {
        self.context = context
    }

    static let methods = ActorMethodTable<LatenessActor>(arm)
    static let arm = ActorMethod("arm", LatenessActor.arm(due:))

    func arm(due: Date) async throws -> NoValue {
        context.registerReminder("late", dueTime: due)
        return NoValue()
    }

    func receiveReminder(_ reminder: FiredReminder) async throws {
        Self.recorder.add(Int64(Date().timeIntervalSince(reminder.dueTime) * 1e9))
    }
}

final class LatenessRecorder: Sendable {
    private let values = Mutex<[Int64]>([])
    func add(_ value: Int64) { values.withLock { $0.append(value) } }
    func reset() { values.withLock { $0 = [] } }
    var count: Int { values.withLock { $0.count } }
    var samples: [Int64] { values.withLock { $0 } }
}
