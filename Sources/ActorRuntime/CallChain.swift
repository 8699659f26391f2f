import Foundation

/// The chain of actor turns a call was made from, carried in a task local so that a nested
/// proxy call knows who is waiting on it. It answers two questions: does this call come
/// back to an actor that is already in a turn (reentrancy), and how deep is the chain.
/// `id` is what travels as `Dapr-Reentrancy-Id` across a sidecar.
public struct CallChain: Sendable {
    public var id: String
    public var actors: [ActorAddress]

    @TaskLocal public static var current: CallChain?

    public init(id: String = UUID().uuidString.lowercased(), actors: [ActorAddress] = []) {
        self.id = id
        self.actors = actors
    }

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
