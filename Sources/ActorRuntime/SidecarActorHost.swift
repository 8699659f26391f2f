import Foundation
import Logging
import Synchronization

/// What a sidecar (daprd) offers the app, as far as hosting actors needs it. The DaprHost
/// module implements it over Dapr's HTTP API; keeping the turn semantics here means both hosts
/// run actors the same way.
public protocol ActorSidecar: Sendable {
    /// Calls an actor wherever it lives. `chainID` travels as `Dapr-Reentrancy-Id`.
    func invokeActor(_ actor: ActorAddress, method: String, body: Data, chainID: String?) async throws -> Data
    func loadActorState(_ actor: ActorAddress, key: String) async throws -> Data?
    /// Dapr's transactional actor state save (only valid while the actor is active there).
    func saveActorState(_ actor: ActorAddress, _ changes: [SidecarStateChange]) async throws
    func registerReminder(_ reminder: ReminderRecord) async throws
    func reminder(_ actor: ActorAddress, named name: String) async throws -> ReminderRecord?
    func unregisterReminder(_ actor: ActorAddress, named name: String) async throws
    func registerTimer(_ actor: ActorAddress, _ timer: TimerSpec) async throws
    func unregisterTimer(_ actor: ActorAddress, named name: String) async throws
    func publish(_ message: OutboxMessage, pubsubName: String) async throws
}

public enum SidecarStateChange: Sendable, Equatable {
    case upsert(key: String, json: Data)
    case delete(key: String)
}

/// Runs actors behind a sidecar: the sidecar places actors, holds the turn lock, keeps state
/// and schedules reminders; this host activates instances, runs turns and saves each
/// successful turn's changes through the sidecar at its end.
public final class SidecarActorHost: ActorInvoker, ActorHostServices, Sendable {
    public struct Configuration: Sendable {
        public var appID: String
        public var pubsubName: String
        public var idleTimeout: Duration
        public var drainOngoingCallTimeout: Duration
        public var drainRebalancedActors: Bool
        public var reentrancy: ReentrancyConfiguration
        /// True (the default): a turn's publications, reminder changes and after-commit calls
        /// are saved with its state (`SidecarOutbox`) and sent after it. False sends them
        /// straight after the save, as the official SDKs do — only for the conformance app,
        /// whose wire traffic is compared call for call with the SDK's.
        public var durableEffects: Bool
        /// How soon the drain reminder fires when nothing sent the effects of a saved turn.
        public var drainDelay: Duration
        /// Backoff of the drain reminder after failed sends.
        public var outboxRetry: RetryPolicy
        /// Above this many unsent effects an actor refuses changes (503) until its outbox
        /// drains: the broker is down, and the outbox lives in one state value.
        public var outboxLimit: Int
        /// A test hook: stop the process right after such a turn's save (`TODO_TEST_CRASH_AFTER_STATE_SAVE`).
        public var crashAfterStateSave: SidecarCrashPoint?

        public init(
            appID: String,
            pubsubName: String = "pubsub",
            idleTimeout: Duration = .seconds(3600),
            drainOngoingCallTimeout: Duration = .seconds(30),
            drainRebalancedActors: Bool = true,
            reentrancy: ReentrancyConfiguration = ReentrancyConfiguration(),
            durableEffects: Bool = true,
            drainDelay: Duration = .seconds(5),
            outboxRetry: RetryPolicy = RetryPolicy(maxAttempts: 1, initialBackoff: .seconds(1), maxBackoff: .seconds(30)),
            outboxLimit: Int = 1_000,
            crashAfterStateSave: SidecarCrashPoint? = SidecarCrashPoint.fromEnvironment()
        ) {
            self.appID = appID
            self.pubsubName = pubsubName
            self.idleTimeout = idleTimeout
            self.drainOngoingCallTimeout = drainOngoingCallTimeout
            self.drainRebalancedActors = drainRebalancedActors
            self.reentrancy = reentrancy
            self.durableEffects = durableEffects
            self.drainDelay = drainDelay
            self.outboxRetry = outboxRetry
            self.outboxLimit = outboxLimit
            self.crashAfterStateSave = crashAfterStateSave
        }
    }

    public let configuration: Configuration
    public let sidecar: any ActorSidecar
    public let clock: any WallClock
    public let logger: Logger

    private let registrations = Mutex<[String: ActorTypeRegistration]>([:])
    private let activations = Mutex<[ActorAddress: Activation]>([:])
    /// The chain whose turn each actor is in, so a reentrant request with the same
    /// `Dapr-Reentrancy-Id` joins that turn instead of starting (and saving) its own.
    private let turnChains = Mutex<[ActorAddress: String]>([:])
    /// Timers this process registered, by name: dispatch goes by the name in the URL, since a
    /// timer fired elsewhere may arrive with an empty `callback` (dapr/dapr#10088).
    let timerSpecs = Mutex<[TimerKey: TimerSpec]>([:])
    private let serials = Atomic<UInt64>(0)
    /// What `subscribe` added (ActorHost.swift): the Dapr app routes serve them.
    let subscribed = Mutex<[Subscription]>([])
    /// Between `run()` starting and graceful shutdown (`isReady`).
    let running = Mutex(false)

    public init(configuration: Configuration, sidecar: any ActorSidecar, clock: any WallClock = SystemWallClock(), logger: Logger = Logger(label: "todo.dapr")) {
        self.configuration = configuration
        self.sidecar = sidecar
        self.clock = clock
        self.logger = logger
        RuntimeTelemetry.onScrape { [weak self] in
            guard let self else { return }
            // Behind Dapr there is no local outbox: publications go straight to the sidecar.
            RuntimeTelemetry.recordHostGauges(active: self.activeActorCounts(), knownTypes: self.hostedTypes, outbox: (0, 0))
        }
    }

    // MARK: ActorHostServices

    public var appID: String { configuration.appID }
    public var pubsubName: String { configuration.pubsubName }
    public var invoker: any ActorInvoker { self }

    public func storedReminder(_ actor: ActorAddress, named name: String) async throws -> ReminderRecord? {
        try await sidecar.reminder(actor, named: name)
    }

    // MARK: Registration

    public func register<A: VirtualActor>(_ type: A.Type, options: ActorTypeOptions = ActorTypeOptions()) {
        registrations.withLock { $0[A.actorType] = ActorTypeRegistration(A.self, options: options) }
    }

    public var hostedTypes: [String] { registrations.withLock { $0.keys.sorted() } }

    public func options(of type: String) -> ActorTypeOptions? {
        registrations.withLock { $0[type]?.options }
    }

    public func activeActorCounts() -> [String: Int] {
        activations.withLock { activations in
            activations.keys.reduce(into: [:]) { $0[$1.type, default: 0] += 1 }
        }
    }

    // MARK: Calls out (through the sidecar)

    public func proxy<A: VirtualActor>(_ type: A.Type, _ id: String) -> ActorProxy<A> {
        ActorProxy(id: id, invoker: self)
    }

    public func invoke(_ actor: ActorAddress, method: String, payload: ActorPayload) async throws -> ActorPayload {
        .json(try await sidecar.invokeActor(actor, method: method, body: payload.jsonData(), chainID: CallChain.current?.id))
    }

    // MARK: Calls in (from the sidecar)

    /// `PUT /actors/{type}/{id}/method/{method}`: the JSON result.
    public func handleMethod(_ actor: ActorAddress, method: String, body: Data, chainID: String?) async throws -> Data {
        let registration = try registration(for: actor)
        guard registration.methodNames.contains(method) else {
            throw ActorError.methodNotFound(type: actor.type, method: method)
        }
        return try await runTurn(actor, .method(method, .json(body)), chainID: chainID)?.jsonData() ?? Data()
    }

    /// `PUT /actors/{type}/{id}/method/remind/{name}`. The Scheduler sends empty `dueTime`
    /// and `period`, so the reminder is reported as due now.
    public func handleReminder(_ actor: ActorAddress, name: String, data: Data) async throws {
        _ = try registration(for: actor)
        if name == SidecarOutbox.drainReminder {
            // The host's own: a turn that only sends what the outbox still holds.
            _ = try await runTurn(actor, .hostOnly, chainID: nil)
            return
        }
        let reminder = FiredReminder(name: name, data: data, dueTime: clock.now(), period: nil)
        _ = try await runTurn(actor, .reminderCallback(reminder), chainID: nil)
    }

    /// `PUT /actors/{type}/{id}/method/timer/{name}`: dispatched by the name in the URL.
    public func handleTimer(_ actor: ActorAddress, name: String, callback: String?, data: Data) async throws {
        _ = try registration(for: actor)
        let known = timerSpecs.withLock { $0[TimerKey(actor: actor, name: name)] }
        let spec = TimerSpec(name: name, dueTime: .zero, data: data, callback: known?.callback ?? callback)
        _ = try await runTurn(actor, .timer(spec), chainID: nil)
    }

    /// `DELETE /actors/{type}/{id}`: runs `onDeactivate` and forgets the activation. Changes
    /// made there are not saved (as in the official SDKs: the sidecar is letting go of it).
    public func handleDeactivate(_ actor: ActorAddress) async throws {
        _ = try registration(for: actor)
        guard let activation = activations.withLock({ $0.removeValue(forKey: actor) }) else { return }
        timerSpecs.withLock { specs in
            for key in specs.keys where key.actor == actor { specs[key] = nil }
        }
        guard activation.isActivated else { return }
        defer {
            activation.state.discardPending()
            activation.effects.discard()
        }
        _ = try await activation.perform(.deactivate)
        RuntimeTelemetry.deactivated(actor.type)
    }

    // MARK: Turns

    private func registration(for actor: ActorAddress) throws -> ActorTypeRegistration {
        guard let registration = registrations.withLock({ $0[actor.type] }) else {
            throw ActorError.unknownActorType(actor.type)
        }
        return registration
    }

    private func runTurn(_ actor: ActorAddress, _ work: TurnWork, chainID: String?) async throws -> ActorPayload? {
        let registration = try registration(for: actor)
        let activation = activations.withLock { activations -> Activation in
            if let existing = activations[actor] { return existing }
            let sidecar = self.sidecar
            let created = Activation(address: actor, serial: serials.add(1, ordering: .relaxed).newValue, registration: registration, services: self, now: clock.now()) { key in
                try await sidecar.loadActorState(actor, key: key).map { .json($0) }
            }
            activations[actor] = created
            return created
        }
        let chain = CallChain(id: chainID, actors: [actor])

        // A reentrant request of the turn in progress joins it; the outer request saves.
        if let chainID, turnChains.withLock({ $0[actor] }) == chainID {
            return try await CallChain.$current.withValue(chain) { try await activation.perform(work) }
        }

        turnChains.withLock { $0[actor] = chainID ?? "" }
        defer { turnChains.withLock { $0[actor] = nil } }
        return try await CallChain.$current.withValue(chain) { try await withTurnTelemetry(actor, work) {
            do {
                if !activation.isActivated {
                    try await activation.instance.onActivate()
                    activation.markActivated()
                    RuntimeTelemetry.activated(actor.type)
                }
                let result = try await activation.perform(work)
                try await save(activation)
                return result
            } catch {
                activation.state.discardPending()
                activation.effects.discard()
                throw error
            }
        } }
    }

    /// Saves a turn through the sidecar (see `SidecarActorHost+Outbox.swift`).
    private func save(_ activation: Activation) async throws {
        if configuration.durableEffects {
            try await saveWithOutbox(activation)
        } else {
            try await saveThenSend(activation)
        }
    }
}
