import Foundation
import Logging

/// Writes each record as one line on stderr, JSON or text, with the component (the logger's
/// label: `todo.gateway`, `todo.audit`, …) and the current trace and span ids. At info and
/// above, values under keys that can hold secrets or users' words (passwords, tokens, task
/// titles) are replaced, so such logs can be shipped and kept.
public struct ObservabilityLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level
    let label: String
    let format: LogFormat

    public init(label: String, format: LogFormat, level: Logger.Level, metadataProvider: Logger.MetadataProvider?) {
        self.label = label
        self.format = format
        self.logLevel = level
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Keys whose values never appear at info and above (compared lowercased, and as
    /// suffixes so `apiToken`, `accessToken` and `taskTitle` are caught too).
    static let sensitiveKeySuffixes = ["password", "token", "secret", "authorization", "apikey", "api_key", "title", "cookie"]
    static let redacted = "[redacted]"

    static func isSensitive(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return sensitiveKeySuffixes.contains { lowered.hasSuffix($0) }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        if event.level >= .info {
            for key in merged.keys where Self.isSensitive(key) { merged[key] = .string(Self.redacted) }
        }
        let line: String
        switch format {
        case .json: line = jsonLine(event, merged)
        case .text: line = textLine(event, merged)
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private func jsonLine(_ event: LogEvent, _ metadata: Logger.Metadata) -> String {
        var object: [String: Any] = [
            "time": Self.timestamp(),
            "level": event.level.rawValue,
            "component": label,
            "msg": event.message.description,
            "source": event.source,
        ]
        for (key, value) in metadata where object[key] == nil { object[key] = Self.json(value) }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]),
              let text = String(data: data, encoding: .utf8)
        else { return #"{"level":"error","msg":"unencodable log record"}"# }
        return text
    }

    private func textLine(_ event: LogEvent, _ metadata: Logger.Metadata) -> String {
        let pairs = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "\(Self.timestamp()) \(event.level) \(label): \(event.message)" + (pairs.isEmpty ? "" : " " + pairs)
    }

    private static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): return text
        case .stringConvertible(let convertible): return convertible.description
        case .array(let values): return values.map(json)
        case .dictionary(let values): return values.mapValues(json)
        }
    }

    static func timestamp() -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date())
    }
}
