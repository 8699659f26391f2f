import Foundation
import TodoLanguage
import TodoModel

/// One line of Resources/corpus.jsonl: a message, when and where it was said, and the
/// expected result in the CLI's JSON shape.
struct CorpusCase: Decodable, Sendable {
    var text: String
    var now: String
    var tz: String
    var expected: ParseResult

    var date: Date { DateValue(rfc3339: now)!.date! }
    var zone: TimeZone { TimeZone(identifier: tz)! }
}

enum Corpus {
    /// `name`: "corpus" (English), or an Urdu batch such as "corpus-roman-urdu-2".
    static func load(_ name: String = "corpus") throws -> [CorpusCase] {
        let url = Bundle.module.url(forResource: name, withExtension: "jsonl")
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/\(name).jsonl")
        let text = try String(contentsOf: url, encoding: .utf8)
        let decoder = JSONDecoder()
        return try text.split(separator: "\n").enumerated().map { index, line in
            do {
                return try decoder.decode(CorpusCase.self, from: Data(line.utf8))
            } catch {
                throw CorpusError(line: index + 1, message: "\(error)")
            }
        }
    }

    struct CorpusError: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "corpus.jsonl line \(line): \(message)" }
    }
}

/// Field-by-field comparison of a parse with its expectation. The fields scored for a case
/// depend on the expected intent; `clarification` is compared by presence only (its wording
/// is for people and may change).
struct CorpusScorer {
    static let taskFields = ["title", "due", "timeZone", "priority", "tags", "rrule", "anchor", "reminders"]

    /// Field name → whether it matched, for one case.
    static func compare(_ actual: ParseResult, _ expected: ParseResult) -> [(field: String, ok: Bool)] {
        var fields: [(String, Bool)] = [
            ("intent", actual.intent == expected.intent),
            ("clarification", (actual.clarification != nil) == (expected.clarification != nil)),
        ]
        // The detected language is scored where the corpus states it (the Urdu batches do).
        if let language = expected.language { fields.append(("language", actual.language == language)) }
        switch expected.intent {
        case .add:
            let actualTasks = actual.tasks ?? []
            let expectedTasks = expected.tasks ?? []
            let sameCount = actualTasks.count == expectedTasks.count
            fields.append(("taskCount", sameCount))
            for (index, want) in expectedTasks.enumerated() {
                let got = sameCount ? actualTasks[index] : nil
                fields.append(("title", got?.title == want.title))
                fields.append(("due", got?.due == want.due))
                fields.append(("timeZone", got?.timeZone == want.timeZone))
                fields.append(("priority", got?.priority == want.priority))
                fields.append(("tags", got?.tags == want.tags))
                fields.append(("rrule", got.map { ruleParts($0.rrule) == ruleParts(want.rrule) } ?? false))
                fields.append(("anchor", got?.anchor == want.anchor))
                fields.append(("reminders", got?.reminders == want.reminders))
            }
        case .update:
            fields.append(("target", sameTarget(actual.target, expected.target)))
            fields.append(("changes", normalized(actual.changes) == normalized(expected.changes)))
        case .complete, .reopen, .delete:
            fields.append(("target", sameTarget(actual.target, expected.target)))
            fields.append(("filter", sameFilter(actual.filter, expected.filter)))
        case .list:
            fields.append(("filter", sameFilter(actual.filter, expected.filter)))
            fields.append(("sort", sameSort(actual.sort, expected.sort)))
        case .undo, .help, .unknown:
            break
        }
        return fields
    }

    /// RRULE parts as a set: their order carries no meaning.
    static func ruleParts(_ rule: String?) -> Set<String>? {
        rule.map { Set($0.split(separator: ";").map(String.init)) }
    }

    static func sameTarget(_ a: String?, _ b: String?) -> Bool {
        a?.lowercased() == b?.lowercased()
    }

    /// Filters compare by their canonical rendering, with the top-level `&` terms as a set.
    static func sameFilter(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        guard let x = try? TaskFilter(parsing: a), let y = try? TaskFilter(parsing: b) else { return false }
        return topLevelTerms(x.description) == topLevelTerms(y.description)
    }

    static func sameSort(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        guard let x = try? TaskSort(parsing: a), let y = try? TaskSort(parsing: b) else { return false }
        return x == y
    }

    /// Splits a rendered filter at `&` outside parentheses.
    static func topLevelTerms(_ text: String) -> [String] {
        var terms: [String] = []
        var depth = 0
        var current = ""
        for character in text {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if character == "&", depth == 0 {
                terms.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        terms.append(current.trimmingCharacters(in: .whitespaces))
        return terms.filter { !$0.isEmpty }.sorted()
    }

    private static func normalized(_ changes: TaskChanges?) -> TaskChanges? {
        guard var changes else { return nil }
        if let rule = changes.rrule { changes.rrule = ruleParts(rule)!.sorted().joined(separator: ";") }
        return changes
    }
}
