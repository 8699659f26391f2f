import ActorRuntime
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle
import TodoActors
import TodoAudit
import TodoFrontend
import TodoGateway
import TodoHTTP
import TodoLive
import TodoNotify

/// The deployable services (Dapr app-ids) and what each runs. `todo serve` runs all of them
/// in one process; `todo serve --target a,b` runs those (and what they call), and
/// `--target <app-id> --runtime dapr` one behind its sidecar, the way Loki and Mimir run as a
/// single binary or as microservices.
struct ServiceDefinition: Sendable {
    let appID: String
    let summary: String
    /// The actor types this service hosts.
    var registerActors: @Sendable (any ActorRegistry) -> Void = { _ in }
    /// Whether it serves the REST API (the api-gateway).
    var servesGateway = false
    /// Whether it verifies access tokens (and so needs TODO_JWT_SECRET behind Dapr).
    var usesAccessTokens = true
    /// The services whose actors it calls. In one process (embedded) they are added to it,
    /// since nothing else could answer those calls; behind Dapr they are other apps, reached
    /// through the sidecar (`ServiceCatalog.select`).
    var dependencies: [String] = []
    /// Everything else it runs: event subscriptions, background services, routes.
    var makeParts: @Sendable (ServiceContext) async throws -> ServiceParts = { _ in ServiceParts() }
}

/// What a service's parts are built from.
struct ServiceContext: Sendable {
    /// The data directory under `todo serve`; nil behind Dapr (state lives elsewhere).
    let dataDirectory: String?
    /// Access tokens, personal API tokens and the per-user rate limit, shared by the
    /// gateway and every service of this process.
    let authenticator: RequestAuthenticator
    /// Calls actors wherever they live: the embedded host, or the Dapr sidecar.
    let actors: any ActorInvoker
    let logger: Logger
}

/// A service's parts besides its actor types. The same values run on both hosts: the
/// embedded host's bus delivers the subscriptions in process, the Dapr host serves them as
/// `/dapr/subscribe` routes.
struct ServiceParts: Sendable {
    var subscriptions: [Subscription] = []
    var services: [any Service] = []
    var addRoutes: @Sendable (Router<BasicRequestContext>) -> Void = { _ in }
    var isReady: @Sendable () -> Bool = { true }
    /// WebSocket upgrades it accepts (the HTTP server then speaks HTTP/1 with upgrades).
    var webSocket: WebSocketEndpoint?
}

/// A service's WebSocket side: which upgrades it takes and the socket settings it needs.
struct WebSocketEndpoint: Sendable {
    var configuration: WebSocketServerConfiguration
    /// The upgrade path, the `route` label of accepted upgrades in `todo_http_requests_total`
    /// (upgrades never reach the router, whose middleware counts every other request).
    var route: String
    /// `.dontUpgrade` for requests that are not its own.
    var shouldUpgrade: @Sendable (HTTPRequest, any Channel, Logger) async -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>>
}

enum ServiceCatalog {
    static let all: [ServiceDefinition] = [
        ServiceDefinition(appID: "api-gateway", summary: "REST API, authentication, actor invocation", servesGateway: true, dependencies: ["tasks-service", RecurringTaskService.appID]),
        ServiceDefinition(appID: "tasks-service", summary: "hosts TaskActor, UserActor, ConversationActor, AccountActor and APITokenActor", registerActors: TasksServiceActors.register(on:), dependencies: [RecurringTaskService.appID]),
        ServiceDefinition(appID: RecurringTaskService.appID, summary: "hosts SeriesActor; task-events roll recurring series forward", registerActors: RecurringTaskService.register(on:), dependencies: ["tasks-service"], makeParts: { context in
            ServiceParts(subscriptions: RecurringTaskService.subscriptions(actors: context.actors, logger: context.logger))
        }),
        ServiceDefinition(appID: "audit-service", summary: "task-events into an append-only audit trail; GET /api/v1/audit", makeParts: { context in
            let audit = try AuditService.fromEnvironment(dataDirectory: context.dataDirectory, logger: context.logger)
            return ServiceParts(
                subscriptions: audit.subscriptions(),
                services: [audit],
                addRoutes: { router in audit.addRoutes(to: router, authenticator: context.authenticator) },
                isReady: { audit.isReady }
            )
        }),
        ServiceDefinition(appID: "notification-service", summary: "reminders delivered in-app, by signed webhook and by e-mail; hosts NotificationActor; /api/v1/notifications", registerActors: NotificationService.registerActors(on:), dependencies: ["tasks-service"], makeParts: { context in
            let notifications = try NotificationService.fromEnvironment(actors: context.actors, logger: context.logger)
            return ServiceParts(
                subscriptions: notifications.subscriptions(),
                services: [notifications],
                addRoutes: { router in notifications.addRoutes(to: router, authenticator: context.authenticator) }
            )
        }),
        ServiceDefinition(appID: "websocket-service", summary: "task-updates to each user's open sockets; GET /ws", makeParts: { context in
            // Behind Dapr every replica needs every update: its pub/sub component must use
            // consumerGroup: "{podName}" (docs/websocket.md).
            let live = LiveService(configuration: try LiveConfiguration.fromEnvironment(), authenticator: context.authenticator, logger: context.logger)
            return ServiceParts(
                subscriptions: live.subscriptions(),
                services: [live],
                addRoutes: { router in live.addRoutes(to: router) },
                webSocket: WebSocketEndpoint(configuration: live.webSocketServerConfiguration, route: live.configuration.path) { request, channel, logger in
                    await live.shouldUpgrade(request, channel: channel, logger: logger)
                }
            )
        }),
        ServiceDefinition(appID: "frontend", summary: "the web app at / (docs/web.md)", usesAccessTokens: false, makeParts: { _ in
            let assets = try FrontendAssets.bundled()
            return ServiceParts(addRoutes: { router in Frontend.addRoutes(to: router, assets: assets) })
        }),
    ]

    static func named(_ appID: String) -> ServiceDefinition? {
        all.first { $0.appID == appID }
    }
}
