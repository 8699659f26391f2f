import ActorRuntime
import Foundation
import HTTPTypes
import Hummingbird
import TodoEvents
import TodoHTTP

extension AuditService {
    /// The audit API's path.
    public static let apiPath = "/api/v1/audit"

    /// `GET /api/v1/audit?taskId=&type=&since=&until=&limit=&cursor=`: the caller's own
    /// records, oldest first, authenticated with an access token or a personal API token (Bearer), under the per-user
    /// rate limit. Errors are RFC 9457 problem details from TodoHTTP's `ProblemMiddleware`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>, authenticator: RequestAuthenticator) {
        let group = router.group(RouterPath(Self.apiPath))
            // Its own problem middleware: the audit-service also runs without the gateway's
            // routes (behind Dapr), and inside them it answers first, the same way.
            .add(middleware: ProblemMiddleware<Context>(logger: logger, maxBodyBytes: HTTPBodyLimit.api))
        group.get { request, _ -> Response in
            let userID = try await authenticator.authenticatedUser(of: request)
            let parameters = try AuditQueryParameters(request.uri.queryParameters.map { (String($0.key), String($0.value)) })
            return try await self.respond(userID: userID, parameters)
        }
    }

    private func respond(userID: String, _ parameters: AuditQueryParameters) async throws -> Response {
        guard isReady else {
            throw ActorProblem(status: 503, title: "Service Unavailable", detail: "the audit store is starting; retry shortly")
        }
        let page = try await store.query(
            userID: userID, taskID: parameters.taskID, types: parameters.types,
            since: parameters.since, until: parameters.until, limit: parameters.limit, cursor: parameters.cursor
        )
        let body = AuditPageBody(items: try page.records.map(AuditItemBody.init), nextCursor: page.next?.token)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try PrivateJSON.response(body, encoder: encoder)
    }
}

/// The response body: `{"items": […], "nextCursor": "…" | null}`.
struct AuditPageBody: Encodable {
    var items: [AuditItemBody]
    var nextCursor: String?

    private enum CodingKeys: String, CodingKey { case items, nextCursor }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        // null rather than absent: "no more pages" is stated, not implied.
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

/// One record as the API shows it; `task` is the event's snapshot exactly as published.
struct AuditItemBody: Encodable {
    var id: String
    var type: String
    var taskId: String
    var userId: String
    var occurredAt: String
    var version: Int
    var title: String
    var status: String
    var task: JSONValue

    init(_ record: AuditRecord) throws {
        id = record.eventID
        type = record.type.rawValue
        taskId = record.taskID
        userId = record.userID
        occurredAt = RFC3339.format(record.occurredAt)
        version = record.version
        title = record.title
        status = record.status
        task = try JSONValue(json: Data(record.snapshot.utf8))
    }
}
