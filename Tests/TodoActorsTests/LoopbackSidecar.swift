import ActorRuntime
import Foundation
import Synchronization

/// A sidecar in memory for one `SidecarActorHost`, the way daprd serves a single app: actor
/// calls come back into the same host, state and reminders are kept here, and reminders
/// are delivered only when a test says so — once, or twice, as the Dapr Scheduler may.
final class LoopbackSidecar: ActorSidecar {
    private struct Stored {
        var state: [ActorAddress: [String: Data]] = [:]
        var reminders: [String: ReminderRecord] = [:]
        var published: [OutboxMessage] = []
    }

    private let stored = Mutex(Stored())
    private let host = Mutex<SidecarActorHost?>(nil)

    func attach(_ host: SidecarActorHost) { self.host.withLock { $0 = host } }

    func invokeActor(_ actor: ActorAddress, method: String, body: Data, chainID: String?) async throws -> Data {
        guard let host = host.withLock({ $0 }) else { throw ActorProblem(status: 503, title: "Unavailable", detail: "no host") }
        return try await host.handleMethod(actor, method: method, body: body, chainID: chainID)
    }

    func loadActorState(_ actor: ActorAddress, key: String) async throws -> Data? {
        stored.withLock { $0.state[actor]?[key] }
    }

    func saveActorState(_ actor: ActorAddress, _ changes: [SidecarStateChange]) async throws {
        stored.withLock { stored in
            for change in changes {
                switch change {
                case .upsert(let key, let json): stored.state[actor, default: [:]][key] = json
                case .delete(let key): stored.state[actor]?[key] = nil
                }
            }
        }
    }

    func registerReminder(_ reminder: ReminderRecord) async throws {
        stored.withLock { $0.reminders["\(reminder.actor)/\(reminder.name)"] = reminder }
    }

    func reminder(_ actor: ActorAddress, named name: String) async throws -> ReminderRecord? {
        stored.withLock { $0.reminders["\(actor)/\(name)"] }
    }

    func unregisterReminder(_ actor: ActorAddress, named name: String) async throws {
        stored.withLock { $0.reminders["\(actor)/\(name)"] = nil }
    }

    func registerTimer(_ actor: ActorAddress, _ timer: TimerSpec) async throws {}
    func unregisterTimer(_ actor: ActorAddress, named name: String) async throws {}

    func publish(_ message: OutboxMessage, pubsubName: String) async throws {
        stored.withLock { $0.published.append(message) }
    }

    func reminderRecord(_ actor: ActorAddress, _ name: String) -> ReminderRecord? {
        stored.withLock { $0.reminders["\(actor)/\(name)"] }
    }

    /// Delivers the registered reminder the way daprd does (empty dueTime: the host reads it
    /// as "now"), `times` times with the same data — an at-least-once redelivery.
    func deliver(_ actor: ActorAddress, _ name: String, times: Int = 1) async throws {
        guard let host = host.withLock({ $0 }), let reminder = reminderRecord(actor, name) else {
            throw ActorProblem(status: 404, title: "Not Found", detail: "no reminder \(name) on \(actor)")
        }
        for _ in 0..<times {
            try await host.handleReminder(actor, name: name, data: reminder.data)
        }
    }
}
