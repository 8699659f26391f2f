/// Exponential backoff with jitter and a finite number of attempts.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    public var multiplier: Double

    public init(maxAttempts: Int, initialBackoff: Duration, maxBackoff: Duration, multiplier: Double = 2) {
        precondition(maxAttempts >= 1, "a retry policy needs at least one attempt")
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.multiplier = multiplier
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1): between half and all of
    /// the exponential value, so that many failing callers do not retry in step.
    public func backoff(afterAttempt attempt: Int) -> Duration {
        let base = initialBackoff.timeInterval * pow(multiplier, Double(max(0, attempt - 1)))
        let capped = min(base, maxBackoff.timeInterval)
        let jittered = capped * Double.random(in: 0.5...1.0)
        return .nanoseconds(Int64(jittered * 1e9))
    }
}

private func pow(_ base: Double, _ exponent: Double) -> Double {
    var result = 1.0
    var remaining = Int(exponent)
    while remaining > 0 {
        result *= base
        remaining -= 1
    }
    return result
}
