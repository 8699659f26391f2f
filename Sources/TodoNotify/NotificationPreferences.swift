import ActorRuntime
import Foundation

/// A user's notification settings, as stored by their NotificationActor.
public struct NotificationPreferences: Codable, Sendable, Equatable {
    public struct Channels: Codable, Sendable, Equatable {
        public var inApp: Bool
        public var webhook: Bool
        public var email: Bool

        public init(inApp: Bool = true, webhook: Bool = false, email: Bool = false) {
            self.inApp = inApp
            self.webhook = webhook
            self.email = email
        }

        private enum CodingKeys: String, CodingKey { case inApp, webhook, email }

        /// A channel left out keeps its default (in-app on, the others off).
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            inApp = try container.decodeIfPresent(Bool.self, forKey: .inApp) ?? true
            webhook = try container.decodeIfPresent(Bool.self, forKey: .webhook) ?? false
            email = try container.decodeIfPresent(Bool.self, forKey: .email) ?? false
        }

        public func isOn(_ channel: NotificationChannel) -> Bool {
            switch channel {
            case .inApp: inApp
            case .webhook: webhook
            case .email: email
            }
        }
    }

    public struct Webhook: Codable, Sendable, Equatable {
        public var url: String
        public var secret: String
        public init(url: String, secret: String) {
            self.url = url
            self.secret = secret
        }
    }

    public struct Email: Codable, Sendable, Equatable {
        public var address: String
        public init(address: String) { self.address = address }
    }

    public var channels: Channels
    public var webhook: Webhook?
    public var email: Email?
    public var quietHours: QuietHours?
    public var updatedAt: Date?

    /// In-app on, everything else off, no quiet hours: what a user has before choosing.
    public init(channels: Channels = Channels(), webhook: Webhook? = nil, email: Email? = nil, quietHours: QuietHours? = nil, updatedAt: Date? = nil) {
        self.channels = channels
        self.webhook = webhook
        self.email = email
        self.quietHours = quietHours
        self.updatedAt = updatedAt
    }

    /// The channels a reminder goes to now.
    public var enabledChannels: [NotificationChannel] {
        NotificationChannel.allCases.filter { channels.isOn($0) }
    }
}

/// What `PUT /api/v1/notifications/preferences` sends: the whole setting, except that a
/// webhook without `secret` keeps the secret already stored (secrets are never shown back).
public struct PreferencesInput: Codable, Sendable, Equatable {
    public struct Webhook: Codable, Sendable, Equatable {
        public var url: String
        public var secret: String?
        public init(url: String, secret: String? = nil) {
            self.url = url
            self.secret = secret
        }
    }

    public var channels: NotificationPreferences.Channels
    public var webhook: Webhook?
    public var email: NotificationPreferences.Email?
    public var quietHours: QuietHoursInput?

    public init(channels: NotificationPreferences.Channels, webhook: Webhook? = nil, email: NotificationPreferences.Email? = nil, quietHours: QuietHoursInput? = nil) {
        self.channels = channels
        self.webhook = webhook
        self.email = email
        self.quietHours = quietHours
    }

    public struct QuietHoursInput: Codable, Sendable, Equatable {
        public var start: String
        public var end: String
        public init(start: String, end: String) {
            self.start = start
            self.end = end
        }
    }

    /// Validates against the stored preferences (for the kept secret); every message names
    /// the field and what it must be. Throws 422 problems.
    public func validated(keeping stored: NotificationPreferences?, now: Date) throws -> NotificationPreferences {
        var result = NotificationPreferences(channels: channels, updatedAt: now)
        if let webhook {
            let url = try Self.webhookURL(webhook.url)
            let secret: String
            if let given = webhook.secret {
                guard (16...512).contains(given.count) else {
                    throw Self.invalid("webhook.secret must be 16 to 512 characters (it keys the HMAC-SHA256 signature); it has \(given.count)")
                }
                secret = given
            } else if let kept = stored?.webhook?.secret {
                secret = kept
            } else {
                throw Self.invalid("webhook.secret is required the first time a webhook is set (16 to 512 characters)")
            }
            result.webhook = .init(url: url, secret: secret)
        }
        if let email {
            result.email = .init(address: try Self.emailAddress(email.address))
        }
        if let quietHours {
            result.quietHours = try QuietHours(start: quietHours.start, end: quietHours.end)
        }
        if channels.webhook && result.webhook == nil {
            throw Self.invalid("channels.webhook is on but no webhook is set: send webhook.url and webhook.secret")
        }
        if channels.email && result.email == nil {
            throw Self.invalid("channels.email is on but no e-mail address is set: send email.address")
        }
        return result
    }

    static func invalid(_ detail: String) -> ActorProblem {
        ActorProblem(status: 422, title: "Unprocessable Content", detail: detail)
    }

    static func webhookURL(_ text: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= 2048 else { throw invalid("webhook.url is longer than 2048 characters") }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https" else {
            throw invalid("webhook.url must be an absolute http:// or https:// URL, not '\(trimmed.prefix(100))'")
        }
        guard let host = components.host, !host.isEmpty else {
            throw invalid("webhook.url has no host: '\(trimmed.prefix(100))'")
        }
        guard components.user == nil, components.password == nil else {
            throw invalid("webhook.url must not carry credentials; the signature authenticates each delivery")
        }
        guard components.fragment == nil else { throw invalid("webhook.url must not have a #fragment") }
        return trimmed
    }

    static func emailAddress(_ text: String) throws -> String {
        let address = text.trimmingCharacters(in: .whitespaces)
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard address.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64, !parts[1].isEmpty,
              parts[1].contains(".") || parts[1] == "localhost",
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              address.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value != 127 && !"<>()[],;:\\\"".unicodeScalars.contains($0) }) else {
            throw invalid("email.address must be a plain address like name@example.com, not '\(address.prefix(100))'")
        }
        return address
    }
}
