import ActorRuntime
import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import TodoEvents

/// The notification-service: consumes `reminders` into each user's NotificationActor, and
/// performs the webhook and e-mail attempts those actors ask for on `notification-attempts`
/// (outside any actor turn; see NotificationActor).
///
/// The same `subscriptions()` serve the in-process bus and Dapr (`/dapr/subscribe`). As a
/// `Service` it owns the HTTP client used for webhooks and shuts it down at the end.
public final class NotificationService: Service, Sendable {
    public let configuration: NotificationConfiguration
    let actors: any ActorInvoker
    let httpClient: HTTPClient
    let smtp: SMTPClient?
    let logger: Logger
    public static let consumer = "notification-service"

    public init(configuration: NotificationConfiguration, actors: any ActorInvoker, logger: Logger = Logger(label: "todo.notify")) throws {
        self.configuration = configuration
        self.actors = actors
        self.logger = logger
        self.smtp = try configuration.smtp.map { try SMTPClient(configuration: $0, logger: logger) }
        // No redirects: a signed delivery goes to the URL the user configured, nowhere else.
        self.httpClient = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5)))
        )
        // Every channel's series exist from the start at 0, so failure ratios and alerts
        // evaluate before the first failure.
        for channel in NotificationChannel.allCases {
            for result in ["delivered", "failed"] {
                Counter(label: "todo_notification_attempts_total", dimensions: [("channel", channel.rawValue), ("result", result)]).increment(by: 0)
            }
        }
    }

    /// Reads `TODO_NOTIFY_*` and `TODO_SMTP_*` (see `NotificationConfiguration`).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment, actors: any ActorInvoker, logger: Logger = Logger(label: "todo.notify")) throws -> NotificationService {
        let configuration = try NotificationConfiguration.fromEnvironment(environment)
        logger.info("notification channels", metadata: [
            "smtp": "\(configuration.smtp?.summary ?? "off (TODO_SMTP_URL unset)")",
            "maxAttempts": "\(configuration.retry.maxAttempts)",
        ])
        return try NotificationService(configuration: configuration, actors: actors, logger: logger)
    }

    /// The actor type this service hosts.
    public static func registerActors(on registry: any ActorRegistry) {
        registry.register(NotificationActor.self, options: ActorTypeOptions())
    }

    public var emailEnabled: Bool { smtp != nil }

    // MARK: Consuming

    public func subscriptions() -> [Subscription] {
        [
            Subscription(topic: Topics.reminders, consumer: Self.consumer, deadLetterTopic: NotificationTopics.remindersDeadLetter) { event in
                try await self.accept(event)
            },
            Subscription(topic: NotificationTopics.attempts, consumer: Self.consumer, deadLetterTopic: NotificationTopics.attemptsDeadLetter) { event in
                try await self.attempt(event)
            },
        ]
    }

    /// One reminder occurrence into its owner's actor, which dedupes it by event id.
    public func accept(_ cloudEvent: CloudEvent) async throws -> SubscriberResult {
        let event: ReminderEvent
        do {
            event = try cloudEvent.decodeData(ReminderEvent.self)
        } catch {
            logger.warning("notification-service dropped an undecodable reminder", metadata: ["event": "\(cloudEvent.id)", "error": "\(error)"])
            return .drop
        }
        guard !event.userId.isEmpty else { return .drop }
        _ = try await ActorProxy<NotificationActor>(id: event.userId, invoker: actors).accept(event)
        return .success
    }

    /// One webhook or e-mail attempt: the plan from the actor, the network exchange here,
    /// the outcome back to the actor (which schedules a retry or dead-letters).
    public func attempt(_ cloudEvent: CloudEvent) async throws -> SubscriberResult {
        let ticket: NotificationActor.AttemptTicket
        do {
            ticket = try cloudEvent.decodeData(NotificationActor.AttemptTicket.self)
        } catch {
            return .drop
        }
        let actor = ActorProxy<NotificationActor>(id: ticket.userId, invoker: actors)
        let plan: NotificationActor.AttemptPlan
        do {
            guard let planned = try await actor.beginAttempt(ticket) else { return .success }
            plan = planned
        } catch let problem as ActorProblem where problem.status == 409 {
            return .retry  // its attempt is still running elsewhere; ask again later
        }
        var outcome = NotificationActor.AttemptOutcome(deliveryId: plan.deliveryId, attempt: plan.attempt, delivered: true)
        do {
            try await perform(plan)
        } catch {
            outcome.delivered = false
            outcome.error = String(String(describing: error).prefix(500))
            if plan.attempt < configuration.retry.maxAttempts {
                outcome.retryAfterSeconds = configuration.retry.backoff(afterAttempt: plan.attempt).timeInterval
            }
            logger.info("notification attempt failed", metadata: ["delivery": "\(plan.deliveryId)", "attempt": "\(plan.attempt)", "error": "\(outcome.error ?? "")"])
        }
        Counter(label: "todo_notification_attempts_total", dimensions: [("channel", plan.channel.rawValue), ("result", outcome.delivered ? "delivered" : "failed")]).increment()
        _ = try await actor.finishAttempt(outcome)
        return .success
    }

    func perform(_ plan: NotificationActor.AttemptPlan) async throws {
        switch plan.channel {
        case .webhook:
            guard let webhook = plan.webhook else { throw DeliveryFailure("no webhook is configured") }
            try await sendWebhook(plan, to: webhook)
        case .email:
            guard let address = plan.emailAddress else { throw DeliveryFailure("no e-mail address is configured") }
            guard let smtp else { throw DeliveryFailure("e-mail delivery is not configured on this server (TODO_SMTP_URL)") }
            try await smtp.send(Self.email(for: plan, to: address))
        case .inApp:
            throw DeliveryFailure("in-app deliveries are published by the actor, not attempted")
        }
    }

    // MARK: Webhook

    func sendWebhook(_ plan: NotificationActor.AttemptPlan, to webhook: NotificationPreferences.Webhook) async throws {
        // The address checked is the address connected to: the name is resolved once, here,
        // and the connection is pinned to that address (TLS still verifies the name). No
        // redirect is followed (a 3xx is a failed attempt), so there is no further hop to
        // check. With private webhooks allowed the name is still resolved and pinned here,
        // only not checked.
        let pinned: (host: String, address: String)?
        do {
            pinned = try await WebhookDestination.pinnedAddress(for: webhook.url, resolver: configuration.webhookResolver, allowPrivate: configuration.allowPrivateWebhooks)
        } catch {
            throw DeliveryFailure(error.reason)
        }
        let body = try plan.notification.jsonBody()
        let timestamp = Int64(Date().timeIntervalSince1970)
        var request = HTTPClientRequest(url: webhook.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "todo-notification-service/1")
        request.headers.add(name: WebhookSignature.deliveryHeader, value: plan.deliveryId)
        request.headers.add(name: WebhookSignature.attemptHeader, value: "\(plan.attempt)")
        request.headers.add(name: WebhookSignature.timestampHeader, value: "\(timestamp)")
        request.headers.add(name: WebhookSignature.signatureHeader, value: WebhookSignature.sign(body: body, timestamp: timestamp, secret: webhook.secret))
        request.body = .bytes(ByteBuffer(bytes: body))
        let timeout = TimeAmount.nanoseconds(Int64(configuration.webhookTimeout.timeInterval * 1e9))
        let response: HTTPClientResponse
        if let pinned {
            var pinnedConfiguration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5)))
            pinnedConfiguration.dnsOverride = [pinned.host: pinned.address]
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: pinnedConfiguration)
            do {
                response = try await client.execute(request, timeout: timeout)
                _ = try? await response.body.collect(upTo: 64 * 1024)
            } catch {
                try? await client.shutdown()
                throw error
            }
            try? await client.shutdown()
        } else {
            response = try await httpClient.execute(request, timeout: timeout)
            // Read (a bounded amount of) the answer so the connection can be reused. Only
            // here: a response body has one reader, and the pinned path above read it already
            // (a second reader traps).
            _ = try? await response.body.collect(upTo: 64 * 1024)
        }
        if (300..<400).contains(Int(response.status.code)) {
            let location = response.headers.first(name: "location").map { " to \($0.prefix(200))" } ?? ""
            throw DeliveryFailure("the webhook receiver answered \(response.status.code) \(response.status.reasonPhrase)\(location); redirects are not followed: a delivery goes only to the configured URL")
        }
        guard (200..<300).contains(Int(response.status.code)) else {
            throw DeliveryFailure("the webhook receiver answered \(response.status.code) \(response.status.reasonPhrase)")
        }
    }

    // MARK: E-mail

    static func email(for plan: NotificationActor.AttemptPlan, to address: String) -> EmailMessage {
        let reminder = plan.notification.reminder
        var lines = ["Reminder: \(reminder.title)", ""]
        if let due = reminder.dueAt { lines.append("Due: \(due)") }
        lines.append("Reminder time: \(reminder.remindAt)")
        lines.append("Task: \(plan.notification.taskId)")
        lines.append("")
        lines.append("You get this e-mail because e-mail reminders are on in your notification preferences.")
        return EmailMessage(
            to: address,
            subject: "Reminder: \(reminder.title)",
            body: lines.joined(separator: "\n"),
            headers: [("X-Todo-Delivery-Id", plan.deliveryId)],
            messageID: "\(plan.deliveryId)@todo.notification-service",
            date: Date()
        )
    }

    // MARK: Lifecycle

    public func run() async throws {
        try? await gracefulShutdown()
        try await shutdown()
    }

    /// Closes the webhook client (tests that do not run the service call this).
    public func shutdown() async throws {
        try await httpClient.shutdown()
    }
}

struct DeliveryFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
