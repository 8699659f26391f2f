import ActorRuntime
import Foundation
import Hummingbird
import Logging
import Metrics

/// RED metrics of every HTTP request: `todo_http_requests_total{service,route,method,code}`
/// and `todo_http_request_duration_seconds{service,route,method}`. `route` is the matched
/// route template (`/api/v1/tasks/{id}`), never the raw path, so ids and tokens stay out of
/// the labels; requests no route matched count under `unmatched`.
public struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The service a route belongs to (one per process behind Dapr; by path under `todo serve`).
    let service: @Sendable (String) -> String

    public init(service: @escaping @Sendable (String) -> String) {
        self.service = service
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let method = request.method.rawValue
        do {
            let response = try await next(request, context)
            let status = response.status.code
            // The access log line, inside the request's span (so it carries trace_id/span_id);
            // the route template only: paths and queries can hold ids and tokens.
            let route = HTTPMetrics.routeLabel(context.endpointPath)
            var logger = Logger(label: Observability.component(ofService: service(route)))
            logger.logLevel = context.logger.logLevel
            logger.log(level: status >= 500 ? .error : .debug, "request", metadata: ["route": "\(route)", "method": "\(method)", "status": "\(status)"])
            record(route: context.endpointPath, method: method, status: status, started: started)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            record(route: context.endpointPath, method: method, status: status, started: started)
            throw error
        }
    }

    private func record(route: String?, method: String, status: Int, started: ContinuousClock.Instant) {
        let route = HTTPMetrics.routeLabel(route)
        HTTPMetrics.record(service: service(route), route: route, method: method, status: status, seconds: (ContinuousClock.now - started).timeInterval)
    }
}

/// The HTTP RED series themselves, for the router's middleware and for requests that never
/// reach the router (WebSocket upgrades, taken by the HTTP server before routing).
public enum HTTPMetrics {
    /// The label of requests no route matched: one bounded value, whatever the path was.
    public static let unmatchedRoute = "unmatched"

    /// The `route` label of a request: its route template, or `unmatched`. Hummingbird runs the
    /// router's middleware for unmatched requests too (its not-found responder sits behind
    /// them) and names their endpoint "NotFound"; a route of ours never has that name.
    static func routeLabel(_ endpointPath: String?) -> String {
        guard let endpointPath, endpointPath != "NotFound" else { return unmatchedRoute }
        return endpointPath
    }

    public static func record(service: String, route: String, method: String, status: Int, seconds: Double) {
        Counter(label: "todo_http_requests_total", dimensions: [("service", service), ("route", route), ("method", method), ("code", String(status))]).increment()
        Metrics.Timer(label: "todo_http_request_duration_seconds", dimensions: [("service", service), ("route", route), ("method", method)])
            .recordNanoseconds(seconds.isFinite && seconds > 0 ? Int64(min(seconds, 9e9) * 1e9) : 0)
    }
}
