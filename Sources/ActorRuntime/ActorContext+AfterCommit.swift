import Foundation

/// A call to another actor that a turn asks for once it is saved: how a change projects into
/// other actors (a task into its owner's index) without a nested turn that could commit on
/// its own while the calling turn fails.
public struct ActorCall: Sendable, Codable, Equatable {
    public var actor: ActorAddress
    public var method: String
    /// The method's input as JSON.
    public var payload: Data

    public init(actor: ActorAddress, method: String, payload: Data) {
        self.actor = actor
        self.method = method
        self.payload = payload
    }
}

extension ActorContext {
    /// Calls `method` of actor `id` after this turn is saved, and again until it succeeds
    /// (so the method must be idempotent). Nothing is called when the turn fails. Calls of one
    /// actor are made in the order they were asked for.
    public func callAfterCommit<A: VirtualActor, Input, Output>(_ method: ActorMethod<A, Input, Output>, on id: String, _ input: Input) throws {
        effects.add(ActorCall(actor: ActorAddress(type: A.actorType, id: id), method: method.name, payload: try JSONEncoder().encode(input)))
    }
}
