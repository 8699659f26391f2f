import ActorRuntime
import TodoActors

/// The deployable services (Dapr app-ids) and what each runs. `todo serve` runs all of them
/// in one process; `todo serve --target <app-id>` runs one, the way Loki and Mimir run as a
/// single binary or as microservices.
struct ServiceDefinition: Sendable {
    let appID: String
    let summary: String
    /// The actor types this service hosts.
    let registerActors: @Sendable (any ActorRegistry) -> Void
    /// Whether it serves the REST API (the api-gateway).
    var servesGateway = false
}

enum ServiceCatalog {
    static let all: [ServiceDefinition] = [
        ServiceDefinition(appID: "api-gateway", summary: "REST API, authentication, actor invocation", registerActors: { _ in }, servesGateway: true),
        ServiceDefinition(appID: "tasks-service", summary: "hosts TaskActor, UserActor, AccountActor and APITokenActor", registerActors: TasksServiceActors.register(on:)),
    ]

    static func named(_ appID: String) -> ServiceDefinition? {
        all.first { $0.appID == appID }
    }
}
