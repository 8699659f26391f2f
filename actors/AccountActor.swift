import ActorRuntime
import Foundation
import TodoContracts

/// Sign-in credentials, one actor per normalised e-mail address. The id being the address
/// is what lets login find the user; the user's id itself is random and never changes.
/// Only the gateway calls it: it is not on the actor-invocation allow-list.
public struct AccountActor: VirtualActor {
    public static let actorType = "AccountActor"
    static let accountKey = StateKey<Account>("account")

    public let context: ActorContext

    public init(context: ActorContext) {
        self.context = context
    }

    public static let methods = ActorMethodTable<AccountActor>(open, credentials)
    public static let open = ActorMethod("open", AccountActor.open(_:))
    public static let credentials = ActorMethod("credentials", AccountActor.credentials)

    public struct Account: Codable, Sendable, Equatable {
        public var userID: String
        public var email: String
        /// A PHC-style password hash string made by the gateway.
        public var passwordHash: String
        public var createdAt: Date

        public init(userID: String, email: String, passwordHash: String, createdAt: Date) {
            self.userID = userID
            self.email = email
            self.passwordHash = passwordHash
            self.createdAt = createdAt
        }
    }

    public struct Opening: Codable, Sendable {
        public var userID: String
        public var passwordHash: String
        public var timeZone: String
        public init(userID: String, passwordHash: String, timeZone: String) {
            self.userID = userID
            self.passwordHash = passwordHash
            self.timeZone = timeZone
        }
    }

    /// Creates the account and its user; 409 when the address is taken.
    public func open(_ opening: Opening) async throws -> UserProfile {
        if try await context.state.get(Self.accountKey) != nil {
            throw ActorProblem.conflict("an account with this e-mail address already exists")
        }
        let now = context.now
        let profile = try await context.proxy(UserActor.self, opening.userID).register(UserProfile(id: opening.userID, email: context.id, timeZone: opening.timeZone, createdAt: now))
        context.state.set(Self.accountKey, Account(userID: opening.userID, email: context.id, passwordHash: opening.passwordHash, createdAt: now))
        return profile
    }

    /// The stored credentials, for the gateway to verify a password against.
    public func credentials() async throws -> Account {
        guard let account = try await context.state.get(Self.accountKey) else {
            throw ActorProblem.notFound("no account for this e-mail address")
        }
        return account
    }
}

/// One personal API token, keyed by the SHA-256 of the token (the token itself is shown once
/// and never stored). Only the gateway calls it.
public struct APITokenActor: VirtualActor {
    public static let actorType = "APITokenActor"
    static let tokenKey = StateKey<APIToken>("token")

    public let context: ActorContext

    public init(context: ActorContext) {
        self.context = context
    }

    public static let methods = ActorMethodTable<APITokenActor>(issue, resolve, revoke)
    public static let issue = ActorMethod("issue", APITokenActor.issue(_:))
    public static let resolve = ActorMethod("resolve", APITokenActor.resolve)
    public static let revoke = ActorMethod("revoke", APITokenActor.revoke(_:))

    /// Declared in TodoContracts, where callers see it.
    public typealias APIToken = TodoContracts.APIToken

    public func issue(_ token: APIToken) async throws -> APIToken {
        guard try await context.state.get(Self.tokenKey) == nil else {
            throw ActorProblem.conflict("token exists")
        }
        context.state.set(Self.tokenKey, token)
        return token
    }

    /// The live token, or 404 when unknown or revoked.
    public func resolve() async throws -> APIToken {
        guard let token = try await context.state.get(Self.tokenKey), token.revokedAt == nil else {
            throw ActorProblem(status: 401, title: "Unauthorized", detail: "unknown or revoked API token")
        }
        return token
    }

    public func revoke(_ userID: String) async throws -> APIToken {
        guard var token = try await context.state.get(Self.tokenKey), token.userID == userID else {
            throw ActorProblem.notFound("no such API token")
        }
        if token.revokedAt == nil {
            token.revokedAt = context.now
            context.state.set(Self.tokenKey, token)
        }
        return token
    }
}
