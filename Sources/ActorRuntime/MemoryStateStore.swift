import Foundation
import Synchronization

/// Keeps everything in memory, values unencoded. For tests and benchmarks; nothing survives
/// the process.
public final class MemoryStateStore: ActorStateStore {
    private struct Contents {
        var state: [ActorAddress: [String: StateValue]] = [:]
        var reminders: [ActorAddress: [String: ReminderRecord]] = [:]
        var outbox: [(sequence: Int, message: OutboxMessage)] = []
        var nextSequence = 0
    }

    private let contents = Mutex(Contents())

    public init() {}

    public func loadState(_ actor: ActorAddress, key: String) async throws -> StateValue? {
        contents.withLock { $0.state[actor]?[key] }
    }

    public func commit(_ commit: TurnCommit) async throws {
        contents.withLock { contents in
            for change in commit.state {
                switch change {
                case .upsert(let key, let value): contents.state[commit.actor, default: [:]][key] = value
                case .delete(let key): contents.state[commit.actor]?[key] = nil
                }
            }
            if contents.state[commit.actor]?.isEmpty == true { contents.state[commit.actor] = nil }
            for change in commit.reminders {
                switch change {
                case .upsert(let record): contents.reminders[record.actor, default: [:]][record.name] = record
                case .delete(let actor, let name): contents.reminders[actor]?[name] = nil
                }
            }
            for message in commit.outbox {
                contents.outbox.append((contents.nextSequence, message))
                contents.nextSequence += 1
            }
        }
    }

    public func loadReminders() async throws -> [ReminderRecord] {
        contents.withLock { $0.reminders.values.flatMap(\.values) }
    }

    public func loadOutbox() async throws -> [OutboxMessage] {
        contents.withLock { $0.outbox.map(\.message) }
    }

    public func deleteOutbox(ids: [String]) async throws {
        let doomed = Set(ids)
        contents.withLock { $0.outbox.removeAll { doomed.contains($0.message.outboxID) } }
    }

    public func close() async throws {}

    /// Number of actors with saved state (for tests).
    public var actorCount: Int { contents.withLock { $0.state.count } }
}
