import ActorRuntime

/// What callers outside `actors/` call on `UserActor` (one per user id). Only the methods
/// such callers use are listed; the rest stay with the implementation until a caller needs them.
public enum UserActorContract: ActorContract {
    public static let actorType = "UserActor"

    /// The user's IANA time zone identifier (UTC when none is set).
    public static let timeZone = ActorMethodReference<Self, NoValue, String>("timeZone")
}
