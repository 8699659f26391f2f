import Foundation
import Logging
import Synchronization

extension EmbeddedActorHost {
    /// Makes saved reminder changes live in the schedule. Each registration gets a new
    /// generation, so an older schedule entry for the same name fires nothing.
    func applyReminderChanges(_ changes: [ReminderChange]) {
        guard !changes.isEmpty else { return }
        var toSchedule: [(ReminderKey, UInt64, Date)] = []
        reminders.withLock { reminders in
            for change in changes {
                switch change {
                case .upsert(let record):
                    let key = ReminderKey(actor: record.actor, name: record.name)
                    let generation = serials.add(1, ordering: .relaxed).newValue
                    reminders[key] = ScheduledReminder(record: record, generation: generation)
                    toSchedule.append((key, generation, record.dueTime))
                case .delete(let actor, let name):
                    reminders[ReminderKey(actor: actor, name: name)] = nil
                }
            }
        }
        for (key, generation, due) in toSchedule {
            scheduler.schedule(.reminder(key, generation: generation), at: due)
        }
    }

    func applyTimerChanges(_ changes: [TurnEffects.TimerChange], for activation: Activation) {
        guard !changes.isEmpty else { return }
        let now = clock.now()
        for change in changes {
            switch change {
            case .register(let spec):
                let key = TimerKey(actor: activation.address, name: spec.name)
                let generation = serials.add(1, ordering: .relaxed).newValue
                timers.withLock { $0[key] = ScheduledTimer(spec: spec, activationSerial: activation.serial, generation: generation) }
                activation.addTimer(spec.name)
                scheduler.schedule(.timer(key, generation: generation), at: now.addingTimeInterval(spec.dueTime.timeInterval))
            case .unregister(let name):
                timers.withLock { $0[TimerKey(actor: activation.address, name: name)] = nil }
                activation.removeTimer(name)
            }
        }
    }

    /// Drops the timers of a collected activation.
    func cancelTimers(of activation: Activation) {
        let names = activation.takeTimers()
        guard !names.isEmpty else { return }
        timers.withLock { timers in
            for name in names {
                let key = TimerKey(actor: activation.address, name: name)
                if timers[key]?.activationSerial == activation.serial { timers[key] = nil }
            }
        }
    }

    func fire(_ job: ActorScheduler.Job) async {
        switch job {
        case .reminder(let key, let generation): await fireReminder(key, generation: generation)
        case .timer(let key, let generation): await fireTimer(key, generation: generation)
        }
    }

    private func fireReminder(_ key: ReminderKey, generation: UInt64) async {
        guard let scheduled = reminders.withLock({ $0[key] }), scheduled.generation == generation else { return }
        let record = scheduled.record
        let firedAt = clock.now()
        if let expiresAt = record.expiresAt, expiresAt <= firedAt {
            await settleWithoutTurn(record, firedAt: firedAt, generation: generation)
            return
        }
        RuntimeTelemetry.reminderFired(key.actor.type, latenessSeconds: firedAt.timeIntervalSince(record.dueTime))
        do {
            _ = try await runTurn(key.actor, .reminder(record, firedAt: firedAt))
        } catch ActorError.shuttingDown {
            return  // still saved; it fires after the next start
        } catch {
            let attempts = reminders.withLock { reminders -> Int? in
                guard reminders[key]?.generation == generation else { return nil }
                reminders[key]?.failedAttempts += 1
                return reminders[key]?.failedAttempts
            }
            guard let attempts else { return }
            if attempts < configuration.reminderRetry.maxAttempts {
                logger.warning("reminder turn failed; retrying", metadata: ["actor": "\(key.actor)", "reminder": "\(key.name)", "attempt": "\(attempts)", "error": "\(error)"])
                let retryAt = clock.now().addingTimeInterval(configuration.reminderRetry.backoff(afterAttempt: attempts).timeInterval)
                scheduler.schedule(.reminder(key, generation: generation), at: retryAt)
            } else {
                logger.error("reminder turn failed on every attempt; skipping this occurrence", metadata: ["actor": "\(key.actor)", "reminder": "\(key.name)", "error": "\(error)"])
                await settleWithoutTurn(record, firedAt: firedAt, generation: generation)
            }
        }
    }

    /// Advances or deletes a reminder without running the actor (expired, or given up).
    private func settleWithoutTurn(_ record: ReminderRecord, firedAt: Date, generation: UInt64) async {
        let change: ReminderChange
        if let next = ReminderSchedule.nextDue(record, after: firedAt) {
            var advanced = record
            advanced.dueTime = next
            change = .upsert(advanced)
        } else {
            change = .delete(actor: record.actor, name: record.name)
        }
        do {
            try await store.commit(TurnCommit(actor: record.actor, reminders: [change]))
            let stillCurrent = reminders.withLock { $0[ReminderKey(actor: record.actor, name: record.name)]?.generation == generation }
            if stillCurrent { applyReminderChanges([change]) }
        } catch {
            logger.error("could not save reminder bookkeeping", metadata: ["actor": "\(record.actor)", "reminder": "\(record.name)", "error": "\(error)"])
        }
    }

    private func fireTimer(_ key: TimerKey, generation: UInt64) async {
        guard let scheduled = timers.withLock({ $0[key] }), scheduled.generation == generation else { return }
        let firedAt = clock.now()
        do {
            let ran = try await runTurn(key.actor, .timer(scheduled.spec), onlyActivation: scheduled.activationSerial)
            _ = ran
        } catch ActorError.shuttingDown {
            return
        } catch {
            logger.warning("timer callback failed", metadata: ["actor": "\(key.actor)", "timer": "\(key.name)", "error": "\(error)"])
        }
        // Re-arm periodic timers unless the turn replaced or removed them, or the activation went away.
        let next: Date? = timers.withLock { timers in
            guard let current = timers[key], current.generation == generation else { return nil }
            guard let period = current.spec.period else {
                timers[key] = nil
                return nil
            }
            return firedAt.addingTimeInterval(period.timeInterval)
        }
        guard let next else { return }
        let alive = activations.withLock { $0[key.actor]?.serial == scheduled.activationSerial }
        if alive {
            scheduler.schedule(.timer(key, generation: generation), at: next)
        } else {
            timers.withLock { if $0[key]?.generation == generation { $0[key] = nil } }
        }
    }
}
