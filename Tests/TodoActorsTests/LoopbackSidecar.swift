import ActorRuntime
import ActorRuntimeTesting
import Foundation
import Synchronization

/// A sidecar in memory for one `SidecarActorHost`, the way daprd serves a single app: actor
/// calls come back into the same host, state and reminders are kept here, and reminders
/// are delivered only when a test says so — once, or twice, as the Dapr Scheduler may.
/// Its broker (publish) and state store (save) can be made to refuse, as an outage would.
final class LoopbackSidecar: ActorSidecar {
    /// Only the broker (publish) and the state store (save) are consulted here.
    let failing = Mutex(SidecarFailures())
    private let stored = Mutex(SidecarMemory())
    private let host = Mutex<SidecarActorHost?>(nil)

    func attach(_ host: SidecarActorHost) { self.host.withLock { $0 = host } }

    func invokeActor(_ actor: ActorAddress, method: String, body: Data, chainID: String?) async throws -> Data {
        guard let host = host.withLock({ $0 }) else { throw ActorProblem(status: 503, title: "Unavailable", detail: "no host") }
        return try await host.handleMethod(actor, method: method, body: body, chainID: chainID)
    }

    func loadActorState(_ actor: ActorAddress, key: String) async throws -> Data? {
        stored.withLock { $0.value(actor, key: key) }
    }

    func saveActorState(_ actor: ActorAddress, _ changes: [SidecarStateChange]) async throws {
        if failing.withLock({ $0.save }) { throw SidecarUnavailable(what: "state store") }
        stored.withLock { $0.apply(changes, of: actor) }
    }

    func registerReminder(_ reminder: ReminderRecord) async throws {
        stored.withLock { $0.setReminder(reminder) }
    }

    func reminder(_ actor: ActorAddress, named name: String) async throws -> ReminderRecord? {
        stored.withLock { $0.reminder(actor, named: name) }
    }

    func unregisterReminder(_ actor: ActorAddress, named name: String) async throws {
        stored.withLock { $0.removeReminder(actor, named: name) }
    }

    func registerTimer(_ actor: ActorAddress, _ timer: TimerSpec) async throws {}
    func unregisterTimer(_ actor: ActorAddress, named name: String) async throws {}

    func publish(_ message: OutboxMessage, pubsubName: String) async throws {
        if failing.withLock({ $0.publish }) { throw SidecarUnavailable(what: "broker") }
        stored.withLock { $0.published.append(message) }
    }

    /// The publications the broker accepted, in order.
    var published: [OutboxMessage] { stored.withLock { $0.published } }

    /// One saved state key as daprd's store holds it.
    func state(_ actor: ActorAddress, _ key: String) -> Data? { stored.withLock { $0.value(actor, key: key) } }

    func reminderRecord(_ actor: ActorAddress, _ name: String) -> ReminderRecord? {
        stored.withLock { $0.reminder(actor, named: name) }
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
