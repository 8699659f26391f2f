import Foundation

/// A position in the audit's order (occurredAt, then event id). A page continues strictly
/// after it, so records appended meanwhile before the position never shift what follows.
///
/// Clients see only `token`, an opaque URL-safe string, so its layout can change without
/// breaking them.
public struct AuditCursor: Sendable, Hashable {
    public var occurredAtMicroseconds: Int64
    public var eventID: String

    public init(occurredAt: Date, eventID: String) {
        self.occurredAtMicroseconds = AuditTime.microseconds(occurredAt)
        self.eventID = eventID
    }

    public init(occurredAtMicroseconds: Int64, eventID: String) {
        self.occurredAtMicroseconds = occurredAtMicroseconds
        self.eventID = eventID
    }

    /// The version tag inside tokens: a token from another layout is rejected, not misread.
    private static let tag = "a1"

    public var token: String {
        let text = "\(Self.tag):\(occurredAtMicroseconds):\(eventID)"
        return Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Reads a token made by `token`; nil for anything else.
    public init?(token: String) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard !base64.isEmpty, base64.count <= 1_024 else { return nil }
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        // The event id may itself contain ':'; only the first two separators count.
        let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == Self.tag, let micros = Int64(parts[1]), !parts[2].isEmpty else { return nil }
        self.init(occurredAtMicroseconds: micros, eventID: String(parts[2]))
    }
}
