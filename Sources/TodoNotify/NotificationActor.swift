import ActorRuntime
import Foundation
import TodoContracts
import TodoEvents

/// One user's notifications (id: user id), hosted by notification-service: their
/// preferences, the delivery log (which is also the dedupe record), deliveries held for
/// quiet hours, and the retry schedule of webhook and e-mail deliveries.
///
/// Durable time goes through actor reminders: `quiet-end` releases held deliveries when the
/// quiet hours end, `retry/<delivery id>` schedules the next attempt after a backoff. Both
/// survive restarts, and a reminder's turn saves its effects atomically with the fact that
/// it fired.
///
/// Network I/O never runs inside this actor's turns. A turn that decides an attempt is due
/// publishes an `AttemptTicket` (through the outbox, so it is saved with the decision); the
/// service performs the HTTP or SMTP exchange outside any turn (`beginAttempt` hands it the
/// target, `finishAttempt` records the outcome). So no turn lock is held across a network
/// round trip: a slow receiver (up to the 10 s webhook or 30 s SMTP limit) never blocks the
/// user's preference changes, log queries or other reminders. The cost is one more hop
/// through pub/sub per attempt, small next to the retry schedule. A crash mid-attempt
/// redelivers the ticket and the attempt is repeated with the same delivery id.
public struct NotificationActor: VirtualActor {
    public static let actorType = "NotificationActor"
    static let preferencesKey = StateKey<NotificationPreferences>("preferences")
    static let deliveriesKey = StateKey<[String: DeliveryRecord]>("deliveries")
    static let seenKey = StateKey<[String: Date]>("seen-events")
    static let quietEndReminder = "quiet-end"
    static let retryReminderPrefix = "retry/"
    /// The delivery log keeps this many entries (finished ones are dropped oldest first).
    static let logCapacity = 500
    /// Reminder event ids are remembered this long for dedupe, even after their log
    /// entries are gone (a Kafka redelivery after a week is not expected).
    static let seenRetention: TimeInterval = 30 * 86_400

    public let context: ActorContext

    public init(context: ActorContext) {
        self.context = context
    }

    public static let methods = ActorMethodTable<NotificationActor>(accept, preferences, setPreferences, deliveries, beginAttempt, finishAttempt)
    public static let accept = ActorMethod("accept", NotificationActor.accept(_:))
    public static let preferences = ActorMethod("preferences", NotificationActor.preferences)
    public static let setPreferences = ActorMethod("setPreferences", NotificationActor.setPreferences(_:))
    public static let deliveries = ActorMethod("deliveries", NotificationActor.deliveries(_:))
    public static let beginAttempt = ActorMethod("beginAttempt", NotificationActor.beginAttempt(_:))
    public static let finishAttempt = ActorMethod("finishAttempt", NotificationActor.finishAttempt(_:))

    // MARK: Preferences

    /// The preferences as the owner sees them: no secret, and the zone quiet hours follow.
    public struct PreferencesView: Codable, Sendable, Equatable {
        public struct Webhook: Codable, Sendable, Equatable {
            public var url: String
            public var secretSet: Bool
        }

        public var channels: NotificationPreferences.Channels
        public var webhook: Webhook?
        public var email: NotificationPreferences.Email?
        public var quietHours: QuietHours?
        /// The user's IANA zone (from their profile), in which quiet hours are read; filled
        /// in by the API (the actor does not call UserActor just to show it).
        public var timeZone: String?
        public var updatedAt: Date?
    }

    public func preferences() async throws -> PreferencesView {
        Self.view(of: try await context.state.get(Self.preferencesKey) ?? NotificationPreferences())
    }

    public func setPreferences(_ input: PreferencesInput) async throws -> PreferencesView {
        let stored = try await context.state.get(Self.preferencesKey)
        let preferences = try input.validated(keeping: stored, now: context.now)
        context.state.set(Self.preferencesKey, preferences)
        return Self.view(of: preferences)
    }

    private static func view(of preferences: NotificationPreferences) -> PreferencesView {
        PreferencesView(
            channels: preferences.channels,
            webhook: preferences.webhook.map { .init(url: $0.url, secretSet: !$0.secret.isEmpty) },
            email: preferences.email,
            quietHours: preferences.quietHours,
            timeZone: nil,
            updatedAt: preferences.updatedAt
        )
    }

    // MARK: Delivery log

    public struct DeliveryQuery: Codable, Sendable {
        public var limit: Int
        public var channel: NotificationChannel?
        public var status: DeliveryStatus?
        public init(limit: Int = 100, channel: NotificationChannel? = nil, status: DeliveryStatus? = nil) {
            self.limit = limit
            self.channel = channel
            self.status = status
        }
    }

    /// Newest first.
    public func deliveries(_ query: DeliveryQuery) async throws -> [DeliveryRecord] {
        let all = try await context.state.get(Self.deliveriesKey, default: [:]).values
        return all
            .filter { query.channel == nil || $0.channel == query.channel }
            .filter { query.status == nil || $0.status == query.status }
            .sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
            .prefix(max(0, query.limit))
            .map { $0 }
    }

    // MARK: Helpers

    /// The owner's time zone (NotificationActor → UserActor; never back, so no cycle).
    func userZone() async throws -> TimeZone {
        TimeZone(identifier: try await context.proxy(UserActorContract.self, context.id).timeZone()) ?? .gmt
    }
}
