import Foundation

/// Wall-clock time for reminders, timers and anything an actor dates. Injectable so that
/// scenario tests can move time by hand (see `ManualClock` in ActorRuntimeTesting).
public protocol WallClock: Sendable {
    func now() -> Date
    /// Suspends until `now() >= deadline`; throws `CancellationError` when cancelled.
    func sleep(until deadline: Date) async throws
}

public struct SystemWallClock: WallClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until deadline: Date) async throws {
        // Task.sleep may return a little early or late; callers re-check `now()`.
        let seconds = deadline.timeIntervalSinceNow
        if seconds > 0 {
            try await Task.sleep(for: .nanoseconds(Int64((seconds * 1e9).rounded(.up))))
        } else {
            try Task.checkCancellation()
        }
    }
}

extension Duration {
    /// Seconds as a `TimeInterval`, for arithmetic with `Date`.
    public var timeInterval: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
