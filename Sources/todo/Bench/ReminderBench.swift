import ActorRuntime
import ActorStoreSQLite
import ArgumentParser
import Foundation
import Logging
import Synchronization
import TodoActors
import TodoEvents
import TodoModel

/// `todo bench reminders`: reminder lateness under load. Creates TaskActors (spread over
/// many users) whose reminders all fall in the same minute, on the embedded host with the
/// SQLite store and the real clock, and records for every `reminders` event how late the
/// reminder fired — the CloudEvent's `time`, stamped in the firing TaskActor turn, minus the
/// reminder's instant — and how late it reached its subscriber (after the durable save with
/// the outbox and the bus). Half the tasks float (their reminder turn asks the owner's
/// UserActor for the zone), half have a zone of their own.
struct ReminderBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reminders",
        abstract: "Task reminder lateness (p50/p99) with many reminders due in the same minute."
    )

    @OptionGroup var output: BenchOutput

    @Option(help: "Task reminders due in the window.")
    var reminders = 10_000

    @Option(help: "Owners the tasks are spread over.")
    var users = 100

    @Option(help: "Seconds the reminders are spread over (60: the same minute).")
    var window = 60

    @Option(help: "State store: sqlite (as under todo serve) or memory.")
    var store = "sqlite"

    func run() async throws {
        let count = output.quick ? 500 : reminders
        let window = output.quick ? 3 : self.window
        let report = BenchReport(output)
        for result in try await lateness(count: count, window: window, name: "\(count) in \(window) s") { report.add(result) }
        for result in try await lateness(count: count, window: 0, name: "\(count) at one instant") { report.add(result) }
        try report.finish()
    }

    private func makeStore(in directory: URL) throws -> any ActorStateStore {
        switch store {
        case "memory": return MemoryStateStore()
        case "sqlite": return try SQLiteActorStateStore(path: directory.appendingPathComponent("bench.sqlite").path)
        default: throw ValidationError("--store is sqlite or memory, not '\(store)'")
        }
    }

    private func lateness(count: Int, window: Int, name: String) async throws -> [BenchResult] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("todo-bench-reminders-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var logger = Logger(label: "todo.bench")
        logger.logLevel = .warning
        let host = EmbeddedActorHost(configuration: .init(appID: "bench"), store: try makeStore(in: directory), logger: logger)
        TasksServiceActors.register(on: host)
        let samples = Mutex<[Int64]>([])
        let fired = Mutex<[Int64]>([])
        let seen = Mutex<Set<String>>([])
        host.bus.subscribe(Subscription(topic: Topics.reminders, consumer: "bench") { event in
            let delivered = Date()
            let reminder = try event.decodeData(ReminderEvent.self)
            let late = Int64(delivered.timeIntervalSince(reminder.remindAt) * 1e9)
            samples.withLock { $0.append(late) }
            if let stamped = try? Date(event.time, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
                fired.withLock { $0.append(Int64(stamped.timeIntervalSince(reminder.remindAt) * 1e9)) }
            }
            seen.withLock { _ = $0.insert(reminder.id) }
            return .success
        })
        try await host.start()
        let userIDs = (0..<users).map { "bench-user-\($0)" }
        for id in userIDs {
            _ = try await host.proxy(UserActor.self, id).register(UserProfile(id: id, email: "\(id)@example.com", timeZone: "Europe/Berlin", createdAt: Date()))
        }
        // The window starts after setup: about 2 ms per task on the 2-core machine, doubled.
        let setup = max(3.0, Double(count) * 0.004)
        let start = Date().addingTimeInterval(setup).timeIntervalSince1970.rounded(.up)
        let next = TicketCounter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    while true {
                        let index = next.take()
                        guard index < count else { return }
                        let offset = window == 0 ? 0 : Double(window) * Double(index) / Double(count)
                        let at = Date(timeIntervalSince1970: start + offset)
                        let draft = TaskDraft(title: "Reminder \(index)", due: TaskDue(instant: at.addingTimeInterval(3_600), in: .gmt), timeZone: index % 2 == 0 ? "UTC" : nil, reminders: [TaskReminder(id: "r", at: at)])
                        _ = try await host.proxy(TaskActor.self, "bench-task-\(index)").create(.init(userID: userIDs[index % userIDs.count], draft: draft))
                    }
                }
            }
            try await group.waitForAll()
        }
        let armedAt = Date()
        guard armedAt.timeIntervalSince1970 < start else {
            await host.shutdown()
            throw ValidationError("setup took longer than the \(Int(setup)) s allowed; reminders were due before all were armed")
        }
        let deadline = ContinuousClock.now.advanced(by: .seconds(Double(window) + start - armedAt.timeIntervalSince1970 + 60))
        while samples.withLock({ $0.count }) < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        await host.shutdown()
        let all = samples.withLock { $0 }
        let firings = fired.withLock { $0 }
        let distinct = seen.withLock { $0.count }
        let rate = Double(all.count) / Double(max(window, 1))
        return [
            BenchResult(name: "\(name): fired", operations: firings.count, seconds: Double(max(window, 1)), operationsPerSecond: rate, latency: LatencySummary(nanoseconds: firings), note: "firing turn's event time − due (ms resolution)"),
            BenchResult(
                name: "\(name): delivered", operations: all.count, seconds: Double(max(window, 1)), operationsPerSecond: rate,
                latency: LatencySummary(nanoseconds: all), note: "\(distinct)/\(count) reminders delivered, \(all.count - distinct) duplicates, \(users) users"
            ),
        ]
    }
}
