/// Failures of the runtime itself, as opposed to errors an actor's method throws.
public enum ActorError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownActorType(String)
    case methodNotFound(type: String, method: String)
    case invalidPayload(type: String, method: String, reason: String)
    /// A call chain came back to an actor it already holds while reentrancy is off: waiting
    /// for the lock would deadlock, so the call fails at once.
    case reentrancyDisabled(chain: [ActorAddress])
    case callDepthExceeded(chain: [ActorAddress], limit: Int)
    case shuttingDown
    case noReminderHandler(ActorAddress)

    public var description: String {
        switch self {
        case .unknownActorType(let type):
            return "actor type '\(type)' is not hosted here"
        case .methodNotFound(let type, let method):
            return "actor type '\(type)' has no method '\(method)'"
        case .invalidPayload(let type, let method, let reason):
            return "invalid argument for \(type).\(method): \(reason)"
        case .reentrancyDisabled(let chain):
            let path = chain.map(\.description).joined(separator: " -> ")
            return "call chain \(path) re-enters an actor that is already in a turn, and reentrancy is off for \(chain.last?.type ?? "it")"
        case .callDepthExceeded(let chain, let limit):
            return "call chain is \(chain.count) actors deep, over the limit of \(limit)"
        case .shuttingDown:
            return "the actor host is shutting down"
        case .noReminderHandler(let address):
            return "actor \(address) received a reminder or timer but does not handle them"
        }
    }
}

/// An error an actor method throws on purpose, to be shown to the caller as RFC 9457
/// problem details (status, title, detail). Hosts carry it across the wire unchanged.
public struct ActorProblem: Error, Codable, Equatable, Sendable, CustomStringConvertible {
    public var type: String
    public var status: Int
    public var title: String
    public var detail: String

    public init(status: Int, title: String, detail: String, type: String = "about:blank") {
        self.type = type
        self.status = status
        self.title = title
        self.detail = detail
    }

    public var description: String { "\(status) \(title): \(detail)" }

    public static func notFound(_ detail: String) -> ActorProblem {
        ActorProblem(status: 404, title: "Not Found", detail: detail)
    }

    public static func badRequest(_ detail: String) -> ActorProblem {
        ActorProblem(status: 400, title: "Bad Request", detail: detail)
    }

    public static func conflict(_ detail: String) -> ActorProblem {
        ActorProblem(status: 409, title: "Conflict", detail: detail)
    }
}

/// An error that knows how it should reach an HTTP caller — a host failure such as an
/// unreachable sidecar is a 503, not a malformed request.
public protocol ProblemConvertible: Error {
    var problem: ActorProblem { get }
}
