import Foundation

/// What travels into and out of an actor method. Across a wire it is JSON bytes; inside one
/// process a typed proxy hands the Swift value over as is and skips encoding, which is what
/// makes in-process calls cheap. Values are Sendable value types, so no copy is needed.
public enum ActorPayload: Sendable {
    case json(Data)
    case value(any Sendable)

    public static let empty = ActorPayload.json(Data())

    /// Decodes (or casts) the payload to `T`. An empty JSON body decodes as `NoValue`.
    public func decode<T: Decodable & Sendable>(_ type: T.Type) throws -> T {
        switch self {
        case .value(let value):
            if let typed = value as? T { return typed }
            guard let encodable = value as? any Encodable else {
                throw DecodingError.typeMismatch(T.self, .init(codingPath: [], debugDescription: "expected \(T.self), got \(Swift.type(of: value))"))
            }
            return try JSONDecoder().decode(T.self, from: JSONEncoder().encode(encodable))
        case .json(let data):
            if data.isEmpty, let none = NoValue() as? T { return none }
            return try JSONDecoder().decode(T.self, from: data)
        }
    }

    /// The payload as JSON bytes, encoding a typed value when needed.
    public func jsonData() throws -> Data {
        switch self {
        case .json(let data):
            return data
        case .value(let value):
            if value is NoValue { return Data() }
            guard let encodable = value as? any Encodable else {
                throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(Swift.type(of: value)) is not Encodable"))
            }
            return try JSONEncoder().encode(encodable)
        }
    }
}

/// The argument or result of a method that takes or returns nothing. Encodes as JSON `null`
/// and decodes from anything, including an empty body.
public struct NoValue: Codable, Sendable, Hashable {
    public init() {}
    public init(from decoder: any Decoder) throws {}
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encodeNil()
    }
}
