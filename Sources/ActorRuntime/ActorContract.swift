/// What a caller knows of an actor type: its name and its methods' names with their input
/// and output types, without the implementation (as Dapr's .NET SDK actor interfaces and
/// Orleans grain interfaces are). Callers depend on a contracts target; only the
/// composition links the actors themselves. Every `VirtualActor` is its own contract too.
public protocol ActorContract {
    /// The Dapr actor type name, e.g. "TaskActor".
    static var actorType: String { get }
}

/// A method of an actor contract, by name: what `ActorProxy` calls without seeing the
/// actor. The implementation's `ActorMethod` of the same name must take `Input` and return
/// `Output` (`ActorMethodReference.matches` checks it at compile time, in the actors' tests).
public struct ActorMethodReference<Contract: ActorContract, Input: Codable & Sendable, Output: Codable & Sendable>: Sendable {
    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    /// True when `method` is this reference's implementation: same actor type name and
    /// method name; the compiler has already required the same input and output types.
    public func matches<Actor: VirtualActor>(_ method: ActorMethod<Actor, Input, Output>) -> Bool {
        method.name == name && Actor.actorType == Contract.actorType
    }
}
