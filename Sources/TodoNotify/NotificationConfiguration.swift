import ActorRuntime
import Foundation

/// The notification-service's settings (environment variables in parentheses).
public struct NotificationConfiguration: Sendable {
    /// Webhook and e-mail attempts: `maxAttempts` in all (the retry budget), then dead-letter
    /// (`TODO_NOTIFY_MAX_ATTEMPTS`, default 8; `TODO_NOTIFY_BACKOFF_MS` first wait, default
    /// 1000, doubling to `TODO_NOTIFY_MAX_BACKOFF_S`, default 3600).
    public var retry: RetryPolicy
    /// One webhook POST may take this long (`TODO_NOTIFY_WEBHOOK_TIMEOUT_S`, default 10).
    public var webhookTimeout: Duration
    /// E-mail over SMTP (`TODO_SMTP_URL` …); nil turns the e-mail channel off.
    public var smtp: SMTPConfiguration?
    /// Webhooks to loopback, private and link-local addresses (`TODO_NOTIFY_ALLOW_PRIVATE_WEBHOOKS=1`;
    /// off by default, see `WebhookDestination`).
    public var allowPrivateWebhooks: Bool
    /// Where webhook host names are resolved, at registration and at every delivery
    /// (getaddrinfo; tests substitute answers).
    public var webhookResolver: WebhookResolver

    public init(
        retry: RetryPolicy = RetryPolicy(maxAttempts: 8, initialBackoff: .seconds(1), maxBackoff: .seconds(3600)),
        webhookTimeout: Duration = .seconds(10),
        smtp: SMTPConfiguration? = nil,
        allowPrivateWebhooks: Bool = false,
        webhookResolver: WebhookResolver = .system
    ) {
        self.retry = retry
        self.webhookTimeout = webhookTimeout
        self.smtp = smtp
        self.allowPrivateWebhooks = allowPrivateWebhooks
        self.webhookResolver = webhookResolver
    }

    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> NotificationConfiguration {
        func integer(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
            guard let text = environment[name], !text.isEmpty else { return value }
            guard let number = Int(text), range.contains(number) else {
                throw ConfigurationError("\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound), not '\(text)'")
            }
            return number
        }
        let attempts = try integer("TODO_NOTIFY_MAX_ATTEMPTS", default: 8, range: 1...100)
        let backoff = try integer("TODO_NOTIFY_BACKOFF_MS", default: 1000, range: 1...86_400_000)
        let maxBackoff = try integer("TODO_NOTIFY_MAX_BACKOFF_S", default: 3600, range: 1...604_800)
        let timeout = try integer("TODO_NOTIFY_WEBHOOK_TIMEOUT_S", default: 10, range: 1...120)
        return NotificationConfiguration(
            retry: RetryPolicy(maxAttempts: attempts, initialBackoff: .milliseconds(backoff), maxBackoff: .seconds(maxBackoff)),
            webhookTimeout: .seconds(timeout),
            smtp: try SMTPConfiguration.fromEnvironment(environment),
            allowPrivateWebhooks: ["1", "true", "yes"].contains((environment["TODO_NOTIFY_ALLOW_PRIVATE_WEBHOOKS"] ?? "").lowercased())
        )
    }
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
