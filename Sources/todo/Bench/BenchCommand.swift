import ArgumentParser
import Foundation

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the runtime (figures for BENCHMARKS.md). Build with -c release.",
        subcommands: [RuntimeBench.self, APIBench.self, RecurrenceBench.self, AuditBench.self]
    )
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
