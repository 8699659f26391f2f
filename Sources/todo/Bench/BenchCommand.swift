import ArgumentParser
import Foundation
import Synchronization

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the runtime (figures for BENCHMARKS.md). Build with -c release.",
        subcommands: [RuntimeBench.self, APIBench.self, RecurrenceBench.self, AuditBench.self, WebSocketBench.self, ReminderBench.self]
    )
}

/// The output flags every benchmark takes.
struct BenchOutput: ParsableArguments {
    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "A short run (CI smoke test), not for reporting.")
    var quick = false
}

/// Collects a benchmark's results: a table line each as they come, or JSON at the end.
final class BenchReport {
    private let json: Bool
    private(set) var results: [BenchResult] = []

    init(_ output: BenchOutput) {
        json = output.json
    }

    func add(_ result: BenchResult) {
        results.append(result)
        if !json { print(result.line()) }
    }

    func finish() throws {
        guard json else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(results), as: UTF8.self))
    }
}

/// `count` calls of `body` from `concurrency` workers, each timed: the load loop of the
/// throughput benchmarks.
func measureConcurrently(name: String, count: Int, concurrency: Int, note: String? = nil, _ body: @escaping @Sendable (Int) async throws -> Void) async throws -> BenchResult {
    let next = TicketCounter()
    let clock = ContinuousClock()
    let start = clock.now
    let samples = try await withThrowingTaskGroup(of: [Int64].self) { group in
        for _ in 0..<concurrency {
            group.addTask {
                var local: [Int64] = []
                while true {
                    let index = next.take()
                    guard index < count else { break }
                    let began = clock.now
                    try await body(index)
                    local.append((clock.now - began).nanoseconds)
                }
                return local
            }
        }
        var all: [Int64] = []
        for try await part in group { all += part }
        return all
    }
    let seconds = Double((clock.now - start).nanoseconds) / 1e9
    return BenchResult(name: name, operations: count, seconds: seconds, operationsPerSecond: Double(count) / seconds, latency: LatencySummary(nanoseconds: samples), note: note)
}

/// Hands out 0, 1, 2, … to concurrent workers.
final class TicketCounter: Sendable {
    private let value = Atomic<Int>(0)
    func take() -> Int { value.add(1, ordering: .relaxed).oldValue }
}

/// Latency samples and what BENCHMARKS.md reports of them.
struct LatencySummary: Codable {
    var count: Int
    var p50Microseconds: Double
    var p99Microseconds: Double
    var maxMicroseconds: Double

    init(nanoseconds samples: [Int64]) {
        let sorted = samples.sorted()
        count = sorted.count
        func at(_ quantile: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let index = min(sorted.count - 1, Int((Double(sorted.count) * quantile).rounded(.up)) - 1)
            return Double(sorted[max(0, index)]) / 1_000
        }
        p50Microseconds = at(0.50)
        p99Microseconds = at(0.99)
        maxMicroseconds = Double(sorted.last ?? 0) / 1_000
    }
}

/// One workload's result.
struct BenchResult: Codable {
    var name: String
    var operations: Int
    var seconds: Double
    var operationsPerSecond: Double
    var latency: LatencySummary?
    var note: String?

    func line() -> String {
        var text = "\(name.padding(toLength: 46, withPad: " ", startingAt: 0)) \(String(format: "%12.0f", operationsPerSecond)) ops/s"
        if let latency {
            text += String(format: "   p50 %8.1f µs   p99 %9.1f µs", latency.p50Microseconds, latency.p99Microseconds)
        }
        if let note { text += "   (\(note))" }
        return text
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let parts = components
        return parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
    }
}
