import Crypto
import Foundation

/// How webhook deliveries are signed, and how a receiver checks them.
///
/// Headers on every POST:
/// - `Todo-Delivery-Id`: the delivery id, the same on every retry (receivers dedupe on it);
/// - `Todo-Timestamp`: Unix seconds when this attempt was signed (fresh on every attempt);
/// - `Todo-Signature`: `v1=` and the lowercase hex HMAC-SHA256, keyed with the user's
///   webhook secret (its UTF-8 bytes), of `<timestamp>.<raw body>`.
///
/// A receiver recomputes the HMAC over the timestamp header, a dot and the body bytes as
/// received, compares in constant time, and rejects timestamps older than a few minutes
/// (replay protection; the signature binds the timestamp).
public enum WebhookSignature {
    public static let deliveryHeader = "Todo-Delivery-Id"
    public static let timestampHeader = "Todo-Timestamp"
    public static let signatureHeader = "Todo-Signature"
    public static let attemptHeader = "Todo-Attempt"
    public static let version = "v1"

    /// `v1=<hex>` for this body at this timestamp.
    public static func sign(body: Data, timestamp: Int64, secret: String) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return "\(version)=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `header` (possibly several comma-separated `v1=` values, for secret rotation)
    /// holds a valid signature of `body` at `timestamp`, and the timestamp is within
    /// `tolerance` of `now`.
    public static func verify(header: String, body: Data, timestamp: String, secret: String, now: Date = Date(), tolerance: TimeInterval = 300) -> Bool {
        guard let seconds = Int64(timestamp), abs(now.timeIntervalSince1970 - Double(seconds)) <= tolerance else { return false }
        var message = Data("\(seconds).".utf8)
        message.append(body)
        let key = SymmetricKey(data: Data(secret.utf8))
        for part in header.split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("\(version)="), let mac = Data(hex: String(trimmed.dropFirst(version.count + 1))) else { continue }
            if HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: message, using: key) { return true }
        }
        return false
    }
}

extension Data {
    init?(hex: String) {
        guard hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.count / 2)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }
}
