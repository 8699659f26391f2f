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

    public func decodeData<T: Decodable>(_ type: T.Type) throws -> T {
        try data.decode(T.self)
    }

    static func timestamp(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }
}
