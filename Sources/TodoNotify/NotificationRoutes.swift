import ActorRuntime
import Foundation
import HTTPTypes
import Hummingbird
import TodoContracts
import TodoEvents
import TodoHTTP

extension NotificationService {
    public static let apiPath = "/api/v1/notifications"

    /// The owner's notification API, authenticated with an access token or a personal API token
    /// (Bearer), under the per-user rate limit: `GET`/`PUT /api/v1/notifications/preferences`, `GET /api/v1/notifications/deliveries`.
    /// Errors are RFC 9457 problem details.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>, authenticator: RequestAuthenticator) {
        let group = router.group(RouterPath(Self.apiPath))
            // Its own problem middleware: behind Dapr this service runs without the gateway.
            .add(middleware: ProblemMiddleware<Context>(logger: logger, maxBodyBytes: 64 * 1024))
        group.get("preferences") { request, _ -> Response in
            let userID = try await authenticator.authenticatedUser(of: request)
            return try Self.json(try await self.withZone(try await self.actor(userID).preferences(), userID: userID))
        }
        group.put("preferences") { request, _ -> Response in
            let userID = try await authenticator.authenticatedUser(of: request)
            let input = try await Self.decodeBody(PreferencesInput.self, from: request)
            if let url = input.webhook?.url, !self.configuration.allowPrivateWebhooks,
               let refusal = await WebhookDestination.refusalAfterResolving(url.trimmingCharacters(in: .whitespaces), resolver: self.configuration.webhookResolver) {
                throw ActorProblem(status: 422, title: "Unprocessable Content", detail: refusal)
            }
            if input.channels.email && !self.emailEnabled {
                throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "channels.email cannot be on: e-mail delivery is not configured on this server (TODO_SMTP_URL)")
            }
            return try Self.json(try await self.withZone(try await self.actor(userID).setPreferences(input), userID: userID))
        }
        group.get("deliveries") { request, _ -> Response in
            let userID = try await authenticator.authenticatedUser(of: request)
            let query = try Self.deliveryQuery(request.uri.queryParameters.map { (String($0.key), String($0.value)) })
            let records = try await self.actor(userID).deliveries(query)
            return try Self.json(DeliveryLogBody(items: records.map(DeliveryLogItem.init)))
        }
    }

    /// Adds the zone quiet hours are read in (UserActor, hosted by tasks-service).
    private func withZone(_ view: NotificationActor.PreferencesView, userID: String) async throws -> NotificationActor.PreferencesView {
        var view = view
        view.timeZone = try await ActorProxy<UserActorContract>(id: userID, invoker: actors).timeZone()
        return view
    }

    private func actor(_ userID: String) -> ActorProxy<NotificationActor> {
        ActorProxy(id: userID, invoker: actors)
    }

    static func decodeBody<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        if let contentType = request.headers[.contentType], !contentType.lowercased().hasPrefix("application/json") {
            throw ActorProblem(status: 415, title: "Unsupported Media Type", detail: "send the body as application/json, not \(contentType)")
        }
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        guard buffer.readableBytes > 0 else {
            throw ActorProblem.badRequest("the body is empty; send the preferences as JSON: {\"channels\": {\"inApp\": true, \"webhook\": false, \"email\": false}, …}")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw ActorProblem.badRequest(DecodingErrorDescription.describe(error))
        }
    }

    static func deliveryQuery(_ parameters: [(String, String)]) throws -> NotificationActor.DeliveryQuery {
        var query = NotificationActor.DeliveryQuery()
        var seen: Set<String> = []
        for (name, value) in parameters {
            guard seen.insert(name).inserted else { throw ActorProblem.badRequest("query parameter '\(name)' is given twice") }
            switch name {
            case "limit":
                guard let limit = Int(value), (1...500).contains(limit) else {
                    throw ActorProblem.badRequest("limit must be a whole number from 1 to 500, not '\(value.prefix(40))'")
                }
                query.limit = limit
            case "channel":
                guard let channel = NotificationChannel(rawValue: value) else {
                    throw ActorProblem.badRequest("channel must be one of \(NotificationChannel.allCases.map(\.rawValue).joined(separator: ", ")), not '\(value.prefix(40))'")
                }
                query.channel = channel
            case "status":
                guard let status = DeliveryStatus(rawValue: value) else {
                    throw ActorProblem.badRequest("status must be one of \(DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", ")), not '\(value.prefix(40))'")
                }
                query.status = status
            default:
                throw ActorProblem.badRequest("unknown query parameter '\(name.prefix(40))'; the parameters are limit, channel, status")
            }
        }
        return query
    }

    static func json<T: Encodable>(_ value: T) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(PayloadCoding.text(date))
        }
        return try PrivateJSON.response(value, encoder: encoder)
    }
}

/// `GET /api/v1/notifications/deliveries`: `{"items": […]}`, newest first.
struct DeliveryLogBody: Encodable {
    var items: [DeliveryLogItem]
}

struct DeliveryLogItem: Encodable {
    var id: String
    var eventId: String
    var reminderId: String
    var taskId: String
    var title: String
    var channel: String
    var status: String
    var attempts: Int
    var remindAt: Date
    var createdAt: Date
    var updatedAt: Date
    var heldUntil: Date?
    var nextAttemptAt: Date?
    var deliveredAt: Date?
    var lastError: String?

    init(_ record: DeliveryRecord) {
        id = record.id
        eventId = record.reminder.id
        reminderId = record.reminder.reminderId
        taskId = record.reminder.taskId
        title = record.reminder.title
        channel = record.channel.rawValue
        status = record.status.rawValue
        attempts = record.attempts
        remindAt = record.reminder.remindAt
        createdAt = record.createdAt
        updatedAt = record.updatedAt
        heldUntil = record.heldUntil
        nextAttemptAt = record.nextAttemptAt
        deliveredAt = record.deliveredAt
        lastError = record.lastError
    }

    private enum CodingKeys: String, CodingKey {
        case id, eventId, reminderId, taskId, title, channel, status, attempts, remindAt, createdAt, updatedAt, heldUntil, nextAttemptAt, deliveredAt, lastError
    }

    /// Absent times are `null`, not missing: every entry has the same fields.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(eventId, forKey: .eventId)
        try container.encode(reminderId, forKey: .reminderId)
        try container.encode(taskId, forKey: .taskId)
        try container.encode(title, forKey: .title)
        try container.encode(channel, forKey: .channel)
        try container.encode(status, forKey: .status)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(remindAt, forKey: .remindAt)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(heldUntil, forKey: .heldUntil)
        try container.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try container.encode(deliveredAt, forKey: .deliveredAt)
        try container.encode(lastError, forKey: .lastError)
    }
}
