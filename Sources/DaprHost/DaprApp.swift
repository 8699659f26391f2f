import ActorRuntime
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The app side of the Dapr protocol: the routes daprd calls on a service that hosts actors
/// or subscribes to topics (`/dapr/config`, `/actors/…`, `/dapr/subscribe`, `/events/…`).
public struct DaprAppRoutes: Sendable {
    public var actors: SidecarActorHost?
    public var subscriptions: [Subscription]
    public var pubsubName: String
    /// False when the deployment declares the subscriptions as `Subscription` resources: then
    /// `/dapr/subscribe` lists none (no topic is subscribed twice) and `/events/<topic>` still
    /// delivers.
    public var advertisesSubscriptions: Bool
    /// `APP_API_TOKEN`: when set, every Dapr route requires a matching `dapr-api-token`.
    public var appToken: String?
    public var logger: Logger

    public init(actors: SidecarActorHost?, subscriptions: [Subscription] = [], pubsubName: String = "pubsub", advertisesSubscriptions: Bool = true, appToken: String? = nil, logger: Logger = Logger(label: "todo.dapr.app")) {
        self.actors = actors
        self.subscriptions = subscriptions
        self.pubsubName = pubsubName
        self.advertisesSubscriptions = advertisesSubscriptions
        self.appToken = appToken.flatMap { $0.isEmpty ? nil : $0 }
        self.logger = logger
    }

    /// Limit on a request body from the sidecar.
    static let maxBody = 16 << 20

    public func add<Context: RequestContext>(to router: Router<Context>) {
        let dapr = router.group()
        if let appToken { dapr.add(middleware: DaprAppTokenMiddleware<Context>(token: appToken)) }

        dapr.get("/dapr/config") { _, _ in try self.jsonResponse(self.appConfiguration()) }
        dapr.get("/dapr/subscribe") { _, _ in
            try self.jsonResponse(JSONValue.array(self.advertisesSubscriptions ? self.subscriptions.map(self.subscriptionEntry) : []))
        }
        dapr.post("/events/:topic") { request, context in try await self.deliver(request, context) }

        for method in [HTTPRequest.Method.put, .post] {
            dapr.on("/actors/:type/:id/method/remind/**", method: method, use: { request, context -> Response in
                try await self.callActor(request, context) { host, actor, body in
                    let name = context.parameters.getCatchAll().joined(separator: "/")
                    let payload = try JSONValue(json: body)
                    try await host.handleReminder(actor, name: Self.decoded(name), data: Self.data(payload["data"]))
                    return Data()
                }
            })
            dapr.on("/actors/:type/:id/method/timer/**", method: method, use: { request, context -> Response in
                try await self.callActor(request, context) { host, actor, body in
                    let name = context.parameters.getCatchAll().joined(separator: "/")
                    let payload = try JSONValue(json: body)
                    var callback: String?
                    if case .string(let value) = payload["callback"], !value.isEmpty { callback = value }
                    try await host.handleTimer(actor, name: Self.decoded(name), callback: callback, data: Self.data(payload["data"]))
                    return Data()
                }
            })
            dapr.on("/actors/:type/:id/method/:method", method: method, use: { request, context -> Response in
                try await self.callActor(request, context) { host, actor, body in
                    let method = Self.decoded(try context.parameters.require("method"))
                    let chainID = request.headers[Self.reentrancyHeader]
                    return try await host.handleMethod(actor, method: method, body: body, chainID: chainID)
                }
            })
        }
        dapr.delete("/actors/:type/:id") { request, context in
            try await self.callActor(request, context) { host, actor, _ in
                try await host.handleDeactivate(actor)
                return Data()
            }
        }
    }

    // MARK: Actors

    static let reentrancyHeader = HTTPField.Name("Dapr-Reentrancy-Id")!
    static let errorHeader = HTTPField.Name("X-DaprErrorResponseHeader")!

    /// Runs an actor call and maps its outcome onto what daprd expects: exactly 200 with the
    /// result; 404 for an unknown actor type or method; an actor's error as 200 with
    /// `X-DaprErrorResponseHeader`, which daprd hands to the caller with the problem's status.
    private func callActor<Context: RequestContext>(
        _ request: Request, _ context: Context,
        _ body: @Sendable (SidecarActorHost, ActorAddress, Data) async throws -> Data
    ) async throws -> Response {
        guard let host = actors else {
            return Self.problem(ActorProblem(status: 404, title: "Not Found", detail: "this app hosts no actors"))
        }
        let actor = ActorAddress(type: Self.decoded(try context.parameters.require("type")), id: Self.decoded(try context.parameters.require("id")))
        var request = request
        let bytes = Data(try await request.collectBody(upTo: Self.maxBody).readableBytesView)
        do {
            let result = try await DaprTrace.$headers.withValue(Self.traceHeaders(request)) {
                try await body(host, actor, bytes)
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: result)))
        } catch let error as ActorError {
            switch error {
            case .unknownActorType, .methodNotFound:
                return Self.problem(ActorProblem(status: 404, title: "Not Found", detail: error.description))
            case .invalidPayload:
                return Self.actorFailure(ActorProblem(status: 400, title: "Bad Request", detail: error.description))
            default:
                return Self.actorFailure(ActorProblem(status: 500, title: "Actor Error", detail: error.description))
            }
        } catch let problem as ActorProblem {
            return Self.actorFailure(problem)
        } catch let convertible as ProblemConvertible {
            // A sidecar or broker failure is what it is (503 naming the dependency), so the
            // caller's sidecar relays that and not a generic actor failure.
            logger.warning("actor call failed on a dependency", metadata: ["actor": "\(actor)", "error": "\(convertible)"])
            return Self.actorFailure(convertible.problem)
        } catch {
            logger.error("actor call failed", metadata: ["actor": "\(actor)", "error": "\(error)"])
            return Self.actorFailure(ActorProblem(status: 500, title: "Internal Server Error", detail: "the actor failed: \(error)"))
        }
    }

    private static func actorFailure(_ problem: ActorProblem) -> Response {
        var response = Self.problem(problem)
        response.status = .ok
        response.headers[errorHeader] = "true"
        return response
    }

    static func problem(_ problem: ActorProblem) -> Response {
        let body = (try? JSONEncoder().encode(problem)) ?? Data()
        return Response(status: .init(code: problem.status), headers: [.contentType: "application/problem+json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    private static func traceHeaders(_ request: Request) -> [(String, String)] {
        ["traceparent", "tracestate"].compactMap { name in
            request.headers[HTTPField.Name(name)!].map { (name, $0) }
        }
    }

    /// A CloudEvent's trace context as the headers to forward (`traceid` is Dapr's older name).
    private static func traceHeaders(_ event: CloudEvent) -> [(String, String)] {
        guard let traceparent = event.traceparent ?? event.traceid, !traceparent.isEmpty else { return [] }
        guard let tracestate = event.tracestate, !tracestate.isEmpty else { return [("traceparent", traceparent)] }
        return [("traceparent", traceparent), ("tracestate", tracestate)]
    }

    private static func decoded(_ segment: String) -> String { segment.removingPercentEncoding ?? segment }

    /// The `data` field of a callback body as JSON bytes (empty when absent or null).
    private static func data(_ value: JSONValue?) throws -> Data {
        guard let value, value != .null else { return Data() }
        return try value.jsonData()
    }

    // MARK: Configuration

    /// `GET /dapr/config`. Per-type `entitiesConfig` entries do not inherit the global
    /// values in daprd, so every field is repeated in each.
    public func appConfiguration() -> JSONValue {
        guard let host = actors else { return .object(["entities": .array([])]) }
        let global = host.configuration
        func settings(idle: Duration, reentrancy: ReentrancyConfiguration) -> [String: JSONValue] {
            [
                "actorIdleTimeout": .string(DaprTime.goDuration(idle)),
                "drainOngoingCallTimeout": .string(DaprTime.goDuration(global.drainOngoingCallTimeout)),
                "drainRebalancedActors": .bool(global.drainRebalancedActors),
                "reentrancy": .object(["enabled": .bool(reentrancy.enabled), "maxStackDepth": .int(Int64(reentrancy.maxStackDepth))]),
            ]
        }
        var root = settings(idle: global.idleTimeout, reentrancy: global.reentrancy)
        root["entities"] = .array(host.hostedTypes.map { .string($0) })
        root["entitiesConfig"] = .array(host.hostedTypes.map { type in
            let options = host.options(of: type) ?? ActorTypeOptions()
            var entry = settings(idle: options.idleTimeout ?? global.idleTimeout, reentrancy: options.reentrancy ?? global.reentrancy)
            entry["entities"] = .array([.string(type)])
            return .object(entry)
        })
        return .object(root)
    }

    // MARK: Subscriptions

    private func subscriptionEntry(_ subscription: Subscription) -> JSONValue {
        var entry: [String: JSONValue] = [
            "pubsubname": .string(pubsubName),
            "topic": .string(subscription.topic),
            "routes": .object(["default": .string("/events/\(subscription.topic)")]),
        ]
        if let deadLetter = subscription.deadLetterTopic { entry["deadLetterTopic"] = .string(deadLetter) }
        return .object(entry)
    }

    /// Hands a delivered CloudEvent to its subscription and answers SUCCESS, RETRY or DROP.
    private func deliver<Context: RequestContext>(_ request: Request, _ context: Context) async throws -> Response {
        let topic = Self.decoded(try context.parameters.require("topic"))
        guard let subscription = subscriptions.first(where: { $0.topic == topic }) else {
            // 404 tells daprd to drop: nobody here consumes this topic.
            return Self.problem(ActorProblem(status: 404, title: "Not Found", detail: "no subscription for topic '\(topic)'"))
        }
        var request = request
        let body = Data(try await request.collectBody(upTo: Self.maxBody).readableBytesView)
        let event: CloudEvent
        do {
            event = try JSONDecoder().decode(CloudEvent.self, from: body)
        } catch {
            logger.error("undecodable event dropped", metadata: ["topic": "\(topic)", "error": "\(error)"])
            return try jsonResponse(JSONValue.object(["status": .string(SubscriberResult.drop.rawValue)]))
        }
        let result: SubscriberResult
        let started = ContinuousClock.now
        // daprd sends `traceparent` on a delivery (its span continuing the CloudEvent's
        // `traceparent`, or `traceid`); the request's server span is then in the publisher's
        // trace and the delivery span goes under it. A delivery without the header (another
        // runtime, tracing off in between) continues the CloudEvent's attribute instead.
        let requestTrace = Self.traceHeaders(request)
        do {
            result = try await DaprTrace.$headers.withValue(requestTrace.isEmpty ? Self.traceHeaders(event) : requestTrace) {
                try await EventTraceContext.withDeliverySpan(event, subscriber: subscription.consumer, continuingRequest: !requestTrace.isEmpty) { try await subscription.handler(event) }
            }
        } catch {
            logger.warning("subscriber failed; asking for redelivery", metadata: ["topic": "\(topic)", "event": "\(event.id)", "error": "\(error)"])
            result = .retry
        }
        RuntimeTelemetry.delivery(topic: topic, subscriber: subscription.consumer, outcome: result.rawValue.lowercased(), seconds: (ContinuousClock.now - started).timeInterval)
        return try jsonResponse(JSONValue.object(["status": .string(result.rawValue)]))
    }

    private func jsonResponse(_ value: JSONValue) throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try value.jsonData())))
    }
}

/// Requires daprd's `dapr-api-token` (the app's `APP_API_TOKEN`) on the Dapr routes.
struct DaprAppTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String
    static var header: HTTPField.Name { HTTPField.Name("dapr-api-token")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.headers[Self.header] == token else {
            return DaprAppRoutes.problem(ActorProblem(status: 401, title: "Unauthorized", detail: "missing or wrong dapr-api-token"))
        }
        return try await next(request, context)
    }
}
