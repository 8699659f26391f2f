import ActorRuntime
import TodoModel

/// Finds the task a user means by a few words ("the board deck"), with the index's search:
/// all the words first, then fewer, so a target with one word the title lacks ("pay the
/// rent bill") still finds "pay rent".
struct ChatTargets: Sendable {
    let user: ActorProxy<UserActor>
    /// Longer targets are cut: a search over more words than a title has cannot help.
    static let maxWords = 8

    func resolve(_ target: String, status: String) async throws -> [TaskSummary] {
        let words = target.split(whereSeparator: { $0.isWhitespace }).map { String($0.filter { !"&|():\"".contains($0) }) }.filter { !$0.isEmpty }
        let terms = Array(words.prefix(Self.maxWords))
        guard !terms.isEmpty else { return [] }
        // Every contiguous run of `length` words, longest first; the first length that finds
        // anything decides, with all of its runs' matches together.
        for length in stride(from: terms.count, through: 1, by: -1) {
            var found: [String: TaskSummary] = [:]
            var order: [String] = []
            for start in 0...(terms.count - length) {
                let search = terms[start..<(start + length)].joined(separator: " ")
                let items: [TaskSummary]
                do {
                    items = try await user.listTasks(.init(filter: "\(status) & search: \(search)", sort: "due", limit: 50)).items
                } catch let problem as ActorProblem where problem.status == 400 {
                    continue  // words the search syntax cannot hold match nothing
                }
                for item in items where found[item.id] == nil {
                    found[item.id] = item
                    order.append(item.id)
                }
            }
            guard !order.isEmpty else { continue }
            let matches = order.compactMap { found[$0] }
            // The title said in full wins over titles that merely contain it.
            let exact = matches.filter { SearchText.fold($0.title) == SearchText.fold(target) }
            return exact.count == 1 ? exact : matches
        }
        return []
    }
}
