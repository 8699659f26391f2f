import DequeModule
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

extension EmbeddedActorHost {
    /// Loads reminders and undelivered outbox messages, then starts the scheduler, the idle
    /// sweeper and the bus. Register actor types and subscriptions before.
    public func start() async throws {
        try lifecycle.withLock { lifecycle in
            guard !lifecycle.started else { throw ActorHostError.alreadyStarted }
            lifecycle.started = true
        }
        let store = self.store
        bus.attach(EventBus.Hooks(
            persist: { messages in try await store.commit(TurnCommit(actor: Self.busAddress, outbox: messages)) },
            settled: { [logger] ids in
                Task {
                    do { try await store.deleteOutbox(ids: ids) } catch {
                        logger.warning("could not delete delivered outbox messages; they will be delivered again", metadata: ["error": "\(error)"])
                    }
                }
            }
        ))
        RuntimeTelemetry.onScrape { [weak self] in
            guard let self else { return }
            RuntimeTelemetry.recordHostGauges(active: self.activeActorCounts(), knownTypes: self.registeredTypes, outbox: self.bus.backlog())
        }
        applyReminderChanges(try await store.loadReminders().map { .upsert($0) })
        let loaded = try await store.loadOutbox()
        let pending = loaded.filter { !AfterCommitCall.isCall($0) }
        let unmadeCalls = loaded.filter(AfterCommitCall.isCall)
        if !pending.isEmpty {
            logger.info("redelivering undelivered events", metadata: ["count": "\(pending.count)"])
            bus.enqueue(pending)
        }
        let scheduling = Task {
            await self.scheduler.run { jobs in
                for job in jobs {
                    Task { await self.fire(job) }
                }
            }
        }
        let sweeping = Task {
            let interval = self.configuration.effectiveSweepInterval.timeInterval
            while !Task.isCancelled {
                do {
                    try await self.clock.sleep(until: self.clock.now().addingTimeInterval(interval))
                } catch {
                    break
                }
                await self.collectIdleActors()
            }
        }
        lifecycle.withLock {
            $0.background += [scheduling, sweeping]
            $0.running = true
        }
        if !unmadeCalls.isEmpty {
            // Saved with a turn that committed before the process stopped, not yet made.
            logger.info("making after-commit calls saved before the restart", metadata: ["count": "\(unmadeCalls.count)"])
            Task { await CallChain.$current.withValue(nil) { await self.makeAfterCommitCalls(unmadeCalls) } }
        }
        logger.debug("actor host started", metadata: ["types": "\(registeredTypes)", "reminders": "\(scheduledReminderCount)"])
    }

    /// Runs until graceful shutdown (SIGTERM under a ServiceGroup), then drains.
    public func run() async throws {
        try await start()
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Stops taking calls, lets turns in progress finish (up to the drain timeout), collects
    /// every activation (running `onDeactivate` and saving its changes), stops delivery and
    /// closes the store.
    public func shutdown() async {
        let background = lifecycle.withLock { lifecycle -> [Task<Void, Never>]? in
            guard !lifecycle.shuttingDown else { return nil }
            lifecycle.shuttingDown = true
            return lifecycle.background
        }
        guard let background else { return }
        for task in background { task.cancel() }
        callGate.bitwiseOr(Self.closedBit, ordering: .acquiringAndReleasing)
        let deadline = ContinuousClock.now.advanced(by: configuration.drainTimeout)
        while callGate.load(ordering: .acquiring) & ~Self.closedBit > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        let remaining = activations.withLock { Array($0.values) }
        for activation in remaining {
            await deactivate(activation, lastUsedBefore: nil)
        }
        await bus.shutdown()
        do { try await store.close() } catch {
            logger.error("closing the state store failed", metadata: ["error": "\(error)"])
        }
        lifecycle.withLock { $0.stopped = true }
    }

    // MARK: Collection

    /// Collects activations idle for longer than their type's idle timeout, then enforces the
    /// activation cap. The sweeper calls this every sweep interval.
    public func collectIdleActors() async {
        let now = clock.now()
        let candidates = activations.withLock { Array($0.values) }
        for activation in candidates where activation.isIdle {
            let timeout = activation.registration.options.idleTimeout ?? configuration.idleTimeout
            await deactivate(activation, lastUsedBefore: now.addingTimeInterval(-timeout.timeInterval))
        }
        evictionClock.withLock { $0.removeAll { $0.isDeactivated } }
        await enforceCapacity()
    }

    /// Collects up to `count` activations chosen by the CLOCK algorithm: the oldest
    /// activation not used since the clock last passed it goes; used ones get a second chance.
    func evict(upTo count: Int) async {
        var evicted = 0
        var looked = 0
        while evicted < count {
            let (candidate, size) = evictionClock.withLock { ($0.popFirst(), $0.count) }
            guard let candidate else { return }
            looked += 1
            switch candidate.evictionVerdict() {
            case .gone:
                continue
            case .keep:
                evictionClock.withLock { $0.append(candidate) }
                // Everything was in use: stop rather than spin.
                if looked > size + 1 { return }
            case .evict:
                activations.withLock { if $0[candidate.address] === candidate { $0[candidate.address] = nil } }
                await finishDeactivation(of: candidate)
                evicted += 1
            }
        }
    }

    /// Over the cap, collects down to 90 % of it.
    private func enforceCapacity() async {
        let excess = activeActorCount - configuration.maxActiveActors
        if excess > 0 { await evict(upTo: excess + configuration.maxActiveActors / 10) }
    }

    /// Collects one activation if it is unused (and last used before the cutoff): runs
    /// `onDeactivate` as a final turn and cancels its timers. Reminders stay.
    func deactivate(_ activation: Activation, lastUsedBefore cutoff: Date?) async {
        guard activation.claimForDeactivation(lastUsedBefore: cutoff) else { return }
        activations.withLock { if $0[activation.address] === activation { $0[activation.address] = nil } }
        await finishDeactivation(of: activation)
    }

    /// Runs the final turn of a claimed activation that is out of the table.
    private func finishDeactivation(of activation: Activation) async {
        cancelTimers(of: activation)
        guard activation.isActivated else { return }
        await activation.lock.acquire()
        defer { activation.lock.release() }
        do {
            try await CallChain.$current.withValue(CallChain().entering(activation.address)) {
                try await self.finalTurn(of: activation)
            }
        } catch {
            logger.warning("onDeactivate failed; its changes were dropped", metadata: ["actor": "\(activation.address)", "error": "\(error)"])
        }
        RuntimeTelemetry.deactivated(activation.address.type)
    }

    /// `onDeactivate` releases resources; like the Dapr SDKs, nothing it changes is saved.
    private func finalTurn(of activation: Activation) async throws {
        defer {
            activation.state.discardPending()
            activation.effects.discard()
        }
        _ = try await activation.perform(.deactivate)
    }
}

public enum ActorHostError: Error, CustomStringConvertible {
    case alreadyStarted

    public var description: String {
        switch self {
        case .alreadyStarted: return "the actor host was already started"
        }
    }
}
