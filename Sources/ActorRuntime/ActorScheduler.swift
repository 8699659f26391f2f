import Foundation
import HeapModule
import Synchronization

/// One loop that sleeps until the earliest due reminder or timer and hands everything due to
/// the host. Firing spawns the turns and does not wait for them, so ten thousand reminders due
/// in the same instant start together instead of queueing behind each other.
final class ActorScheduler: Sendable {
    enum Job: Sendable, Hashable {
        case reminder(ReminderKey, generation: UInt64)
        case timer(TimerKey, generation: UInt64)
    }

    private struct Entry: Comparable {
        var due: Date
        var sequence: UInt64
        var job: Job

        static func < (lhs: Entry, rhs: Entry) -> Bool {
            (lhs.due, lhs.sequence) < (rhs.due, rhs.sequence)
        }
        static func == (lhs: Entry, rhs: Entry) -> Bool {
            lhs.sequence == rhs.sequence
        }
    }

    private struct State {
        var heap = Heap<Entry>()
        var sequence: UInt64 = 0
        var waiter: CheckedContinuation<Void, Never>?
        var wakeRequested = false
        /// The deadline the loop sleeps toward; an earlier entry must wake it.
        var sleepingUntil: Date?
    }

    private let clock: any WallClock
    private let state = Mutex(State())

    init(clock: any WallClock) {
        self.clock = clock
    }

    func schedule(_ job: Job, at due: Date) {
        let wake = state.withLock { state -> Bool in
            state.sequence += 1
            state.heap.insert(Entry(due: due, sequence: state.sequence, job: job))
            if let sleepingUntil = state.sleepingUntil { return due < sleepingUntil }
            return true
        }
        if wake { self.wake() }
    }

    var pendingCount: Int { state.withLock { $0.heap.count } }

    /// Runs until cancelled, calling `fire` for each job whose time has come (never before).
    func run(fire: @Sendable ([Job]) -> Void) async {
        while !Task.isCancelled {
            let now = clock.now()
            let (due, next) = state.withLock { state -> ([Job], Date?) in
                var due: [Job] = []
                while let min = state.heap.min, min.due <= now {
                    due.append(state.heap.removeMin().job)
                }
                state.sleepingUntil = due.isEmpty ? state.heap.min?.due : nil
                return (due, state.heap.min?.due)
            }
            if !due.isEmpty {
                fire(due)
                continue
            }
            await waitForWakeOrDeadline(next)
        }
    }

    private func waitForWakeOrDeadline(_ deadline: Date?) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForWake() }
            if let deadline {
                let clock = self.clock
                group.addTask { try? await clock.sleep(until: deadline) }
            }
            await group.next()
            group.cancelAll()
            self.wake()  // release the wake waiter if the deadline won
            await group.waitForAll()
        }
        state.withLock { $0.wakeRequested = false }
    }

    private func waitForWake() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.wakeRequested {
                        state.wakeRequested = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            self.wake()
        }
    }

    private func wake() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.wakeRequested = true
            return nil
        }
        waiter?.resume()
    }
}

struct ReminderKey: Hashable, Sendable {
    var actor: ActorAddress
    var name: String
}

struct TimerKey: Hashable, Sendable {
    var actor: ActorAddress
    var name: String
}
