import ActorRuntime
import Foundation
import Hummingbird
import Logging
import OpenAPIHummingbird
import OpenAPIRuntime
import TodoHTTP

/// The api-gateway's HTTP surface: the REST API under `/api/v1`, its OpenAPI document at
/// `/api/openapi.yaml`, the task tool set over MCP at `/mcp`, and problem details for every error.
public enum Gateway {
    /// Request bodies above this are refused with 413.
    public static let maxBodyBytes = HTTPBodyLimit.api

    public static func addRoutes<Context: RequestContext>(to router: Router<Context>, services: GatewayServices) throws {
        router.add(middleware: ProblemMiddleware<Context>(logger: services.logger, maxBodyBytes: maxBodyBytes))
        router.get("/api/openapi.yaml") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(bytes: Self.openAPIDocument)))
        }
        let api = TodoAPI(services: services)
        try api.registerHandlers(on: router, serverURL: URL(string: "/api/v1")!, middlewares: [WireCompatibilityMiddleware(), AuthMiddleware(services: services)])
        MCPRoutes.add(to: router, services: services)
    }

    /// The spec this server was generated from (shipped as a resource).
    public static let openAPIDocument: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"), let data = try? Data(contentsOf: url) else {
            return Data("openapi.yaml is missing from the bundle\n".utf8)
        }
        return data
    }()
}
