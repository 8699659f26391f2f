import Foundation
import Synchronization

/// What a turn does.
enum TurnWork: Sendable {
    case method(String, ActorPayload)
    /// An embedded-host reminder: the turn also advances or deletes it.
    case reminder(ReminderRecord, firedAt: Date)
    /// A reminder whose schedule someone else keeps (the Dapr Scheduler).
    case reminderCallback(FiredReminder)
    case timer(TimerSpec)
    case deactivate
    /// Nothing of the actor's: a turn only for the host's own bookkeeping (draining a
    /// sidecar outbox), which happens when the turn is saved.
    case hostOnly
}

/// How the host runs one actor type.
struct ActorTypeRegistration: Sendable {
    let typeName: String
    let options: ActorTypeOptions
    let make: @Sendable (ActorContext) -> any VirtualActor
    let dispatch: @Sendable (any VirtualActor, String, ActorPayload) async throws -> ActorPayload
    let methodNames: [String]

    init<A: VirtualActor>(_ type: A.Type, options: ActorTypeOptions) {
        let table = A.methods
        self.typeName = A.actorType
        self.options = options
        self.make = { A(context: $0) }
        self.dispatch = { instance, method, payload in
            guard let handler = table.handler(named: method) else {
                throw ActorError.methodNotFound(type: A.actorType, method: method)
            }
            return try await handler.handle(instance as! A, payload)
        }
        self.methodNames = table.names
    }
}

/// Per-type settings; nil fields take the host's.
public struct ActorTypeOptions: Sendable, Equatable {
    public var idleTimeout: Duration?
    public var reentrancy: ReentrancyConfiguration?

    public init(idleTimeout: Duration? = nil, reentrancy: ReentrancyConfiguration? = nil) {
        self.idleTimeout = idleTimeout
        self.reentrancy = reentrancy
    }
}

/// One live instance of a virtual actor: its turn lock, its cached state and its timers.
final class Activation: Sendable {
    private struct Status {
        /// Calls that hold or wait for the turn lock; an activation is only collected at zero.
        var busy = 0
        /// Host clock time of the last turn's end (the host clock, so tests can move it).
        var lastUsed: Date
        var activated = false
        var deactivated = false
        /// Set by every call, cleared by the eviction clock: a second chance for actors in use.
        var referenced = true
        var timerNames: Set<String> = []
    }

    let address: ActorAddress
    let serial: UInt64
    let registration: ActorTypeRegistration
    let lock = TurnLock()
    let state: ActorStateManager
    let effects = TurnEffects()
    let instance: any VirtualActor
    private let status: Mutex<Status>

    init(address: ActorAddress, serial: UInt64, registration: ActorTypeRegistration, services: any ActorHostServices, now: Date, loader: @escaping @Sendable (String) async throws -> StateValue?) {
        self.address = address
        self.serial = serial
        self.registration = registration
        self.state = ActorStateManager(actor: address, loader: loader)
        self.status = Mutex(Status(lastUsed: now))
        self.instance = registration.make(ActorContext(address: address, state: state, effects: effects, services: services))
    }

    /// Registers a caller; false when the activation is already being collected.
    func enter() -> Bool {
        status.withLock { status in
            if status.deactivated { return false }
            status.busy += 1
            status.referenced = true
            return true
        }
    }

    func leave(at now: Date) {
        status.withLock { status in
            status.busy -= 1
            status.lastUsed = now
        }
    }

    var isDeactivated: Bool { status.withLock { $0.deactivated } }
    var isActivated: Bool { status.withLock { $0.activated } }
    func markActivated() { status.withLock { $0.activated = true } }

    var lastUsed: Date { status.withLock { $0.lastUsed } }
    var isIdle: Bool { status.withLock { $0.busy == 0 } }

    /// Claims the activation for collection if nobody uses it (and, with a cutoff, if it was
    /// last used before it). Once claimed, `enter()` refuses new callers.
    func claimForDeactivation(lastUsedBefore cutoff: Date?, force: Bool = false) -> Bool {
        status.withLock { status in
            guard !status.deactivated, force || status.busy == 0 else { return false }
            if let cutoff, status.lastUsed > cutoff { return false }
            status.deactivated = true
            return true
        }
    }

    /// Runs the work on the instance (the host wraps this in its turn boundaries).
    func perform(_ work: TurnWork) async throws -> ActorPayload? {
        switch work {
        case .method(let name, let payload):
            return try await registration.dispatch(instance, name, payload)
        case .reminder(let record, let firedAt):
            // The reminder's own bookkeeping first, so the actor may re-register or cancel it.
            if let next = ReminderSchedule.nextDue(record, after: firedAt) {
                var advanced = record
                advanced.dueTime = next
                effects.add(.upsert(advanced))
            } else {
                effects.add(.delete(actor: record.actor, name: record.name))
            }
            try await instance.receiveReminder(FiredReminder(name: record.name, data: record.data, dueTime: record.dueTime, period: record.period))
            return nil
        case .reminderCallback(let reminder):
            try await instance.receiveReminder(reminder)
            return nil
        case .timer(let spec):
            if let callback = spec.callback, !callback.isEmpty {
                return try await registration.dispatch(instance, callback, .json(spec.data))
            }
            try await instance.receiveTimer(FiredTimer(name: spec.name, data: spec.data))
            return nil
        case .deactivate:
            try await instance.onDeactivate()
            return nil
        case .hostOnly:
            return nil
        }
    }

    enum EvictionVerdict { case gone, keep, evict }

    /// One look of the eviction clock: collected already, in use lately (its reference bit is
    /// cleared and it stays), or a victim (claimed for collection).
    func evictionVerdict() -> EvictionVerdict {
        status.withLock { status in
            if status.deactivated { return .gone }
            if status.busy > 0 || status.referenced {
                status.referenced = false
                return .keep
            }
            status.deactivated = true
            return .evict
        }
    }

    func addTimer(_ name: String) { status.withLock { _ = $0.timerNames.insert(name) } }
    func removeTimer(_ name: String) { status.withLock { _ = $0.timerNames.remove(name) } }
    func takeTimers() -> Set<String> {
        status.withLock { status in
            defer { status.timerNames = [] }
            return status.timerNames
        }
    }
}
