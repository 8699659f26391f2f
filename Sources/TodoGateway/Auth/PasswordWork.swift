import Dispatch
import Synchronization

/// Runs password hashing (scrypt: ~0.1 s of CPU and 32 MiB each) on threads of its own, off
/// the event loops and off Swift's cooperative pool, at most `slots` at a time. Everything
/// else the server does keeps the other cores. Callers beyond `queueLimit` waiting are
/// turned away with 429 + Retry-After at once instead of queueing without end.
final class PasswordWork: Sendable {
    let slots: Int
    let queueLimit: Int
    private let queue = DispatchQueue(label: "todo.password-work", qos: .utility, attributes: .concurrent)

    private struct State {
        var running = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    /// Half the cores (at least one): a login flood can take no more than that.
    init(slots: Int = max(1, ProcessInfoCores.count / 2), queueLimit: Int? = nil) {
        self.slots = slots
        self.queueLimit = queueLimit ?? 8 * slots
    }

    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    private func acquire() async throws {
        enum Admission { case now, wait, refuse }
        let admission: Admission = state.withLock { state in
            if state.running < slots {
                state.running += 1
                return .now
            }
            return state.waiting.count < queueLimit ? .wait : .refuse
        }
        switch admission {
        case .now: return
        case .refuse:
            throw RetryLater(seconds: 1, detail: "too many sign-ins are being checked at once; retry in 1 s")
        case .wait:
            await withCheckedContinuation { continuation in
                let admitted: Bool = state.withLock { state in
                    // A slot may have freed between the two locks.
                    if state.running < slots {
                        state.running += 1
                        return true
                    }
                    state.waiting.append(continuation)
                    return false
                }
                if admitted { continuation.resume() }
            }
        }
    }

    /// Hands the slot to the next waiter, or frees it.
    private func release() {
        let next: CheckedContinuation<Void, Never>? = state.withLock { state in
            if state.waiting.isEmpty {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}

import Foundation
import TodoHTTP

enum ProcessInfoCores {
    static let count = ProcessInfo.processInfo.activeProcessorCount
}
