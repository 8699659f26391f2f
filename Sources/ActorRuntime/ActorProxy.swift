/// Routes untyped calls — actor type, id, method name, payload — to wherever the actor lives:
/// in this process (embedded host) or behind a Dapr sidecar.
public protocol ActorInvoker: Sendable {
    func invoke(_ actor: ActorAddress, method: String, payload: ActorPayload) async throws -> ActorPayload
}

/// A typed handle on one actor: `proxy.increment(5)` calls the `increment` method declared
/// as `static let increment = ActorMethod(…)` on the actor type.
@dynamicMemberLookup
public struct ActorProxy<A: ActorContract>: Sendable {
    public let address: ActorAddress
    let invoker: any ActorInvoker

    public init(id: String, invoker: any ActorInvoker) {
        self.address = ActorAddress(type: A.actorType, id: id)
        self.invoker = invoker
    }

    /// Calls a method of the contract (the caller does not link the actor).
    public func call<Input, Output>(_ method: ActorMethodReference<A, Input, Output>, _ input: Input) async throws -> Output {
        try await call(named: method.name, input)
    }

    public func call<Output>(_ method: ActorMethodReference<A, NoValue, Output>) async throws -> Output {
        try await call(named: method.name, NoValue())
    }

    public subscript<Input, Output>(dynamicMember method: KeyPath<A.Type, ActorMethodReference<A, Input, Output>>) -> BoundActorMethod<A, Input, Output> {
        BoundActorMethod(proxy: self, name: A.self[keyPath: method].name)
    }

    func call<Input: Codable & Sendable, Output: Codable & Sendable>(named name: String, _ input: Input) async throws -> Output {
        let result = try await invoker.invoke(address, method: name, payload: .value(input))
        return try result.decode(Output.self)
    }
}

/// Calls through the implementation's own `ActorMethod` constants (the actors' tests and
/// actors calling each other inside `actors/`).
extension ActorProxy where A: VirtualActor {
    public func call<Input, Output>(_ method: ActorMethod<A, Input, Output>, _ input: Input) async throws -> Output {
        try await call(named: method.name, input)
    }

    public func call<Output>(_ method: ActorMethod<A, NoValue, Output>) async throws -> Output {
        try await call(named: method.name, NoValue())
    }

    public subscript<Input, Output>(dynamicMember method: KeyPath<A.Type, ActorMethod<A, Input, Output>>) -> BoundActorMethod<A, Input, Output> {
        BoundActorMethod(proxy: self, name: A.self[keyPath: method].name)
    }
}

/// `proxy.method` before it is called with its argument.
public struct BoundActorMethod<A: ActorContract, Input: Codable & Sendable, Output: Codable & Sendable>: Sendable {
    let proxy: ActorProxy<A>
    let name: String

    public func callAsFunction(_ input: Input) async throws -> Output {
        try await proxy.call(named: name, input)
    }
}

extension BoundActorMethod where Input == NoValue {
    public func callAsFunction() async throws -> Output {
        try await proxy.call(named: name, NoValue())
    }
}
