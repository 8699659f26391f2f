import Foundation

/// The reminder schedule policy.
///
/// A periodic reminder's schedule points are `dueTime + k × period`. When a reminder fires —
/// on time, late, or on start-up after the process was down through several points — it fires
/// once, and the next point is the first schedule point strictly after the moment it fired.
/// Missed points are therefore not replayed one by one: "fire once, then realign".
public enum ReminderSchedule {
    /// The next due time after firing `record` at `firedAt`, or nil when it is finished.
    public static func nextDue(_ record: ReminderRecord, after firedAt: Date) -> Date? {
        guard let period = record.period else { return nil }
        let step = period.timeInterval
        guard step > 0 else { return nil }
        let elapsed = max(0, firedAt.timeIntervalSince(record.dueTime))
        var next = record.dueTime.addingTimeInterval((floor(elapsed / step) + 1) * step)
        if next <= firedAt { next = next.addingTimeInterval(step) }
        if let expiresAt = record.expiresAt, next > expiresAt { return nil }
        return next
    }
}

struct ScheduledReminder: Sendable {
    var record: ReminderRecord
    var generation: UInt64
    var failedAttempts = 0
}

struct ScheduledTimer: Sendable {
    var spec: TimerSpec
    var activationSerial: UInt64
    var generation: UInt64
}
