import ActorRuntime
import OpenAPIRuntime

/// A 429 (or 503) that says how long to wait: `Retry-After` carries `seconds`, whole and at
/// least 1, so clients that back off by it never retry at once.
struct RetryLater: Error, Sendable {
    var status = 429
    var seconds: Int
    var detail: String

    var problem: ActorProblem {
        ActorProblem(status: status, title: status == 429 ? "Too Many Requests" : "Service Unavailable", detail: detail)
    }

    /// The wait in `error`, also when the generated server wrapped it.
    static func seconds(in error: any Error) -> Int? {
        if let later = error as? RetryLater { return later.seconds }
        if let server = error as? ServerError { return seconds(in: server.underlyingError) }
        return nil
    }
}
