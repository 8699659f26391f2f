import Foundation
import Testing
import TodoLanguage
import TodoModel

/// Scores the engine on the quality corpus (Resources/corpus.jsonl): per-field and overall
/// accuracy, and parse latency. The goal is ≥ 95% of messages fully correct.
@Suite struct CorpusTests {
    @Test func corpusAccuracyAndLatency() throws {
        let cases = try Corpus.load()
        #expect(cases.count >= 220)

        var perField: [String: (ok: Int, total: Int)] = [:]
        var fullyCorrect = 0
        var failures: [String] = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for item in cases {
            let actual = LanguageEngine.parse(item.text, now: item.date, timeZone: item.zone)
            let fields = CorpusScorer.compare(actual, item.expected)
            for (field, ok) in fields {
                var entry = perField[field, default: (0, 0)]
                entry.total += 1
                if ok { entry.ok += 1 }
                perField[field] = entry
            }
            if fields.allSatisfy(\.ok) {
                fullyCorrect += 1
            } else {
                let got = String(decoding: try encoder.encode(actual), as: UTF8.self)
                let want = String(decoding: try encoder.encode(item.expected), as: UTF8.self)
                let wrong = fields.filter { !$0.ok }.map(\.field)
                failures.append("✗ \(item.text) [\(item.tz) \(item.now)] wrong: \(wrong.joined(separator: ","))\n    got:  \(got)\n    want: \(want)")
            }
        }

        let latency = measureLatency(cases)
        let overall = Double(fullyCorrect) / Double(cases.count)
        var report = ["Corpus: \(cases.count) messages, \(fullyCorrect) fully correct (\(percent(overall)))"]
        for field in ["intent", "clarification", "taskCount"] + CorpusScorer.taskFields + ["target", "changes", "filter", "sort"] {
            guard let entry = perField[field] else { continue }
            report.append("  \(field.padding(toLength: 14, withPad: " ", startingAt: 0)) \(percent(Double(entry.ok) / Double(entry.total))) (\(entry.ok)/\(entry.total))")
        }
        report.append("Parse latency per message (\(latency.samples) samples, \(Self.buildKind) build):")
        report.append("  CPU time   p50 \(micros(latency.cpu.p50)) µs, p99 \(micros(latency.cpu.p99)) µs, max \(micros(latency.cpu.max)) µs")
        report.append("  wall clock p50 \(micros(latency.wall.p50)) µs, p99 \(micros(latency.wall.p99)) µs, max \(micros(latency.wall.max)) µs")
        report.append("  slowest (CPU): " + latency.slowest.map { "\(micros($0.0)) µs “\($0.1)”" }.joined(separator: "; "))
        print(report.joined(separator: "\n"))
        if !failures.isEmpty { print(failures.joined(separator: "\n")) }

        expectOutputsValidInTheAPI(cases)
        #expect(overall >= 0.95, "only \(percent(overall)) of the corpus is fully correct")
        // The goal is p99 < 2 ms in a release build; a debug build gets more room. CPU time is
        // asserted because wall time on a shared two-core machine measures the neighbours too.
        #expect(latency.cpu.p99 < (Self.buildKind == "debug" ? 0.010 : 0.002), "CPU p99 \(micros(latency.cpu.p99)) µs")
    }

    #if DEBUG
    static let buildKind = "debug"
    #else
    static let buildKind = "release"
    #endif

    struct Latency {
        /// Wall-clock time: includes preemption on a busy machine.
        var wall: (p50: Double, p99: Double, max: Double)
        /// CPU time of the parsing thread: the engine's own work.
        var cpu: (p50: Double, p99: Double, max: Double)
        var samples: Int
        var slowest: [(Double, String)]
    }

    /// Parses the whole corpus five times (after a warm-up) and takes percentiles of the
    /// per-message times.
    private func measureLatency(_ cases: [CorpusCase]) -> Latency {
        let inputs = cases.map { ($0.text, $0.date, $0.zone) }
        for (text, now, zone) in inputs { _ = LanguageEngine.parse(text, now: now, timeZone: zone) }
        var wall: [Double] = []
        var cpu: [Double] = []
        var slowest: [(Double, String)] = []
        let clock = ContinuousClock()
        for _ in 0..<5 {
            for (text, now, zone) in inputs {
                let cpuStart = ThreadCPUTime.now()
                let start = clock.now
                let result = LanguageEngine.parse(text, now: now, timeZone: zone)
                let elapsed = clock.now - start
                let cpuSeconds = ThreadCPUTime.now() - cpuStart
                precondition(!result.intent.rawValue.isEmpty)
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                wall.append(seconds)
                cpu.append(cpuSeconds)
                slowest.append((cpuSeconds, text))
            }
        }
        slowest.sort { $0.0 > $1.0 }
        func stats(_ values: [Double]) -> (Double, Double, Double) {
            let sorted = values.sorted()
            func quantile(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] }
            return (quantile(0.5), quantile(0.99), sorted.last ?? 0)
        }
        return Latency(wall: stats(wall), cpu: stats(cpu), samples: wall.count, slowest: Array(slowest.prefix(5)))
    }

    private func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
    private func micros(_ seconds: Double) -> String { String(format: "%.0f", seconds * 1e6) }
}
