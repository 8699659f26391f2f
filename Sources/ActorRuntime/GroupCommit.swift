import Logging
import Synchronization

/// Group commit, written once for every store (SQLite and Redis actor state, SQLite and
/// PostgreSQL audit): writes submitted while a group is being written wait and go together
/// in the next group, so one transaction (one fsync, one round trip) acknowledges many
/// callers. If a group fails, each of its items is written alone, so one bad item fails
/// only its own caller.
///
/// One drain runs at a time (a task that loops while items are queued); the writers hop
/// to the store's own serial queue or connection themselves.
public final class GroupCommit<Item: Sendable, Output: Sendable>: Sendable {
    /// Writes a group in one transaction: one output per item, in order. It may be called
    /// with no items after `requestFlush()`, for work the store carries along itself.
    public typealias GroupWriter = @Sendable ([Item]) async throws -> [Output]
    /// Writes one item alone, after its group failed.
    public typealias ItemWriter = @Sendable (Item) async throws -> Output

    private struct Queued: Sendable {
        var items: [(Item, CheckedContinuation<Output, any Error>)] = []
        var flushRequested = false
        var draining = false
    }

    private let queued = Mutex(Queued())
    private let writeGroup: GroupWriter
    private let writeItem: ItemWriter
    private let name: String
    private let logger: Logger

    /// `name` says what is committed in the log line of a failed group ("turns", "audit batches").
    public init(of name: String, logger: Logger, writeGroup: @escaping GroupWriter, writeItem: @escaping ItemWriter) {
        self.name = name
        self.logger = logger
        self.writeGroup = writeGroup
        self.writeItem = writeItem
    }

    /// Queues `item` for the next group and returns its output once that group committed.
    public func submit(_ item: Item) async throws -> Output {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Output, any Error>) in
            let start = queued.withLock { queued -> Bool in
                queued.items.append((item, continuation))
                return Self.claimDrain(&queued)
            }
            if start { Task { await self.drain() } }
        }
    }

    /// Runs the group writer soon even when no item is queued (a store that folds its own
    /// deferred work, such as deleting delivered outbox rows, into the next group).
    public func requestFlush() {
        let start = queued.withLock { queued -> Bool in
            queued.flushRequested = true
            return Self.claimDrain(&queued)
        }
        if start { Task { await self.drain() } }
    }

    private static func claimDrain(_ queued: inout Queued) -> Bool {
        if queued.draining { return false }
        queued.draining = true
        return true
    }

    private func drain() async {
        while let group = takeGroup() {
            await write(group)
        }
    }

    /// Everything queued, or nil (and the drain stops) when nothing is.
    private func takeGroup() -> [(Item, CheckedContinuation<Output, any Error>)]? {
        queued.withLock { queued in
            guard !queued.items.isEmpty || queued.flushRequested else {
                queued.draining = false
                return nil
            }
            defer {
                queued.items = []
                queued.flushRequested = false
            }
            return queued.items
        }
    }

    private func write(_ group: [(Item, CheckedContinuation<Output, any Error>)]) async {
        do {
            let outputs = try await writeGroup(group.map(\.0))
            precondition(outputs.count == group.count, "a group writer returns one output per item")
            for (entry, output) in zip(group, outputs) { entry.1.resume(returning: output) }
        } catch {
            switch group.count {
            case 0:
                return
            case 1:
                group[0].1.resume(throwing: error)
            default:
                logger.warning("group commit failed; retrying its \(name) one by one", metadata: ["count": "\(group.count)", "error": "\(error)"])
                for (item, continuation) in group {
                    do {
                        continuation.resume(returning: try await writeItem(item))
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
        }
    }
}
