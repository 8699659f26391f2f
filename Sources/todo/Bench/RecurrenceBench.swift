import ArgumentParser
import Foundation
import Recurrence

/// `todo bench rrule`: how many occurrences per second the recurrence engine expands for common
/// rules (the BENCHMARKS.md figure; the goal is at least 1,000,000/s). Each workload is timed
/// over several runs and the median rate is reported. Build with -c release.
struct RecurrenceBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rrule",
        abstract: "Recurrence expansion: occurrences per second for common rules (median of repeated runs)."
    )

    @OptionGroup var output: BenchOutput

    @Option(help: "Timed runs per workload; the median is reported.")
    var runs = 7

    @Option(help: "Occurrences expanded per run.")
    var occurrences = 2_000_000

    func run() throws {
        let report = BenchReport(output)
        try RecurrenceBenchmark.run(occurrences: output.quick ? 20_000 : occurrences, runs: output.quick ? 3 : max(1, runs)).forEach(report.add)
        try report.finish()
    }
}

/// The measurement, separate from the command so another driver can call it.
enum RecurrenceBenchmark {
    struct Workload {
        /// Short enough for the 46-character name column.
        let label: String
        let rule: String
        let start: String
        let zone: String
    }

    /// Common rules in a DST zone, timed from their start; each pass expands at most `passLength`
    /// occurrences (a yearly rule ends in year 9999), and passes repeat until the run's total.
    static let workloads = [
        Workload(label: "daily 08:00, Berlin", rule: "FREQ=DAILY", start: "2025-01-01T08:00:00", zone: "Europe/Berlin"),
        Workload(label: "weekly MO,WE,FR, Berlin", rule: "FREQ=WEEKLY;BYDAY=MO,WE,FR", start: "2025-01-06T08:00:00", zone: "Europe/Berlin"),
        Workload(label: "monthly last day, Berlin", rule: "FREQ=MONTHLY;BYMONTHDAY=-1", start: "2025-01-31T08:00:00", zone: "Europe/Berlin"),
        Workload(label: "monthly last Friday, New York", rule: "FREQ=MONTHLY;BYDAY=-1FR", start: "2025-01-31T08:00:00", zone: "America/New_York"),
        Workload(label: "monthly last weekday, New York", rule: "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", start: "2025-01-31T17:00:00", zone: "America/New_York"),
        Workload(label: "yearly, Sydney", rule: "FREQ=YEARLY", start: "2025-03-14T09:00:00", zone: "Australia/Sydney"),
        Workload(label: "daily 09/13/17h, Berlin", rule: "FREQ=DAILY;BYHOUR=9,13,17", start: "2025-01-01T09:00:00", zone: "Europe/Berlin"),
        Workload(label: "daily, date-only", rule: "FREQ=DAILY", start: "2025-01-01", zone: "Asia/Kolkata"),
    ]

    static let passLength = 10_000

    static func run(occurrences: Int, runs: Int) throws -> [BenchResult] {
        try workloads.map { workload in
            let set = try RecurrenceSet(rule: workload.rule, start: workload.start, timeZone: workload.zone)
            _ = expand(set, total: passLength)  // warm-up: zone tables, caches
            var rates: [Double] = []
            var checksums: Set<Int64> = []
            for _ in 0..<runs {
                let clock = ContinuousClock()
                let started = clock.now
                let (count, sum) = expand(set, total: occurrences)
                let seconds = Double((clock.now - started).nanoseconds) / 1e9
                checksums.insert(sum)
                rates.append(Double(count) / seconds)
            }
            // Every run expands the same occurrences; a different sum would mean the engine is
            // not deterministic, which no figure should hide.
            guard checksums.count == 1 else { throw ValidationError("rrule benchmark: runs of \(workload.rule) disagree") }
            rates.sort()
            let median = rates[rates.count / 2]
            let name = "rrule \(workload.label)"
            return BenchResult(
                name: name, operations: occurrences, seconds: Double(occurrences) / median, operationsPerSecond: median, latency: nil,
                note: "\(workload.rule); median of \(runs) runs, " + String(format: "min %.0f, max %.0f", rates.first!, rates.last!)
            )
        }
    }

    /// Expands `total` occurrences in passes from the start, lazily, summing instants so the
    /// work cannot be optimized away.
    private static func expand(_ set: RecurrenceSet, total: Int) -> (count: Int, sum: Int64) {
        var count = 0
        var sum: Int64 = 0
        while count < total {
            var iterator = set.makeIterator()
            var pass = 0
            while pass < passLength, count < total, let occurrence = iterator.next() {
                sum &+= occurrence.secondsSince1970
                pass += 1
                count += 1
            }
            if pass == 0 { break }
        }
        return (count, sum)
    }
}
