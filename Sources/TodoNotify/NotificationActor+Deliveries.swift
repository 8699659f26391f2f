import ActorRuntime
import Foundation
import Logging
import Metrics
import TodoEvents

/// The life of a delivery: accepted (or held), attempted, retried with backoff, delivered or
/// dead-lettered. Every decision is made in a turn and saved with what it publishes.
extension NotificationActor {
    /// What `accept` did with one reminder event.
    public struct AcceptResult: Codable, Sendable, Equatable {
        /// The event was seen before: nothing was done again.
        public var duplicate: Bool
        public var deliveries: [String]
    }

    /// Asks the service to make attempt `attempt` of a webhook or e-mail delivery. Carries
    /// no target or secret: those are read from the actor when the attempt begins, so they
    /// never sit in the outbox or on Kafka.
    public struct AttemptTicket: Codable, Sendable, Equatable {
        public var userId: String
        public var deliveryId: String
        public var attempt: Int
        public init(userId: String, deliveryId: String, attempt: Int) {
            self.userId = userId
            self.deliveryId = deliveryId
            self.attempt = attempt
        }
    }

    /// Everything one attempt needs, handed out by `beginAttempt`.
    public struct AttemptPlan: Codable, Sendable, Equatable {
        public var deliveryId: String
        public var attempt: Int
        public var channel: NotificationChannel
        public var notification: ReminderNotification
        public var webhook: NotificationPreferences.Webhook?
        public var emailAddress: String?
    }

    public struct AttemptOutcome: Codable, Sendable, Equatable {
        public var deliveryId: String
        public var attempt: Int
        public var delivered: Bool
        public var error: String?
        /// After a failure: wait this long and try again; nil when the retry budget is spent.
        public var retryAfterSeconds: Double?
        public init(deliveryId: String, attempt: Int, delivered: Bool, error: String? = nil, retryAfterSeconds: Double? = nil) {
            self.deliveryId = deliveryId
            self.attempt = attempt
            self.delivered = delivered
            self.error = error
            self.retryAfterSeconds = retryAfterSeconds
        }
    }

    // MARK: Accepting reminders

    /// One `reminders` event: a delivery per enabled channel, unless the event was seen
    /// before (a redelivery, a re-fired reminder): then nothing happens. Inside quiet hours
    /// the deliveries are held until they end.
    public func accept(_ event: ReminderEvent) async throws -> AcceptResult {
        guard event.userId == context.id else {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "reminder \(event.id) is for user \(event.userId), not \(context.id)")
        }
        let now = context.now
        var seen = try await context.state.get(Self.seenKey, default: [:])
        if seen[event.id] != nil {
            Counter(label: "todo_notification_duplicates_total").increment()
            return AcceptResult(duplicate: true, deliveries: [])
        }
        seen = seen.filter { now.timeIntervalSince($0.value) < Self.seenRetention }
        seen[event.id] = now
        context.state.set(Self.seenKey, seen)

        let preferences = try await context.state.get(Self.preferencesKey) ?? NotificationPreferences()
        var log = try await context.state.get(Self.deliveriesKey, default: [:])
        var heldUntil: Date?
        if let quiet = preferences.quietHours {
            heldUntil = quiet.end(ifInside: now, in: try await userZone())
        }
        var created: [String] = []
        for channel in preferences.enabledChannels {
            let id = DeliveryRecord.id(event: event.id, channel: channel)
            guard log[id] == nil else { continue }
            var record = DeliveryRecord(id: id, channel: channel, status: .pending, attempts: 0, reminder: event, createdAt: now, updatedAt: now)
            if let heldUntil {
                record.status = .held
                record.heldUntil = heldUntil
            } else {
                try start(&record)
            }
            log[id] = record
            created.append(id)
        }
        context.state.set(Self.deliveriesKey, Self.trimmed(log))
        if heldUntil != nil { try await armQuietEnd(log) }
        return AcceptResult(duplicate: false, deliveries: created)
    }

    /// Sends a delivery on its way: in-app is published now (through the outbox, so exactly
    /// once with this turn); webhook and e-mail get their first attempt ticket.
    private func start(_ record: inout DeliveryRecord) throws {
        let now = context.now
        record.heldUntil = nil
        record.updatedAt = now
        switch record.channel {
        case .inApp:
            // The `task-updates` v1 message of type `reminder`; its id is the delivery's.
            try context.publish(TaskUpdate(notificationID: record.id, reminder: record.reminder, occurredAt: record.reminder.remindAt), topic: Topics.taskUpdates, partitionKey: record.reminder.userId)
            record.status = .delivered
            record.attempts = 1
            record.deliveredAt = now
            Self.count(record)
        case .webhook, .email:
            record.status = .pending
            try requestAttempt(record.attempts + 1, of: record)
        }
    }

    private func requestAttempt(_ attempt: Int, of record: DeliveryRecord) throws {
        // Keyed by delivery, not by user: tickets need no order between deliveries (each is
        // checked against its record), and one user's slow webhook must not hold a lane or a
        // Kafka partition that other users' deliveries wait behind.
        try context.publish(
            AttemptTicket(userId: context.id, deliveryId: record.id, attempt: attempt),
            topic: NotificationTopics.attempts, partitionKey: record.id
        )
    }

    // MARK: Attempts (called by the service around its network I/O)

    /// Longer than any attempt can take: the webhook timeout is at most 120 s
    /// (`TODO_NOTIFY_WEBHOOK_TIMEOUT_S`), an e-mail 10 s to connect plus 30 s.
    static let attemptDeadline: Duration = .seconds(150)

    /// The plan of attempt `ticket.attempt`, or nil when the ticket is stale (delivered,
    /// dead, superseded, or already answered). A ticket delivered again while its attempt
    /// has no outcome (the process died mid-attempt) gets the same attempt again: receivers
    /// dedupe by delivery id.
    public func beginAttempt(_ ticket: AttemptTicket) async throws -> AttemptPlan? {
        var log = try await context.state.get(Self.deliveriesKey, default: [:])
        guard var record = log[ticket.deliveryId], record.status == .pending || record.status == .retrying else { return nil }
        let fresh = ticket.attempt == record.attempts + 1 && record.settledAttempts == record.attempts
        let inFlight = ticket.attempt == record.attempts && record.settledAttempts < record.attempts
        guard fresh || inFlight else { return nil }
        if inFlight, let started = record.attemptStartedAt, context.now < started.addingTimeInterval(Self.attemptDeadline.timeInterval) {
            // The same ticket again while its attempt may still be running (a broker that
            // redelivers after its own delivery timeout): sending now could send twice.
            // The caller answers RETRY; after the deadline the attempt counts as lost.
            throw ActorProblem(status: 409, title: "Conflict", detail: "attempt \(ticket.attempt) of \(record.id) is still in flight")
        }
        let preferences = try await context.state.get(Self.preferencesKey) ?? NotificationPreferences()
        var plan = AttemptPlan(
            deliveryId: record.id, attempt: ticket.attempt, channel: record.channel,
            notification: ReminderNotification(delivery: record, schema: ReminderNotification.webhookSchema)
        )
        switch record.channel {
        case .webhook where preferences.channels.webhook && preferences.webhook != nil:
            plan.webhook = preferences.webhook
        case .email where preferences.channels.email && preferences.email != nil:
            plan.emailAddress = preferences.email?.address
        default:
            // The user switched the channel off (or removed its target) since: nothing to send to.
            kill(&record, reason: "the \(record.channel.rawValue) channel was turned off before delivery")
            log[record.id] = record
            context.state.set(Self.deliveriesKey, log)
            return nil
        }
        record.attempts = ticket.attempt
        record.attemptStartedAt = context.now
        record.nextAttemptAt = nil
        record.updatedAt = context.now
        log[record.id] = record
        context.state.set(Self.deliveriesKey, log)
        return plan
    }

    public func finishAttempt(_ outcome: AttemptOutcome) async throws -> NoValue {
        var log = try await context.state.get(Self.deliveriesKey, default: [:])
        guard var record = log[outcome.deliveryId], !record.status.isFinal, record.attempts == outcome.attempt,
              record.settledAttempts < outcome.attempt else { return NoValue() }
        let now = context.now
        record.updatedAt = now
        record.settledAttempts = outcome.attempt
        if outcome.delivered {
            record.status = .delivered
            record.deliveredAt = now
            record.lastError = nil
            Self.count(record)
        } else if let wait = outcome.retryAfterSeconds {
            record.status = .retrying
            record.lastError = outcome.error
            let next = now.addingTimeInterval(max(0.001, wait))
            record.nextAttemptAt = next
            context.registerReminder(Self.retryReminderPrefix + record.id, dueTime: next)
            Counter(label: "todo_notification_retries_total", dimensions: [("channel", record.channel.rawValue)]).increment()
        } else {
            kill(&record, reason: outcome.error ?? "delivery failed")
            context.logger.warning("notification dead-lettered after its retry budget", metadata: ["delivery": "\(record.id)", "attempts": "\(record.attempts)", "error": "\(record.lastError ?? "")"])
        }
        log[record.id] = record
        context.state.set(Self.deliveriesKey, log)
        return NoValue()
    }

    private func kill(_ record: inout DeliveryRecord, reason: String) {
        record.status = .dead
        record.lastError = reason
        record.nextAttemptAt = nil
        record.updatedAt = context.now
        Self.count(record)
    }

    // MARK: Reminders

    public func receiveReminder(_ reminder: FiredReminder) async throws {
        if reminder.name == Self.quietEndReminder {
            try await releaseHeld()
        } else if reminder.name.hasPrefix(Self.retryReminderPrefix) {
            let id = String(reminder.name.dropFirst(Self.retryReminderPrefix.count))
            let log = try await context.state.get(Self.deliveriesKey, default: [:])
            // Stale when the delivery finished meanwhile (a late success, the log trimmed).
            guard let record = log[id], record.status == .retrying else { return }
            try requestAttempt(record.attempts + 1, of: record)
        }
    }

    /// Quiet hours are over: every held delivery due by now starts; later ones (quiet hours
    /// moved meanwhile) keep the reminder armed.
    private func releaseHeld() async throws {
        var log = try await context.state.get(Self.deliveriesKey, default: [:])
        let now = context.now
        for (id, record) in log where record.status == .held && (record.heldUntil ?? now) <= now.addingTimeInterval(1) {
            var released = record
            try start(&released)
            log[id] = released
        }
        context.state.set(Self.deliveriesKey, log)
        try await armQuietEnd(log)
    }

    /// Points `quiet-end` at the earliest held delivery (or removes it when none is held).
    private func armQuietEnd(_ log: [String: DeliveryRecord]) async throws {
        let earliest = log.values.filter { $0.status == .held }.compactMap(\.heldUntil).min()
        let current = try await context.reminder(named: Self.quietEndReminder)
        if let earliest {
            if current?.dueTime != earliest { context.registerReminder(Self.quietEndReminder, dueTime: earliest) }
        } else if current != nil {
            context.unregisterReminder(Self.quietEndReminder)
        }
    }

    /// Keeps the log bounded: finished entries beyond the capacity go, oldest first;
    /// unfinished ones always stay (they still have work scheduled).
    static func trimmed(_ log: [String: DeliveryRecord]) -> [String: DeliveryRecord] {
        guard log.count > logCapacity else { return log }
        let removable = log.values.filter(\.status.isFinal).sorted { $0.updatedAt < $1.updatedAt }
        var trimmed = log
        for record in removable.prefix(log.count - logCapacity) { trimmed[record.id] = nil }
        return trimmed
    }

    static func count(_ record: DeliveryRecord) {
        Counter(label: "todo_notifications_total", dimensions: [("channel", record.channel.rawValue), ("status", record.status.rawValue)]).increment()
    }
}

/// Topics of the notification-service besides `reminders` (in TodoEvents).
public enum NotificationTopics {
    /// Internal work queue: one message per webhook or e-mail attempt, published by
    /// NotificationActor turns and consumed by notification-service itself.
    public static let attempts = "notification-attempts"
    public static let remindersDeadLetter = "reminders-deadletter"
    public static let attemptsDeadLetter = "notification-attempts-deadletter"
}
