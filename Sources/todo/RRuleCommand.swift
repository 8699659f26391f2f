import ArgumentParser
import Foundation
import Recurrence

/// `todo rrule`: expands an RFC 5545 rule for people and scripts, and (with `--batch`) for the
/// differential tests, which feed thousands of rules through one process.
struct RRuleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rrule",
        abstract: "Expand an RFC 5545 recurrence rule on wall-clock time in a time zone.",
        discussion: """
            Prints occurrences as RFC 3339 date-times with the zone's offset, one per line (a JSON \
            array with --json). A date-only --dtstart (YYYY-MM-DD) yields dates. DTSTART is always \
            the first occurrence. A wall time in a DST gap moves forward by the gap (02:30 -> \
            03:30); one that occurs twice takes the first instant (RFC 5545 §3.3.5).

            Without --count or --until an endless rule prints its first 10 occurrences.

            --batch reads JSON lines on standard input, one case per line, such as
              {"rule": "FREQ=DAILY", "dtstart": "2025-03-29", "tz": "UTC", "count": 5}
            (also "until", "rdate": [...], "exdate": [...]), and writes one line per case: \
            a JSON array of occurrences, or {"error": "..."}.

            Errors go to standard error with exit code 2.
            """
    )

    @Option(help: "The rule, e.g. 'FREQ=WEEKLY;BYDAY=MO,WE,FR' (an 'RRULE:' prefix is allowed).")
    var rule: String?

    @Option(help: "DTSTART: a local date-time YYYY-MM-DDTHH:MM:SS, or a date YYYY-MM-DD.")
    var dtstart: String?

    @Option(help: "IANA time zone, e.g. Europe/Berlin (for a floating task: the user's zone).")
    var tz: String?

    @Option(help: "Print at most this many occurrences.")
    var count: Int?

    @Option(help: "Print occurrences up to this RFC 3339 date-time (or through this YYYY-MM-DD in --tz).")
    var until: String?

    @Option(name: .customLong("rdate"), help: "An extra occurrence (repeatable; comma-separated values allowed).")
    var rdates: [String] = []

    @Option(name: .customLong("exdate"), help: "An excluded occurrence; a date excludes the whole day (repeatable).")
    var exdates: [String] = []

    @Flag(help: "Print a JSON array.")
    var json = false

    @Flag(help: "Read JSON lines from standard input and write one JSON line per case.")
    var batch = false

    @Flag(help: "Do not print warnings.")
    var quiet = false

    static let defaultCount = 10

    func run() throws {
        if batch {
            runBatch()
            return
        }
        do {
            guard let dtstart else { throw RecurrenceError(.invalidStart, "missing --dtstart (YYYY-MM-DDTHH:MM:SS or YYYY-MM-DD)") }
            guard let tz else { throw RecurrenceError(.invalidTimeZone, "missing --tz (an IANA zone such as Europe/Berlin; for a floating task, the user's zone)") }
            if count != nil, until != nil { throw RecurrenceError(.conflict, "give --count or --until, not both") }
            let set = try RecurrenceSet(rule: rule, start: dtstart, timeZone: tz, rdates: rdates, exdates: exdates)
            let occurrences = try Self.expand(set, count: count, until: until)
            if !quiet {
                for warning in set.warnings { FileHandle.standardError.write(Data("warning: \(warning.message)\n".utf8)) }
            }
            let texts = occurrences.map(\.rfc3339)
            if json {
                print(Self.jsonArray(texts))
            } else {
                for text in texts { print(text) }
            }
        } catch let error as RecurrenceError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// The occurrences to print: at most `count`, up to `until`, or the default amount.
    static func expand(_ set: RecurrenceSet, count: Int?, until: String?) throws(RecurrenceError) -> [Occurrence] {
        if let count {
            guard count >= 0 else { throw RecurrenceError(.outOfRange, "--count \(count) must not be negative") }
            return set.occurrences(count: count)
        }
        guard let until else {
            return set.isFinite ? Array(set) : set.occurrences(count: defaultCount)
        }
        let limit = try untilLimit(until, set: set)
        var result: [Occurrence] = []
        for occurrence in set {
            if !limit(occurrence) { break }
            result.append(occurrence)
        }
        return result
    }

    /// `--until` as a test: an instant bounds instants; a date or a local time in the series'
    /// zone bounds wall-clock dates and times.
    private static func untilLimit(_ text: String, set: RecurrenceSet) throws(RecurrenceError) -> (Occurrence) -> Bool {
        if let instant = RFC3339.parse(text) {
            if set.isDateOnly {
                let day = set.localTime(at: instant).date
                return { $0.date <= day }
            }
            return { $0.instant <= instant }
        }
        if let date = CivilDate(text) { return { $0.date <= date } }
        if let local = LocalDateTime(text) {
            return set.isDateOnly ? { $0.date <= local.date } : { $0.local <= local }
        }
        throw RecurrenceError(.invalidValue, "--until '\(text)' is not an RFC 3339 date-time (2025-12-31T23:59:59+01:00), a local date-time or a date (YYYY-MM-DD)")
    }

    // MARK: Batch mode

    /// One line of `--batch` input.
    struct BatchCase: Decodable {
        var rule: String?
        var dtstart: String
        var tz: String
        var count: Int?
        var until: String?
        var rdate: [String]?
        var exdate: [String]?
    }

    private func runBatch() {
        let decoder = JSONDecoder()
        while let line = readLine(strippingNewline: true) {
            if line.allSatisfy(\.isWhitespace) { continue }
            // Unbuffered, one write per case: a caller may read each answer before sending more.
            FileHandle.standardOutput.write(Data((Self.answer(line, decoder: decoder) + "\n").utf8))
        }
    }

    static func answer(_ line: String, decoder: JSONDecoder) -> String {
        let input: BatchCase
        do {
            input = try decoder.decode(BatchCase.self, from: Data(line.utf8))
        } catch {
            return jsonError("input is not a JSON object with rule, dtstart and tz: \(error)")
        }
        do {
            if input.count != nil, input.until != nil { throw RecurrenceError(.conflict, "give count or until, not both") }
            let set = try RecurrenceSet(rule: input.rule, start: input.dtstart, timeZone: input.tz,
                                        rdates: input.rdate ?? [], exdates: input.exdate ?? [])
            return jsonArray(try expand(set, count: input.count, until: input.until).map(\.rfc3339))
        } catch let error as RecurrenceError {
            return jsonError(error.message)
        } catch {
            return jsonError("\(error)")
        }
    }

    /// Occurrence texts hold only digits, '-', ':', 'T' and '+': no escaping needed.
    static func jsonArray(_ texts: [String]) -> String {
        "[" + texts.map { "\"\($0)\"" }.joined(separator: ",") + "]"
    }

    static func jsonError(_ message: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: ["error": message], options: [.sortedKeys])) ?? Data("{\"error\":\"?\"}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
