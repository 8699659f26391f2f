import Foundation
import Synchronization

/// Opens once the store is migrated. Deliveries that arrive earlier (the outbox replays as
/// soon as the actor host starts) wait here rather than fail, but only for a while: a gate
/// that never opens must not hold the event bus's lanes, or its shutdown, forever.
final class ReadinessGate: Sendable {
    private enum State {
        case waiting([UUID: CheckedContinuation<Void, any Error>])
        case open
        case failed(String)
    }

    private let state = Mutex(State.waiting([:]))
    /// Waits whose timeout or cancellation came before they were registered.
    private let abandoned = Mutex<[UUID: any Error]>([:])

    var isOpen: Bool {
        state.withLock { if case .open = $0 { return true } else { return false } }
    }

    func open() { finish(.open, result: .success(())) }

    /// Fails every waiter and every later wait (the store could not be prepared, or the
    /// service stopped).
    func fail(_ reason: String) { finish(.failed(reason), result: .failure(AuditStoreError(reason))) }

    /// Returns when open; throws when failed, cancelled, or still closed after `timeout`.
    func wait(timeout: Duration) async throws {
        let id = UUID()
        let timer = Task {
            try await Task.sleep(for: timeout)
            self.resume(id, with: AuditStoreError("the audit store is not ready yet"))
        }
        defer {
            timer.cancel()
            abandoned.withLock { _ = $0.removeValue(forKey: id) }
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let immediate: Result<Void, any Error>? = state.withLock { state in
                    switch state {
                    case .open: return .success(())
                    case .failed(let reason): return .failure(AuditStoreError(reason))
                    case .waiting(var waiters):
                        if let error = abandoned.withLock({ $0.removeValue(forKey: id) }) { return .failure(error) }
                        waiters[id] = continuation
                        state = .waiting(waiters)
                        return nil
                    }
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            self.resume(id, with: CancellationError())
        }
    }

    private func resume(_ id: UUID, with error: any Error) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard case .waiting(var waiters) = state else { return nil }
            guard let continuation = waiters.removeValue(forKey: id) else {
                // Not registered yet: leave word for the registration (under the same lock).
                abandoned.withLock { $0[id] = error }
                return nil
            }
            state = .waiting(waiters)
            return continuation
        }
        continuation?.resume(throwing: error)
    }

    private func finish(_ final: State, result: Result<Void, any Error>) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            // Once open, it stays open: a late failure report must not undo readiness.
            if case .open = state { return [] }
            let waiters: [CheckedContinuation<Void, any Error>]
            if case .waiting(let pending) = state { waiters = Array(pending.values) } else { waiters = [] }
            state = final
            return waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }
}
