import DequeModule
import Synchronization

/// The per-actor turn lock: one turn at a time, waiters served first come, first served.
/// Swift's `actor` isolation is not enough here: it lets another call in at every `await`.
/// Uncontended acquisition takes a mutex once and never suspends.
final class TurnLock: Sendable {
    private struct State {
        var held = false
        var waiters: Deque<CheckedContinuation<Void, Never>> = []
    }

    private let state = Mutex(State())

    func acquire() async {
        let acquired = state.withLock { state -> Bool in
            if state.held { return false }
            state.held = true
            return true
        }
        if acquired { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let acquiredNow = state.withLock { state -> Bool in
                if !state.held {
                    state.held = true
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if acquiredNow { continuation.resume() }
        }
    }

    /// Hands the lock to the next waiter, if any (ownership passes without unlocking).
    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let next = state.waiters.popFirst() { return next }
            state.held = false
            return nil
        }
        next?.resume()
    }

    var isIdle: Bool { state.withLock { !$0.held && $0.waiters.isEmpty } }
}
