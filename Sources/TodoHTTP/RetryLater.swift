import ActorRuntime
import OpenAPIRuntime

/// A 429 (or 503) that says how long to wait: `Retry-After` carries `seconds`, whole and at
/// least 1, so clients that back off by it never retry at once.
package struct RetryLater: Error, Sendable {
    package var status = 429
    package var seconds: Int
    package var detail: String

    package init(status: Int = 429, seconds: Int, detail: String) {
        self.status = status
        self.seconds = seconds
        self.detail = detail
    }

    package var problem: ActorProblem {
        ActorProblem(status: status, title: status == 429 ? "Too Many Requests" : "Service Unavailable", detail: detail)
    }

    /// The wait in `error`, also when the generated server wrapped it.
    package static func seconds(in error: any Error) -> Int? {
        if let later = error as? RetryLater { return later.seconds }
        if let server = error as? ServerError { return seconds(in: server.underlyingError) }
        return nil
    }
}
