import ActorRuntime
import Foundation

/// One personal API token, keyed by the SHA-256 of the token: what `APITokenActor` keeps and
/// answers. Every HTTP surface resolves tokens through this contract (TodoHTTP), without
/// linking the actor.
public enum APITokenActorContract: ActorContract {
    public static let actorType = "APITokenActor"

    public static let issue = ActorMethodReference<Self, APIToken, APIToken>("issue")
    /// The live token, or a 401 problem when unknown or revoked.
    public static let resolve = ActorMethodReference<Self, NoValue, APIToken>("resolve")
    /// Revokes the token when it belongs to the given user id.
    public static let revoke = ActorMethodReference<Self, String, APIToken>("revoke")
}

/// A personal API token's record (the token itself is shown once and never stored).
public struct APIToken: Codable, Sendable, Equatable {
    public var id: String
    public var userID: String
    public var name: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: String, userID: String, name: String, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.userID = userID
        self.name = name
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
