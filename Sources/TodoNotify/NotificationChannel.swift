import Foundation
import TodoEvents

/// Where a reminder can be delivered.
public enum NotificationChannel: String, Codable, Sendable, CaseIterable {
    /// A message on `task-updates`, which the websocket-service forwards to the user's open sockets.
    case inApp = "in-app"
    /// An HTTP POST signed with HMAC-SHA256 to the user's URL.
    case webhook
    /// An e-mail through the configured SMTP server.
    case email
}

/// Where one delivery stands.
public enum DeliveryStatus: String, Codable, Sendable, CaseIterable {
    /// Inside the user's quiet hours; released when they end.
    case held
    /// Its first attempt is queued or in flight.
    case pending
    /// An attempt failed; the next one is scheduled (`nextAttemptAt`).
    case retrying
    case delivered
    /// The retry budget is spent (or the channel went away): dead-lettered, nothing more is tried.
    case dead

    var isFinal: Bool { self == .delivered || self == .dead }
}

/// One reminder occurrence on one channel: the delivery log's entry and the dedupe key.
/// Its id (`<reminder event id>.<channel>`) is what a webhook receiver sees on every attempt.
public struct DeliveryRecord: Codable, Sendable, Equatable {
    public var id: String
    public var channel: NotificationChannel
    public var status: DeliveryStatus
    /// Attempts started (webhook and e-mail; in-app is one publish through the outbox).
    public var attempts: Int
    /// Attempts whose outcome is recorded; below `attempts` while one is in flight.
    public var settledAttempts: Int = 0
    /// When the latest attempt was handed out (to tell one still running from one whose
    /// process died).
    public var attemptStartedAt: Date?
    public var reminder: ReminderEvent
    public var createdAt: Date
    public var updatedAt: Date
    public var heldUntil: Date?
    public var nextAttemptAt: Date?
    public var deliveredAt: Date?
    public var lastError: String?

    public static func id(event: String, channel: NotificationChannel) -> String {
        "\(event).\(channel.rawValue)"
    }
}
