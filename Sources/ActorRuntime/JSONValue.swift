import Foundation

/// Any JSON document, for payloads whose shape the runtime does not know (CloudEvent data).
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses JSON text; empty input is `null`.
    public init(json data: Data) throws {
        self = data.isEmpty ? .null : try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// The value as event data: dates as RFC 3339 text (`PayloadCoding`).
    public init<T: Encodable>(encoding value: T) throws {
        self = try JSONValue(json: PayloadCoding.encoder.encode(value))
    }

    public func jsonData() throws -> Data {
        try JSONEncoder().encode(self)
    }

    /// Reads the value as `T`, dates in RFC 3339 text or Foundation's number (`PayloadCoding`).
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try PayloadCoding.decoder.decode(T.self, from: jsonData())
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }
}
