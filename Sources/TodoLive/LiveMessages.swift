import Foundation

/// Close codes the websocket-service sends (4000–4999 is the private-use range).
public enum LiveCloseCode {
    /// No valid access token: missing, invalid, expired, or no auth message in time.
    public static let unauthorized: UInt16 = 4401
    /// The client did not read fast enough: its outbound queue overflowed.
    public static let slowConsumer: UInt16 = 4429
}

/// What a client sends. Only `type` is required to parse; each type reads its fields.
struct ClientMessage: Decodable {
    var type: String
    var token: String?
    var after: String?
}

/// The control messages the server sends. Updates are not wrapped: each is the published
/// payload as is (it carries its own `id`, `userId` and `type`).
enum ServerMessage {
    /// Authenticated and subscribed; `resumed` is the number of buffered updates that follow.
    case ready(userId: String, resumed: Int, heartbeatSeconds: Double)
    /// The resume point is no longer buffered: refetch state over REST, then apply updates.
    case reset(after: String, reason: String)
    case pong
    case error(String)

    var text: String {
        var object: [String: Any]
        switch self {
        case .ready(let userId, let resumed, let heartbeatSeconds):
            object = ["type": "ready", "userId": userId, "resumed": resumed, "heartbeatSeconds": heartbeatSeconds]
        case .reset(let after, let reason):
            object = ["type": "reset", "after": after, "reason": reason]
        case .pong:
            object = ["type": "pong"]
        case .error(let message):
            object = ["type": "error", "message": message]
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// The two fields of a `task-updates` payload routing needs; everything else is forwarded
/// untouched (reminder notifications share the topic with their own `type`).
struct UpdateRouting: Decodable {
    var id: String
    var userId: String
}
