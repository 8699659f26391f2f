import ActorRuntime
import Foundation
import Logging
import TodoActors
import TodoEvents
import TodoHTTP
import TodoModel

/// What the gateway's handlers share: where actors are called (in this process or through a
/// sidecar), how passwords and tokens are checked, and the limits.
public struct GatewayServices: Sendable {
    public var actors: any ActorInvoker
    public var passwords: PasswordHasher
    public var accessTokens: AccessTokenIssuer { authenticator.accessTokens }
    /// Tokens and the per-user rate limit, shared with the other services of this process.
    public let authenticator: RequestAuthenticator
    public var logger: Logger
    /// The chat's language model; nil: the offline engine answers (see `LLMConfiguration`).
    public var assistant: LLMConfiguration?
    /// Sign-in failures per client address and account (429 with a growing Retry-After).
    let loginThrottle = LoginThrottle()
    /// Where passwords are hashed: off the event loops, a bounded number at a time.
    let passwordWork = PasswordWork()

    public init(actors: any ActorInvoker, passwords: PasswordHasher = PasswordHasher(), accessTokens: AccessTokenIssuer, requestsPerSecond: Double = 50, burst: Double = 100, logger: Logger = Logger(label: "todo.gateway")) {
        self.init(actors: actors, passwords: passwords, authenticator: RequestAuthenticator(accessTokens: accessTokens, actors: actors, requestsPerSecond: requestsPerSecond, burst: burst), logger: logger)
    }

    public init(actors: any ActorInvoker, passwords: PasswordHasher = PasswordHasher(), authenticator: RequestAuthenticator, logger: Logger = Logger(label: "todo.gateway")) {
        self.actors = actors
        self.passwords = passwords
        self.authenticator = authenticator
        self.logger = logger
    }

    func task(_ id: String) -> ActorProxy<TaskActor> { ActorProxy(id: id, invoker: actors) }
    func user(_ id: String) -> ActorProxy<UserActor> { ActorProxy(id: id, invoker: actors) }
    func account(_ email: String) -> ActorProxy<AccountActor> { ActorProxy(id: email, invoker: actors) }
    func apiToken(_ digest: String) -> ActorProxy<APITokenActor> { ActorProxy(id: digest, invoker: actors) }
    func series(_ id: String) -> ActorProxy<SeriesActor> { ActorProxy(id: id, invoker: actors) }

    /// Tells a recurring task's series about a change right away (gateway → SeriesActor →
    /// TaskActor), so the response can show the next occurrence. The series also hears of it
    /// from task-events; if it cannot be reached now, that path catches up.
    func tellSeries(_ kind: TaskEvent.Kind, _ task: TaskRecord) async -> SeriesActor.Outcome? {
        await SeriesActor.tell(kind, task, series: series, logger: logger)
    }
}

/// The authenticated caller of the request being handled.
enum RequestIdentity {
    @TaskLocal static var userID: String?

    static func require() throws -> String {
        guard let userID else {
            throw ActorProblem(status: 401, title: "Unauthorized", detail: "send Authorization: Bearer <token>")
        }
        return userID
    }
}
