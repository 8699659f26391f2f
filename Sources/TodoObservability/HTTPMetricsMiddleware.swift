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
            let route = context.endpointPath ?? "unmatched"
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
        let route = route ?? "unmatched"
        let service = self.service(route)
        let seconds = (ContinuousClock.now - started).timeInterval
        Counter(label: "todo_http_requests_total", dimensions: [("service", service), ("route", route), ("method", method), ("code", String(status))]).increment()
        Metrics.Timer(label: "todo_http_request_duration_seconds", dimensions: [("service", service), ("route", route), ("method", method)])
            .recordNanoseconds(seconds > 0 ? Int64(seconds * 1e9) : 0)
    }
}
