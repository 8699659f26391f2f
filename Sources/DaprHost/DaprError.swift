import Foundation

/// A failed call to the sidecar, naming Dapr's error code when it sent one.
public struct DaprError: Error, CustomStringConvertible, Sendable {
    public var operation: String
    public var status: Int?
    public var errorCode: String?
    public var message: String

    public var description: String {
        var text = "Dapr \(operation) failed"
        if let errorCode { text += ": \(errorCode)" }
        if let status { text += " (HTTP \(status))" }
        return text + ": \(message)"
    }

    /// Dapr's error body is `{"errorCode": "...", "message": "..."}`.
    static func from(operation: String, status: Int, body: Data) -> DaprError {
        struct Body: Decodable {
            var errorCode: String?
            var message: String?
        }
        let decoded = try? JSONDecoder().decode(Body.self, from: body)
        let text = decoded?.message ?? String(decoding: body.prefix(500), as: UTF8.self)
        return DaprError(operation: operation, status: status, errorCode: decoded?.errorCode, message: text.isEmpty ? "no body" : text)
    }
}
