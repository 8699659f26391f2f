import Foundation

/// A turn's effects behind a sidecar, kept in the actor's own state: saved in the same state
/// transaction as the change that asked for them, sent after it, and removed once sent.
///
/// Dapr saves actor state transactionally but publishes, registers reminders and calls other
/// actors through separate requests, and its transactional outbox covers the state-store API,
/// not actor state. Writing the effects into the actor's state first closes the window in
/// which a crash or a broker outage after the save loses them: whatever is still listed here
/// is sent again — on the next turn, by the drain reminder, after a restart or on another
/// replica. A publication keeps its CloudEvent id however often it is sent, so consumers
/// deduplicate it.
public struct SidecarOutbox: Codable, Sendable, Equatable {
    public enum Effect: Codable, Sendable, Equatable {
        case publish(OutboxMessage)
        case reminder(ReminderChange)
        case call(ActorCall)

        /// Effects of one lane keep their order; lanes do not wait for each other, so a broker
        /// outage does not hold up the owner's index, nor a reminder.
        public enum Lane: Sendable, Hashable, CaseIterable {
            case calls, reminders, publications
        }

        public var lane: Lane {
            switch self {
            case .publish: return .publications
            case .reminder: return .reminders
            case .call: return .calls
            }
        }
    }

    /// The state key the host keeps the outbox under.
    public static let stateKey = "dapr-outbox"
    /// The reminder that drains the outbox when no turn does (after a failure or a crash).
    public static let drainReminder = "dapr-outbox"

    /// Unsent effects in the order the turns asked for them.
    public var effects: [Effect]
    /// Drains that failed since the last one that sent everything: the retry backoff.
    public var failedDrains: Int

    public init(effects: [Effect] = [], failedDrains: Int = 0) {
        self.effects = effects
        self.failedDrains = failedDrains
    }

    public var isEmpty: Bool { effects.isEmpty }

    /// The durable effects of a finished turn, in order: calls, reminder changes, publications.
    /// Timers are not among them: they live and die with the activation.
    static func effects(of taken: TurnEffects.Taken) -> [Effect] {
        taken.calls.map(Effect.call) + taken.reminders.map(Effect.reminder) + taken.outbox.map(Effect.publish)
    }

    /// Sends the effects in order. A lane stops at its first failure and keeps that effect
    /// and every later one of the lane, in order; the other lanes go on. `send` returning
    /// normally means done (sent, or refused for good and logged by the caller). Returns the
    /// failures, one per stopped lane.
    public mutating func drain(_ send: (Effect) async throws -> Void) async -> [any Error] {
        var stopped: Set<Effect.Lane> = []
        var failures: [any Error] = []
        var kept: [Effect] = []
        for effect in effects {
            if stopped.contains(effect.lane) {
                kept.append(effect)
                continue
            }
            do {
                try await send(effect)
            } catch {
                stopped.insert(effect.lane)
                failures.append(error)
                kept.append(effect)
            }
        }
        effects = kept
        failedDrains = failures.isEmpty ? 0 : failedDrains + 1
        return failures
    }
}

/// Where a test may stop the process (`TODO_TEST_CRASH_AFTER_STATE_SAVE`): right after a
/// turn's state and outbox are saved, before any effect is sent — the window the outbox closes.
public enum SidecarCrashPoint: String, Sendable {
    /// Before sending a turn that publishes.
    case publish
    /// Before registering or deleting a reminder of a turn that changes one (other than the
    /// drain reminder).
    case reminder

    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> SidecarCrashPoint? {
        environment["TODO_TEST_CRASH_AFTER_STATE_SAVE"].flatMap(SidecarCrashPoint.init(rawValue:))
    }

    func matches(_ effects: [SidecarOutbox.Effect]) -> Bool {
        effects.contains { effect in
            switch (self, effect) {
            case (.publish, .publish): return true
            case (.reminder, .reminder(.upsert(let record))): return record.name != SidecarOutbox.drainReminder
            case (.reminder, .reminder(.delete(_, let name))): return name != SidecarOutbox.drainReminder
            default: return false
            }
        }
    }
}
