import TodoModel

// Compiled only once the `todo` target depends on TodoLanguage (see docs/language.md), so
// this file can sit in Sources/todo before Package.swift names the new target.
#if canImport(TodoLanguage)
import ArgumentParser
import Foundation
import TodoLanguage

/// `todo parse`: runs the offline language engine on a message and prints what it understood.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse a chat message into an intent, tasks, changes or a filter (offline engine).",
        discussion: """
        Example: todo parse --now 2025-11-26T10:00:00+01:00 --tz Europe/Berlin --json "call mom tomorrow 5pm"

        With --batch, each line of standard input is a JSON object {"text": …, "now": …, "tz": …} (now and tz optional, defaulting to the options) and each output line is the JSON result for it, in order; a line that cannot be read gives {"error": "…"}.
        """
    )

    @Option(help: "The current instant, RFC 3339 with an offset (default: the system clock).")
    var now: String?

    @Option(help: "The user's IANA time zone, e.g. Europe/Berlin (default: the system zone).")
    var tz: String?

    @Flag(help: "Print the result as one JSON object.")
    var json = false

    @Flag(help: "Read JSON lines {text, now, tz} from standard input and print one JSON result per line.")
    var batch = false

    @Argument(help: "The message to parse.")
    var text: [String] = []

    func validate() throws {
        if !batch, text.isEmpty { throw ValidationError("Give the message to parse, or use --batch.") }
        if batch, !text.isEmpty { throw ValidationError("--batch reads messages from standard input; do not also give one.") }
        if let now, DateValue(rfc3339: now)?.date == nil {
            throw ValidationError("--now must be an RFC 3339 date-time with an offset, e.g. 2025-11-26T10:00:00+01:00, not '\(now)'.")
        }
        if let tz, TimeZone(identifier: tz) == nil { throw ValidationError("--tz must be an IANA time zone such as Europe/Berlin, not '\(tz)'.") }
    }

    func run() throws {
        let defaultNow = now.flatMap { DateValue(rfc3339: $0)?.date } ?? Date()
        let defaultZone = tz.flatMap(TimeZone.init(identifier:)) ?? TimeZone.current
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if batch {
            while let line = readLine(strippingNewline: true) {
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                let output: Data
                do {
                    let request = try BatchLine.read(line, now: defaultNow, zone: defaultZone)
                    output = try encoder.encode(LanguageEngine.parse(request.text, now: request.now, timeZone: request.zone))
                } catch {
                    output = try encoder.encode(["error": "\(error)"])
                }
                print(String(decoding: output, as: UTF8.self))
            }
            return
        }
        let result = LanguageEngine.parse(text.joined(separator: " "), now: defaultNow, timeZone: defaultZone)
        if json {
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            print(Self.describe(result))
        }
    }

    /// A few readable lines for people trying the engine out.
    static func describe(_ result: ParseResult) -> String {
        var lines = ["intent: \(result.intent.rawValue)"]
        // English is the default; Urdu (`ur`) and Roman Urdu (`ur-Latn`) are named.
        if let language = result.language, language != "en" { lines.append("language: \(language)") }
        for task in result.tasks ?? [] {
            var line = "task: \(task.title)"
            if let due = task.due { line += " — due \(due)" }
            if let zone = task.timeZone { line += " (\(zone))" }
            if task.priority != .none { line += ", \(task.priority.rawValue)" }
            if !task.tags.isEmpty { line += ", tags " + task.tags.map { "#\($0)" }.joined(separator: " ") }
            if let rrule = task.rrule { line += ", repeats \(rrule) (\(task.anchor.rawValue))" }
            if !task.reminders.isEmpty { line += ", reminders " + task.reminders.map(\.description).joined(separator: ", ") }
            lines.append(line)
        }
        if let target = result.target { lines.append("target: \(target)") }
        if let changes = result.changes, let data = try? JSONEncoder().encode(changes) { lines.append("changes: " + String(decoding: data, as: UTF8.self)) }
        if let filter = result.filter { lines.append("filter: \(filter.isEmpty ? "(everything)" : filter)") }
        if let sort = result.sort { lines.append("sort: \(sort)") }
        if let question = result.clarification { lines.append("question: \(question)") }
        return lines.joined(separator: "\n")
    }
}

/// One line of `--batch` input.
private struct BatchLine: Decodable {
    var text: String
    var now: String?
    var tz: String?

    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    static func read(_ line: String, now defaultNow: Date, zone defaultZone: TimeZone) throws -> (text: String, now: Date, zone: TimeZone) {
        let parsed = try JSONDecoder().decode(BatchLine.self, from: Data(line.utf8))
        var now = defaultNow
        if let text = parsed.now {
            guard let date = DateValue(rfc3339: text)?.date else { throw Invalid(description: "now '\(text)' is not an RFC 3339 date-time with an offset") }
            now = date
        }
        var zone = defaultZone
        if let identifier = parsed.tz {
            guard let named = TimeZone(identifier: identifier) else { throw Invalid(description: "tz '\(identifier)' is not an IANA time zone") }
            zone = named
        }
        return (parsed.text, now, zone)
    }
}
#endif
