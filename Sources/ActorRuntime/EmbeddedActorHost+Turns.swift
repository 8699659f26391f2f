import Foundation
import Synchronization
import Tracing


extension EmbeddedActorHost {
    /// Runs `work` as a turn of `address`, activating the actor if needed. With `serial`, runs
    /// only on that activation (timers must not resurrect a collected actor) and returns nil
    /// when it is gone.
    func runTurn(_ address: ActorAddress, _ work: TurnWork, onlyActivation serial: UInt64? = nil) async throws -> ActorPayload? {
        guard let registration = registrations.withLock({ $0[address.type] }) else {
            throw ActorError.unknownActorType(address.type)
        }
        let reentrancy = registration.options.reentrancy ?? configuration.reentrancy
        let chain = CallChain.current
        if let chain {
            if chain.actors.count >= reentrancy.maxStackDepth {
                throw ActorError.callDepthExceeded(chain: chain.actors + [address], limit: reentrancy.maxStackDepth)
            }
            if chain.contains(address) {
                guard reentrancy.enabled else {
                    throw ActorError.reentrancyDisabled(chain: chain.actors + [address])
                }
                // Our own chain holds this actor's turn: the nested call joins it, and its
                // changes are saved with the outer turn.
                guard let activation = activations.withLock({ $0[address] }) else {
                    throw ActorError.reentrancyDisabled(chain: chain.actors + [address])
                }
                return try await CallChain.$current.withValue(chain.entering(address)) {
                    try await activation.perform(work)
                }
            }
        }

        let topLevel = chain == nil
        if topLevel { try beginCall() }
        defer { if topLevel { endCall() } }

        let activation: Activation
        if let serial {
            guard let current = activations.withLock({ $0[address] }), current.serial == serial, current.enter() else {
                return nil
            }
            activation = current
        } else {
            activation = obtainActivation(address, registration)
            // Over the cap, whoever adds an activation also collects some: memory stays
            // bounded however fast new actors are touched.
            let overflow = activations.withLock { $0.count } - configuration.maxActiveActors
            if overflow > 0 { await evict(upTo: min(overflow, 4)) }
        }
        // Entered callers keep the activation from being collected, so once the lock is ours
        // the activation is still the live one.
        let waitStart = ContinuousClock.now
        await activation.lock.acquire()
        RuntimeTelemetry.lockWait(address.type, seconds: (ContinuousClock.now - waitStart).timeInterval)
        defer {
            activation.lock.release()
            activation.leave(at: clock.now())
        }
        let turnChain = (chain ?? CallChain()).entering(address)
        return try await CallChain.$current.withValue(turnChain) {
            try await withTurnTelemetry(address, work) { try await executeTurn(work, on: activation) }
        }
    }

    /// The activation for `address`, created when there is none; the caller is entered.
    private func obtainActivation(_ address: ActorAddress, _ registration: ActorTypeRegistration) -> Activation {
        let (activation, created) = activations.withLock { activations -> (Activation, Bool) in
            if let existing = activations[address], existing.enter() {
                return (existing, false)
            }
            let serial = serials.add(1, ordering: .relaxed).newValue
            let store = self.store
            let created = Activation(address: address, serial: serial, registration: registration, services: self, now: clock.now()) { key in
                try await store.loadState(address, key: key)
            }
            _ = created.enter()
            activations[address] = created
            return (created, true)
        }
        if created { evictionClock.withLock { $0.append(activation) } }
        return activation
    }

    /// Activates if needed, performs the work, and saves the turn; on any error nothing of the
    /// turn is kept.
    private func executeTurn(_ work: TurnWork, on activation: Activation) async throws -> ActorPayload? {
        do {
            if !activation.isActivated {
                do {
                    try await activation.instance.onActivate()
                } catch {
                    // An actor that cannot activate is not kept around half-alive.
                    if activation.claimForDeactivation(lastUsedBefore: nil, force: true) {
                        activations.withLock { if $0[activation.address] === activation { $0[activation.address] = nil } }
                    }
                    throw error
                }
                activation.markActivated()
                RuntimeTelemetry.activated(activation.address.type)
            }
            let result = try await activation.perform(work)
            try await commitTurn(of: activation)
            return result
        } catch {
            activation.state.discardPending()
            activation.effects.discard()
            throw error
        }
    }

    /// Saves state, reminders, outbox and after-commit calls in one store transaction, then
    /// applies them; the calls are made before the turn returns (see `+AfterCommit`).
    func commitTurn(of activation: Activation) async throws {
        let effects = activation.effects.take()
        let calls = effects.calls.map { AfterCommitCall.message(for: $0, source: appID, caller: activation.address, at: clock.now()) }
        let commit = TurnCommit(actor: activation.address, state: activation.state.pendingChanges(), reminders: effects.reminders, outbox: effects.outbox + calls)
        if !commit.isEmpty {
            try await withStoreCommitTelemetry { try await store.commit(commit) }
        }
        activation.state.commitPending()
        applyReminderChanges(commit.reminders)
        applyTimerChanges(effects.timers, for: activation)
        if !effects.outbox.isEmpty { bus.enqueue(effects.outbox) }
        if !calls.isEmpty { await makeAfterCommitCalls(calls) }
    }

    // MARK: Shutdown accounting

    private func beginCall() throws {
        let admitted = callGate.add(1, ordering: .acquiringAndReleasing).newValue
        if admitted & Self.closedBit != 0 {
            callGate.subtract(1, ordering: .acquiringAndReleasing)
            throw ActorError.shuttingDown
        }
    }

    private func endCall() {
        callGate.subtract(1, ordering: .acquiringAndReleasing)
    }
}
