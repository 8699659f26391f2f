import ActorRuntime
import Foundation

/// The `schema` field every event carries: `<family>/v<major>[.<minor>]`, e.g.
/// `task-events/v1` or `task-events/v1.2`.
///
/// Versioning rule (the JSON Schema files under `schemas/` describe v1): a minor version only
/// adds optional fields, so a v1 reader accepts every v1.x and ignores what it does not know;
/// a new major version is a different contract, and a v1 reader refuses it rather than
/// misreading it.
public struct EventSchema: Sendable, Hashable, CustomStringConvertible {
    public var family: String
    public var major: Int
    public var minor: Int

    public init(family: String, major: Int, minor: Int = 0) {
        self.family = family
        self.major = major
        self.minor = minor
    }

    public init?(parsing text: String) {
        guard let slash = text.lastIndex(of: "/"), text[text.index(after: slash)...].first == "v" else { return nil }
        let numbers = text[text.index(slash, offsetBy: 2)...].split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(numbers.count), let major = Int(numbers[0]), major >= 0,
              let minor = numbers.count == 2 ? Int(numbers[1]) : 0, minor >= 0 else { return nil }
        self.init(family: String(text[..<slash]), major: major, minor: minor)
    }

    public var description: String { minor == 0 ? "\(family)/v\(major)" : "\(family)/v\(major).\(minor)" }

    /// Whether a reader written for `self` can read an event that says `other`.
    public func canRead(_ other: EventSchema) -> Bool {
        other.family == family && other.major == major
    }

    public static let taskEvents = EventSchema(family: "task-events", major: 1)
    public static let taskUpdates = EventSchema(family: "task-updates", major: 1)
    public static let reminders = EventSchema(family: "reminders", major: 1)
}

/// Why an event cannot be read (a consumer drops it: redelivery cannot help).
public struct EventSchemaError: Error, CustomStringConvertible {
    public let description: String
}

/// An event payload with a versioned `schema` field.
public protocol VersionedEvent: Codable, Sendable {
    static var readerSchema: EventSchema { get }
    var schema: String { get }
}

extension VersionedEvent {
    /// Checks the `schema` field of a decoded payload against what this build reads.
    static func checkSchema(_ text: String) throws {
        guard let schema = EventSchema(parsing: text) else {
            throw EventSchemaError(description: "'\(text)' is not an event schema (expected \(readerSchema))")
        }
        guard readerSchema.canRead(schema) else {
            throw EventSchemaError(description: "\(schema) cannot be read by a \(readerSchema) reader")
        }
    }

    /// The event in a delivered CloudEvent's data: a JSON object, or JSON text in a string
    /// (some publishers send `text/plain`). Dates may be RFC 3339 text or Foundation numbers.
    public static func decode(from cloudEvent: CloudEvent) throws -> Self {
        var data = cloudEvent.data
        if case .string(let text) = data, let inner = try? JSONValue(json: Data(text.utf8)) {
            data = inner
        }
        let event = try data.decode(Self.self)
        try checkSchema(event.schema)
        return event
    }
}
