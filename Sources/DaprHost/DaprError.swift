import ActorRuntime
import Foundation

/// A failed call to the sidecar, naming Dapr's error code when it sent one.
public struct DaprError: Error, CustomStringConvertible, Sendable {
    public var operation: String
    public var status: Int?
    public var errorCode: String?
    public var message: String

    public init(operation: String, status: Int?, errorCode: String?, message: String) {
        self.operation = operation
        self.status = status
        self.errorCode = errorCode
        self.message = message
    }

    public var description: String {
        var text = "Dapr \(operation) failed"
        if let errorCode { text += ": \(errorCode)" }
        if let status { text += " (HTTP \(status))" }
        return text + ": \(message)"
    }

    /// Dapr's error body is `{"errorCode": "...", "message": "..."}`.
    static func from(operation: String, status: Int, body: Data) -> DaprError {
        struct Body: Decodable {
            var errorCode: String?
            var message: String?
        }
        let decoded = try? JSONDecoder().decode(Body.self, from: body)
        let text = decoded?.message ?? String(decoding: body.prefix(500), as: UTF8.self)
        return DaprError(operation: operation, status: status, errorCode: decoded?.errorCode, message: text.isEmpty ? "no body" : text)
    }
}

extension DaprError: ProblemConvertible {
    /// No answer from the sidecar (no status) or its 5xx: the service cannot do its work
    /// now, 503 (with `Retry-After` at the HTTP edge), naming what is unavailable; any other
    /// refusal passes through as a bad gateway, 502. Never a 4xx: the client did nothing wrong.
    public var problem: ActorProblem {
        guard let status, status < 500 else {
            return ActorProblem(status: 503, title: "Service Unavailable", detail: "\(dependency) is unavailable; try again shortly (\(description))")
        }
        return ActorProblem(status: 502, title: "Bad Gateway", detail: description)
    }

    /// What the failed operation depended on, in words an operator acts on.
    public var dependency: String {
        if status == nil { return "the Dapr sidecar" }
        if operation.hasPrefix("publish") { return "the message broker (Dapr pub/sub)" }
        if operation.contains("state") { return "the actor state store (through the Dapr sidecar)" }
        if operation.contains("reminder") { return "the Dapr scheduler (reminders)" }
        if operation.hasPrefix("invoke") { return "the actor service (through the Dapr sidecar)" }
        return "the Dapr sidecar"
    }
}
