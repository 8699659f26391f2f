/// Told of each call one actor makes to another on the embedded host: nested calls from a
/// turn and the calls a turn asked for after its commit (made while that turn's chain is
/// current). Calls from outside any actor (HTTP handlers, subscriptions) are not edges.
public struct ActorCallObserver: Sendable {
    public struct Call: Sendable, Hashable {
        public var caller: ActorAddress
        public var callee: ActorAddress
        public var method: String
    }

    public let observe: @Sendable (Call) -> Void

    public init(_ observe: @escaping @Sendable (Call) -> Void) {
        self.observe = observe
    }
}
