import ActorRuntime
import Foundation
import TodoActors
import TodoModel

/// `POST /tasks:bulk`: one action over tasks chosen by ids or by a filter, always only the
/// caller's. With `dryRun` it reports what it would change and changes nothing.
struct BulkOperation {
    let services: GatewayServices
    let userID: String
    let request: Components.Schemas.BulkRequest
    static let maxTasks = 1_000

    func run() async throws -> Components.Schemas.BulkResult {
        let ids = try await selectedIDs()
        let dryRun = request.dryRun ?? false
        var changed = 0
        if !dryRun {
            changed = try await withThrowingTaskGroup(of: Bool.self) { group in
                var running = 0
                var count = 0
                for id in ids {
                    if running >= 16, let done = try await group.next() {
                        running -= 1
                        if done { count += 1 }
                    }
                    group.addTask { try await apply(to: id) }
                    running += 1
                }
                for try await done in group where done { count += 1 }
                return count
            }
        }
        return .init(action: request.action.rawValue, matched: ids.count, changed: changed, dryRun: dryRun, ids: ids)
    }

    private func selectedIDs() async throws -> [String] {
        switch (request.ids, request.filter) {
        case (.some(let ids), nil):
            // Others' ids are simply not matched: they do not exist for this caller.
            return try await services.user(userID).ownedTasks(Array(Set(ids)).sorted())
        case (nil, .some(let filter)):
            var ids: [String] = []
            var cursor: String?
            repeat {
                let page = try await services.user(userID).listTasks(.init(filter: filter, sort: "created", limit: 500, cursor: cursor))
                ids += page.items.map(\.id)
                cursor = page.nextCursor
                if ids.count > Self.maxTasks {
                    throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "the filter matches more than \(Self.maxTasks) tasks; narrow it down")
                }
            } while cursor != nil
            return ids
        default:
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "give either ids or filter")
        }
    }

    /// Applies the action to one task; true when it changed something.
    private func apply(to id: String) async throws -> Bool {
        let task = services.task(id)
        do {
            switch request.action {
            case .complete:
                let before = try await task.get(.init(userID: userID))
                return try await task.complete(.init(userID: userID)).version != before.version
            case .reopen:
                let before = try await task.get(.init(userID: userID))
                return try await task.reopen(.init(userID: userID)).version != before.version
            case .delete:
                _ = try await task.delete(.init(userID: userID))
                return true
            case .addTag, .removeTag:
                guard let tag = request.tag else {
                    throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "\(request.action.rawValue) needs tag")
                }
                let current = try await task.get(.init(userID: userID))
                let normalized = try TaskFields.tags([tag])[0]
                var tags = current.tags.filter { $0 != normalized }
                if request.action == .addTag { tags.append(normalized) }
                guard tags != current.tags else { return false }
                return try await task.update(.init(userID: userID, patch: TaskPatch(tags: tags))).version != current.version
            case .setPriority:
                guard let raw = request.priority, let priority = Priority(flexible: raw.rawValue) else {
                    throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "setPriority needs priority")
                }
                let current = try await task.get(.init(userID: userID))
                return try await task.update(.init(userID: userID, patch: TaskPatch(priority: priority))).version != current.version
            }
        } catch let problem as ActorProblem where problem.status == 404 {
            return false  // deleted meanwhile
        } catch let error as TaskValidationError {
            throw ActorProblem.unprocessable(error)
        }
    }
}
