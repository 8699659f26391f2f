import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import Synchronization

/// How a turn's effects leave the app behind a sidecar. With `durableEffects` (the default)
/// they go into the actor's outbox in the same state transaction as the change, then out;
/// the drain reminder, armed before that save, sends whatever a crash or an outage left.
extension SidecarActorHost {
    func saveWithOutbox(_ activation: Activation) async throws {
        let actor = activation.address
        let taken = activation.effects.take()
        let fresh = SidecarOutbox.effects(of: taken)
        // Read once per activation (then cached): this is where a new activation — after a
        // restart, or on another replica — finds what an earlier one saved but did not send.
        var outbox = try await activation.state.get(SidecarOutbox.stateKey, as: SidecarOutbox.self) ?? SidecarOutbox()
        if !fresh.isEmpty {
            guard outbox.effects.count + fresh.count <= configuration.outboxLimit else {
                throw ActorProblem(status: 503, title: "Service Unavailable", detail: "\(actor) has \(outbox.effects.count) effects not yet accepted by the Dapr sidecar (pub/sub or scheduler unavailable); it takes no changes until they are sent")
            }
            // Armed before the save: should the process die right after it, the reminder
            // brings the actor back to send what was saved.
            if outbox.isEmpty { try await armDrain(actor, in: configuration.drainDelay) }
            outbox.effects += fresh
            activation.state.set(SidecarOutbox.stateKey, outbox)
        }
        let changes = try sidecarChanges(activation.state)
        if !changes.isEmpty {
            try await sidecar.saveActorState(actor, changes)
        }
        activation.state.commitPending()
        if let point = configuration.crashAfterStateSave, point.matches(fresh) {
            logger.critical("test hook: stopping the process after the state save", metadata: ["actor": "\(actor)", "point": "\(point.rawValue)"])
            kill(getpid(), SIGKILL)
        }
        await applyTimers(taken.timers, of: actor)
        if !outbox.isEmpty { await drain(outbox, of: activation) }
    }

    /// Sends what the outbox holds, saves what is left (nothing: the key is deleted), and
    /// disarms the drain reminder or re-arms it with a backoff.
    private func drain(_ outbox: SidecarOutbox, of activation: Activation) async {
        let actor = activation.address
        var outbox = outbox
        let before = outbox.effects
        let failures = await outbox.drain { effect in try await self.send(effect, of: actor) }
        if outbox.effects != before || !failures.isEmpty {
            if outbox.isEmpty {
                _ = try? await activation.state.remove(SidecarOutbox.stateKey)
            } else {
                activation.state.set(SidecarOutbox.stateKey, outbox)
            }
            do {
                try await sidecar.saveActorState(actor, try sidecarChanges(activation.state))
                activation.state.commitPending()
            } catch {
                // The saved outbox still lists what was just sent: it goes out again, with
                // the same CloudEvent ids, and consumers deduplicate it.
                activation.state.discardPending()
                logger.warning("could not save the drained outbox; its effects will be sent again", metadata: ["actor": "\(actor)", "error": "\(error)"])
            }
        }
        if outbox.isEmpty {
            do { try await sidecar.unregisterReminder(actor, named: SidecarOutbox.drainReminder) } catch {
                logger.debug("could not delete the drain reminder; it will find an empty outbox", metadata: ["actor": "\(actor)", "error": "\(error)"])
            }
            return
        }
        let delay = configuration.outboxRetry.backoff(afterAttempt: outbox.failedDrains)
        logger.warning("effects not accepted by the Dapr sidecar are kept in the actor's outbox and retried", metadata: [
            "actor": "\(actor)", "pending": "\(outbox.effects.count)", "retryIn": "\(delay)",
            "errors": "\(failures.map { String(describing: $0) })",
        ])
        do { try await armDrain(actor, in: delay) } catch {
            logger.error("could not re-arm the drain reminder; the outbox is sent on the actor's next turn or activation", metadata: ["actor": "\(actor)", "error": "\(error)"])
        }
    }

    private func send(_ effect: SidecarOutbox.Effect, of actor: ActorAddress) async throws {
        switch effect {
        case .publish(let message):
            try await sidecar.publish(message, pubsubName: configuration.pubsubName)
        case .reminder(.upsert(let record)):
            try await sidecar.registerReminder(record)
        case .reminder(.delete(let owner, let name)):
            try await sidecar.unregisterReminder(owner, named: name)
        case .call(let call):
            do {
                _ = try await sidecar.invokeActor(call.actor, method: call.method, body: call.payload, chainID: nil)
            } catch let problem as ActorProblem where problem.status < 500 {
                // The callee refuses it for good: sending it again would block every later
                // call of this actor.
                logger.error("after-commit call refused; dropped", metadata: ["actor": "\(actor)", "call": "\(call.actor).\(call.method)", "problem": "\(problem)"])
            }
        }
    }

    private func armDrain(_ actor: ActorAddress, in delay: Duration) async throws {
        try await sidecar.registerReminder(ReminderRecord(actor: actor, name: SidecarOutbox.drainReminder, dueTime: clock.now().addingTimeInterval(delay.timeInterval)))
    }

    /// The SDKs' order without an outbox: state in one transaction, then reminders, timers,
    /// publications and calls, each failure failing the turn (its state already saved).
    func saveThenSend(_ activation: Activation) async throws {
        let actor = activation.address
        let effects = activation.effects.take()
        let changes = try sidecarChanges(activation.state)
        if !changes.isEmpty {
            try await sidecar.saveActorState(actor, changes)
        }
        activation.state.commitPending()
        for change in effects.reminders {
            switch change {
            case .upsert(let record): try await sidecar.registerReminder(record)
            case .delete(let owner, let name): try await sidecar.unregisterReminder(owner, named: name)
            }
        }
        for change in effects.timers {
            try await applyTimer(change, of: actor)
        }
        for message in effects.outbox {
            try await sidecar.publish(message, pubsubName: configuration.pubsubName)
        }
        for call in effects.calls {
            _ = try await sidecar.invokeActor(call.actor, method: call.method, body: call.payload, chainID: nil)
        }
    }

    /// Timers live with the activation (and die with it), so they are not in the outbox; one
    /// that cannot be registered is logged, not blamed on a change that is already saved.
    private func applyTimers(_ changes: [TurnEffects.TimerChange], of actor: ActorAddress) async {
        for change in changes {
            do { try await applyTimer(change, of: actor) } catch {
                logger.error("could not register a timer", metadata: ["actor": "\(actor)", "error": "\(error)"])
            }
        }
    }

    private func applyTimer(_ change: TurnEffects.TimerChange, of actor: ActorAddress) async throws {
        switch change {
        case .register(let spec):
            try await sidecar.registerTimer(actor, spec)
            timerSpecs.withLock { $0[TimerKey(actor: actor, name: spec.name)] = spec }
        case .unregister(let name):
            try await sidecar.unregisterTimer(actor, named: name)
            timerSpecs.withLock { $0[TimerKey(actor: actor, name: name)] = nil }
        }
    }

    private func sidecarChanges(_ state: ActorStateManager) throws -> [SidecarStateChange] {
        try state.pendingChanges().map { change -> SidecarStateChange in
            switch change {
            case .upsert(let key, let value): return .upsert(key: key, json: try value.encoded())
            case .delete(let key): return .delete(key: key)
            }
        }
    }
}
