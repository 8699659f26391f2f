import Foundation
import PropertyBased
import Testing
@testable import TodoModel

/// The filter language against a naive reference: random filters are built as trees here,
/// written out as text with as few parentheses as precedence allows (so the parser's
/// precedence is tested too), and evaluated both by `TaskFilter` and by `Reference` over
/// random task sets. The two must select exactly the same tasks.
@Suite struct FilterPropertyTests {
    static let now = 1_795_612_142.0  // 2026-11-25T09:09:02Z
    static let context = FilterContext(now: now, today: Int(now / 86_400), utcOffset: 0)
    static let tags = ["work", "home", "errand"]
    static let words = ["rent", "call", "milk", "deck", "gym"]

    indirect enum Expr: Sendable, CustomStringConvertible {
        case term(RefTerm)
        case not(Expr)
        case and(Expr, Expr)
        case or(Expr, Expr)

        /// Minimal parentheses: `!` binds tightest, then `&`, then `|`.
        var description: String {
            switch self {
            case .term(let term): return term.text
            case .not(let inner):
                if case .term = inner { return "!" + inner.description }
                if case .not = inner { return "!" + inner.description }
                return "!(\(inner))"
            case .and(let left, let right):
                func side(_ e: Expr) -> String { if case .or = e { return "(\(e))" }; return e.description }
                return "\(side(left)) & \(side(right))"
            case .or(let left, let right):
                return "\(left) | \(right)"
            }
        }
    }

    enum RefTerm: Sendable {
        case today, tomorrow, yesterday, overdue, noDate, hasDate, noTags, noPriority
        case completed, open, recurring
        case p(Int)
        case tag(String)
        case dueBeforeDays(Int), dueAfterDays(Int), dueBeforeHours(Int), dueAfterHours(Int)
        case search(String)

        var text: String {
            switch self {
            case .today: return "today"
            case .tomorrow: return "Tomorrow"
            case .yesterday: return "yesterday"
            case .overdue: return "overdue"
            case .noDate: return "no  date"
            case .hasDate: return "has date"
            case .noTags: return "no tags"
            case .noPriority: return "no priority"
            case .completed: return "completed"
            case .open: return "open"
            case .recurring: return "recurring"
            case .p(let level): return "p\(level)"
            case .tag(let tag): return "#\(tag.uppercased())"
            case .dueBeforeDays(let n): return "due before: \(n >= 0 ? "+" : "")\(n) days"
            case .dueAfterDays(let n): return "due after: \(n) days"
            case .dueBeforeHours(let n): return "due before: +\(n) hours"
            case .dueAfterHours(let n): return "due after: \(n) hours"
            case .search(let word): return "search: \(word.capitalized)"
            }
        }
    }

    /// The semantics as docs/filters.md states them, written out plainly.
    enum Reference {
        static func matches(_ expr: Expr, _ task: TaskSummary) -> Bool {
            switch expr {
            case .term(let term): return matches(term, task)
            case .not(let inner): return !matches(inner, task)
            case .and(let left, let right): return matches(left, task) && matches(right, task)
            case .or(let left, let right): return matches(left, task) || matches(right, task)
            }
        }

        static func matches(_ term: RefTerm, _ task: TaskSummary) -> Bool {
            let today = FilterPropertyTests.context.today
            let now = FilterPropertyTests.now
            switch term {
            case .today: return task.dueDay == today
            case .tomorrow: return task.dueDay == today + 1
            case .yesterday: return task.dueDay == today - 1
            case .overdue:
                guard task.status == .open, let day = task.dueDay else { return false }
                return task.dueHasTime ? task.dueAt! < now : day < today
            case .noDate: return task.dueDay == nil
            case .hasDate: return task.dueDay != nil
            case .noTags: return task.tags.isEmpty
            case .noPriority: return task.priority == .none
            case .completed: return task.status == .completed
            case .open: return task.status == .open
            case .recurring: return task.recurring
            case .p(let level): return task.priority == [Priority.urgent, .high, .medium, .low][level - 1]
            case .tag(let tag): return task.tags.contains(tag)
            case .dueBeforeDays(let n): return task.dueDay.map { $0 < today + n } ?? false
            case .dueAfterDays(let n): return task.dueDay.map { $0 > today + n } ?? false
            case .dueBeforeHours(let n): return task.dueAt.map { $0 < now + Double(n) * 3600 } ?? false
            case .dueAfterHours(let n): return task.dueAt.map { $0 > now + Double(n) * 3600 } ?? false
            case .search(let word):
                return (task.title + " " + task.notes + " " + task.tags.joined(separator: " ")).lowercased().contains(word)
            }
        }
    }

    static let termGen = zip(Gen.int(in: 0...17), Gen.int(in: -4...4), Gen.int(in: 0...4)).map { draw -> RefTerm in
        let (kind, n, pick) = draw
        switch kind {
        case 0: return .today
        case 1: return .tomorrow
        case 2: return .yesterday
        case 3: return .overdue
        case 4: return .noDate
        case 5: return .hasDate
        case 6: return .noTags
        case 7: return .noPriority
        case 8: return .completed
        case 9: return .open
        case 10: return .recurring
        case 11: return .p(pick % 4 + 1)
        case 12: return .tag(tags[pick % tags.count])
        case 13: return .dueBeforeDays(n)
        case 14: return .dueAfterDays(n)
        case 15: return .dueBeforeHours(abs(n) * 12)
        case 16: return .dueAfterHours(n * 12)
        default: return .search(words[pick])
        }
    }

    /// A tree of up to `depth` levels from a flat list of terms and shapes.
    static func build(_ terms: [RefTerm], _ shapes: [Int]) -> Expr {
        var terms = terms[...]
        var shapes = shapes[...]
        func next(_ depth: Int) -> Expr {
            let shape = shapes.popFirst() ?? 0
            if depth == 0 || shape < 4 || terms.count < 2 { return .term(terms.popFirst() ?? .open) }
            switch shape {
            case 4, 5: return .not(next(depth - 1))
            case 6, 7: return .and(next(depth - 1), next(depth - 1))
            default: return .or(next(depth - 1), next(depth - 1))
            }
        }
        return next(4)
    }

    static let taskGen = zip(
        zip(Gen.int(in: 0...4), Gen.int(in: 0...7), Gen.int(in: -6...6), Gen.int(in: 0...3)),
        zip(Gen.int(in: 0...86_399), Gen.bool, Gen.bool, Gen.int(in: 0...24))
    ).map { draw -> TaskSummary in
        let ((priority, tagMask, dayOffset, dueKind), (secondOfDay, completed, recurring, word)) = draw
        let today = context.today
        var dueDay: Int? = nil
        var dueAt: Double? = nil
        var hasTime = false
        if dueKind > 0 {
            dueDay = today + dayOffset
            hasTime = dueKind > 1
            dueAt = Double(dueDay! * 86_400 + (hasTime ? secondOfDay : 0))
        }
        return TaskSummary(
            id: UUID().uuidString, title: "\(words[word % words.count]) task", notes: word > 12 ? "about \(words[word % 3])" : "",
            status: completed ? .completed : .open, priority: Priority.allCases[priority],
            tags: tags.enumerated().filter { tagMask & (1 << $0.offset) != 0 }.map(\.element),
            dueDay: dueDay, dueAt: dueAt, dueHasTime: hasTime, recurring: recurring,
            createdAt: now - 1000, updatedAt: now - 10
        )
    }

    @Test func theFilterLanguageAgreesWithTheReference() async {
        let input = zip(Self.termGen.array(of: 1...12), Gen.int(in: 0...9).array(of: 1...20), Self.taskGen.array(of: 0...40))
        await propertyCheck(count: 400, input: input) { terms, shapes, tasks in
            let expr = Self.build(terms, shapes)
            let text = expr.description
            let filter: TaskFilter
            do {
                filter = try TaskFilter(parsing: text)
            } catch {
                Issue.record("'\(text)' did not parse: \(error)")
                return
            }
            for task in tasks {
                let expected = Reference.matches(expr, task)
                #expect(filter.matches(task, in: Self.context) == expected, "'\(text)' on \(task)")
            }
            // What the filter renders back parses to the same selection.
            let rendered = try? TaskFilter(parsing: filter.description)
            #expect(rendered != nil, "rendering '\(filter.description)' of '\(text)' parses")
            if let rendered {
                for task in tasks {
                    #expect(rendered.matches(task, in: Self.context) == filter.matches(task, in: Self.context), "'\(filter.description)'")
                }
            }
        }
    }

    @Test(arguments: [
        ("((", "expected a filter term"),
        ("p1 & ", "expected a filter term"),
        ("today)", "')' without a matching '('"),
        ("(today", "missing ')'"),
        ("tody", "did you mean 'today'"),
        ("due before: soon", "'due before:' needs a date"),
        ("due on: +3 hours", "compares days"),
        ("# ", "'#' must be followed by a tag name"),
        ("priority: huge", "'priority:' needs"),
        ("search:", "'search:' needs at least one word"),
    ])
    func badFiltersSayWhatIsWrongAndWhere(text: String, message: String) {
        #expect {
            try TaskFilter(parsing: text)
        } throws: { error in
            "\(error)".contains(message) && "\(error)".contains("at character")
        }
    }
}
