import Foundation
import Synchronization

/// A token bucket per user: `burst` requests at once, refilled at `perSecond`. Over it every
/// authenticated surface answers 429 with Retry-After.
package final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    package let perSecond: Double
    package let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])

    package init(perSecond: Double, burst: Double) {
        self.perSecond = perSecond
        self.burst = burst
    }

    /// Nil when allowed; else the seconds until the next request would be.
    package func admit(_ key: String, now: Double = Date().timeIntervalSince1970) -> Double? {
        buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) * perSecond)
            bucket.updated = now
            defer {
                buckets[key] = bucket
                if buckets.count > 100_000 { buckets = buckets.filter { now - $0.value.updated < 60 } }
            }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return (1 - bucket.tokens) / perSecond
        }
    }

    /// A wait as `Retry-After` states it: whole seconds, rounded up, at least 1 (a client
    /// that waits what it is told is then admitted), at most a day.
    package static func retryAfterSeconds(_ wait: Double) -> Int {
        guard wait.isFinite, wait > 1 else { return 1 }
        return Int(min(wait, 86_400).rounded(.up))
    }
}
