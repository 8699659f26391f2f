/// The identity of one virtual actor: its type name and its id, as in Dapr's
/// `/actors/{type}/{id}` routes. Both are opaque strings.
public struct ActorAddress: Hashable, Sendable, Codable, CustomStringConvertible {
    public var type: String
    public var id: String

    public init(type: String, id: String) {
        self.type = type
        self.id = id
    }

    public var description: String { "\(type)/\(id)" }
}
