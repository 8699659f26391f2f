/// A method an actor type exposes by name: one Codable argument in, one Codable result out,
/// the shape of Dapr's `/actors/{type}/{id}/method/{name}` call. Declared once as a static
/// constant on the actor type, it is both the dispatch entry and what typed proxies call:
///
///     extension CounterActor {
///         static let increment = ActorMethod("increment", CounterActor.increment(by:))
///     }
///     let total = try await host.proxy(CounterActor.self, "c1").increment(5)
public struct ActorMethod<Actor: VirtualActor, Input: Codable & Sendable, Output: Codable & Sendable>: Sendable {
    public let name: String
    let body: @Sendable (Actor) -> (Input) async throws -> Output

    public init(_ name: String, _ body: @escaping @Sendable (Actor) -> (Input) async throws -> Output) {
        self.name = name
        self.body = body
    }
}

extension ActorMethod where Input == NoValue {
    /// A method without an argument.
    public init(_ name: String, _ body: @escaping @Sendable (Actor) -> () async throws -> Output) {
        self.name = name
        self.body = { actor in { _ in try await body(actor)() } }
    }
}

/// The type-erased side of `ActorMethod`, used by hosts to dispatch by name.
public protocol ActorMethodHandler<Actor>: Sendable {
    associatedtype Actor: VirtualActor
    var name: String { get }
    func handle(_ actor: Actor, _ payload: ActorPayload) async throws -> ActorPayload
}

extension ActorMethod: ActorMethodHandler {
    public func handle(_ actor: Actor, _ payload: ActorPayload) async throws -> ActorPayload {
        let input: Input
        do {
            input = try payload.decode(Input.self)
        } catch {
            throw ActorError.invalidPayload(type: Actor.actorType, method: name, reason: DecodingErrorDescription.describe(error))
        }
        return .value(try await body(actor)(input))
    }
}

/// The methods of one actor type, by name.
public struct ActorMethodTable<Actor: VirtualActor>: Sendable {
    let handlers: [String: any ActorMethodHandler<Actor>]

    public init(_ handlers: any ActorMethodHandler<Actor>...) {
        self.init(handlers)
    }

    public init(_ handlers: [any ActorMethodHandler<Actor>]) {
        var byName: [String: any ActorMethodHandler<Actor>] = [:]
        for handler in handlers {
            precondition(byName[handler.name] == nil, "\(Actor.actorType) declares method '\(handler.name)' twice")
            byName[handler.name] = handler
        }
        self.handlers = byName
    }

    public var names: [String] { handlers.keys.sorted() }

    public func handler(named name: String) -> (any ActorMethodHandler<Actor>)? { handlers[name] }
}

/// Turns a DecodingError into one line a caller can act on ("missing field 'title'",
/// "reminders.[0].minutesBefore has the wrong type (expected Int)"): actor payloads, the REST
/// API's problem details and the services' own JSON bodies all say it the same way.
public enum DecodingErrorDescription {
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.filter { !$0.isEmpty }
            return keys.isEmpty ? "the body" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "missing field '\(key.stringValue)'" + (parent == "the body" ? "" : " in \(parent)")
        case .typeMismatch(let type, let context):
            return "\(path(context)) has the wrong type (expected \(type == Bool.self ? "true or false" : "\(type)"))"
        case .valueNotFound(let type, let context):
            return "\(path(context)) is null, expected \(type)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "the body is not valid JSON" : "\(path(context)): \(context.debugDescription.prefix(300))"
        @unknown default:
            return String(describing: error)
        }
    }
}
