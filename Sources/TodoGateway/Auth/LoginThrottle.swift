import Foundation
import Synchronization
import TodoHTTP

/// Failed sign-ins per client address and per account: the first `freeFailures` cost
/// nothing, then each further failure blocks the key for a delay that doubles (1 s, 2 s,
/// 4 s, … up to `maxDelay`). A blocked key gets 429 with `Retry-After` before any password
/// is hashed, so a flood costs the server a dictionary lookup per request. A key forgets its
/// failures `forgetAfter` seconds after the last one; a successful sign-in clears the
/// account's (not the address's: an attacker's own account must not reset their address).
final class LoginThrottle: Sendable {
    struct Entry {
        var failures = 0
        var blockedUntil = 0.0
        var lastFailure = 0.0
    }

    let freeFailures: Int
    let maxDelay: Double
    let forgetAfter: Double
    private let entries = Mutex<[String: Entry]>([:])

    init(freeFailures: Int = 5, maxDelay: Double = 900, forgetAfter: Double = 900) {
        self.freeFailures = freeFailures
        self.maxDelay = maxDelay
        self.forgetAfter = forgetAfter
    }

    /// Throws `RetryLater` (429) when any of `keys` is blocked now.
    func check(_ keys: [String], now: Double = Date().timeIntervalSince1970) throws {
        let wait: Double = entries.withLock { entries in
            keys.compactMap { entries[$0] }.map { $0.blockedUntil - now }.max() ?? 0
        }
        if wait > 0 {
            let seconds = Int(min(wait, maxDelay).rounded(.up))
            throw RetryLater(seconds: max(1, seconds), detail: "too many failed sign-ins; retry in \(max(1, seconds)) s")
        }
    }

    /// Records one failure for each key.
    func fail(_ keys: [String], now: Double = Date().timeIntervalSince1970) {
        entries.withLock { entries in
            if entries.count > 100_000 { entries = entries.filter { now - $0.value.lastFailure < forgetAfter } }
            for key in keys {
                var entry = entries[key] ?? Entry()
                if now - entry.lastFailure > forgetAfter { entry = Entry() }
                entry.failures += 1
                entry.lastFailure = now
                if entry.failures > freeFailures {
                    let exponent = min(entry.failures - freeFailures - 1, 20)
                    entry.blockedUntil = now + min(maxDelay, Double(1 << exponent))
                }
                entries[key] = entry
            }
        }
    }

    func succeed(_ key: String) {
        entries.withLock { _ = $0.removeValue(forKey: key) }
    }
}
