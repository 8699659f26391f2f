import Foundation

/// A CloudEvents 1.0 envelope shaped like the one Dapr wraps around a published JSON body
/// (components-contrib `pubsub/envelope.go`), so subscribers see the same thing in-process
/// and behind a sidecar.
public struct CloudEvent: Sendable, Codable, Equatable {
    public var id: String
    public var source: String
    public var type: String
    public var specversion: String
    public var datacontenttype: String
    public var data: JSONValue
    public var topic: String
    public var pubsubname: String
    public var time: String
    public var traceid: String?
    public var traceparent: String?
    public var tracestate: String?

    /// Dapr's event type for a plain publish.
    public static let daprEventType = "com.dapr.event.sent"

    public init(
        id: String = UUID().uuidString.lowercased(),
        source: String,
        topic: String,
        pubsubName: String,
        data: JSONValue,
        time: Date = Date(),
        traceparent: String? = nil,
        tracestate: String? = nil
    ) {
        self.id = id
        self.source = source
        self.type = Self.daprEventType
        self.specversion = "1.0"
        self.datacontenttype = "application/json"
        self.data = data
        self.topic = topic
        self.pubsubname = pubsubName
        self.time = CloudEvent.timestamp(time)
        self.traceid = traceparent
        self.traceparent = traceparent
        self.tracestate = tracestate
    }

    private enum CodingKeys: String, CodingKey {
        case id, source, type, specversion, datacontenttype, data, topic, pubsubname, time, traceid, traceparent, tracestate
    }

    /// Tolerant of envelopes other producers (or other Dapr versions) fill in less: only `id`
    /// is required; unknown fields are ignored.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        source = try container.decodeIfPresent(String.self, forKey: .source) ?? ""
        type = try container.decodeIfPresent(String.self, forKey: .type) ?? Self.daprEventType
        specversion = try container.decodeIfPresent(String.self, forKey: .specversion) ?? "1.0"
        datacontenttype = try container.decodeIfPresent(String.self, forKey: .datacontenttype) ?? "application/json"
        data = try container.decodeIfPresent(JSONValue.self, forKey: .data) ?? .null
        topic = try container.decodeIfPresent(String.self, forKey: .topic) ?? ""
        pubsubname = try container.decodeIfPresent(String.self, forKey: .pubsubname) ?? ""
        time = try container.decodeIfPresent(String.self, forKey: .time) ?? ""
        traceid = try container.decodeIfPresent(String.self, forKey: .traceid)
        traceparent = try container.decodeIfPresent(String.self, forKey: .traceparent)
        tracestate = try container.decodeIfPresent(String.self, forKey: .tracestate)
    }

    public func decodeData<T: Decodable>(_ type: T.Type) throws -> T {
        try data.decode(T.self)
    }

    static func timestamp(_ date: Date) -> String {
        PayloadCoding.text(date)
    }
}

extension CloudEvent {
    /// An event a host publishes outside any actor turn, in the caller's trace (both hosts'
    /// `publish(_:topic:partitionKey:)`).
    static func publishing<T: Encodable>(_ value: T, topic: String, source: String, pubsubName: String, time: Date) throws -> CloudEvent {
        let trace = EventTraceContext.current()
        return CloudEvent(source: source, topic: topic, pubsubName: pubsubName, data: try JSONValue(encoding: value), time: time, traceparent: trace.traceparent, tracestate: trace.tracestate)
    }
}
