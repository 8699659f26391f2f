import Foundation

/// The chain of actor turns a call was made from, carried in a task local so that a nested
/// proxy call knows who is waiting on it. It answers two questions: does this call come
/// back to an actor that is already in a turn (reentrancy), and how deep is the chain.
/// `id` is what travels as `Dapr-Reentrancy-Id` across a sidecar.
public struct CallChain: Sendable {
    /// Set when the chain came in over a wire or must go out over one; in-process chains
    /// need no id (making one for every call would cost more than the call).
    public var id: String?
    public var actors: [ActorAddress]

    @TaskLocal public static var current: CallChain?

    public init(id: String? = nil, actors: [ActorAddress] = []) {
        self.id = id
        self.actors = actors
    }

    /// The id, made up now if the chain has none yet.
    public var idForWire: String { id ?? UUID().uuidString.lowercased() }

    func entering(_ actor: ActorAddress) -> CallChain {
        CallChain(id: id, actors: actors + [actor])
    }

    func contains(_ actor: ActorAddress) -> Bool { actors.contains(actor) }
}

/// Reentrancy settings, as in Dapr's `/dapr/config` (`reentrancy.enabled`, `maxStackDepth`).
public struct ReentrancyConfiguration: Sendable, Equatable, Codable {
    public var enabled: Bool
    public var maxStackDepth: Int

    public init(enabled: Bool = false, maxStackDepth: Int = 32) {
        self.enabled = enabled
        self.maxStackDepth = maxStackDepth
    }
}
