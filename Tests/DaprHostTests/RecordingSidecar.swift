import ActorRuntime
import Foundation
import Synchronization

/// An in-memory `ActorSidecar` for the app-side route tests: it keeps state and records
/// what the host asked of it. The wire format of these calls is tested separately
/// (`SidecarClientWireTests`) and end to end against the Python fake sidecar that the official
/// SDK checks (`Tests/python/test_dapr_conformance.py`).
final class RecordingSidecar: ActorSidecar {
    struct Recorded: Sendable {
        var state: [ActorAddress: [String: Data]] = [:]
        var saves: [(ActorAddress, [SidecarStateChange])] = []
        var reminders: [String: ReminderRecord] = [:]
        var timers: [String: TimerSpec] = [:]
        var published: [OutboxMessage] = []
        var calls: [String] = []
    }

    let recorded = Mutex(Recorded())

    func invokeActor(_ actor: ActorAddress, method: String, body: Data, chainID: String?) async throws -> Data {
        recorded.withLock { $0.calls.append("invoke \(actor).\(method)") }
        return Data("null".utf8)
    }

    func loadActorState(_ actor: ActorAddress, key: String) async throws -> Data? {
        recorded.withLock { $0.state[actor]?[key] }
    }

    func saveActorState(_ actor: ActorAddress, _ changes: [SidecarStateChange]) async throws {
        recorded.withLock { recorded in
            recorded.saves.append((actor, changes))
            for change in changes {
                switch change {
                case .upsert(let key, let json): recorded.state[actor, default: [:]][key] = json
                case .delete(let key): recorded.state[actor]?[key] = nil
                }
            }
        }
    }

    func registerReminder(_ reminder: ReminderRecord) async throws {
        recorded.withLock { $0.reminders["\(reminder.actor)/\(reminder.name)"] = reminder }
    }

    func reminder(_ actor: ActorAddress, named name: String) async throws -> ReminderRecord? {
        recorded.withLock { $0.reminders["\(actor)/\(name)"] }
    }

    func unregisterReminder(_ actor: ActorAddress, named name: String) async throws {
        recorded.withLock { $0.reminders["\(actor)/\(name)"] = nil }
    }

    func registerTimer(_ actor: ActorAddress, _ timer: TimerSpec) async throws {
        recorded.withLock { $0.timers["\(actor)/\(timer.name)"] = timer }
    }

    func unregisterTimer(_ actor: ActorAddress, named name: String) async throws {
        recorded.withLock { $0.timers["\(actor)/\(name)"] = nil }
    }

    func publish(_ message: OutboxMessage, pubsubName: String) async throws {
        recorded.withLock { $0.published.append(message) }
    }

    func stateJSON(_ actor: ActorAddress, _ key: String) -> String? {
        recorded.withLock { $0.state[actor]?[key].map { String(decoding: $0, as: UTF8.self) } }
    }
}
