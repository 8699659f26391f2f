import ActorRuntime
import Crypto
import Foundation
import JWTKit

/// Access tokens are HS256 JWTs with the user id as subject and an expiry.
struct AccessTokenClaims: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}

public struct AccessTokenIssuer: Sendable {
    let keys: JWTKeyCollection
    public let lifetime: Duration

    /// `secret` signs and verifies tokens; every replica of the gateway needs the same one.
    public init(secret: [UInt8], lifetime: Duration = .seconds(12 * 3600)) async {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(key: SymmetricKey(data: secret)), digestAlgorithm: .sha256)
        self.keys = keys
        self.lifetime = lifetime
    }

    public func issue(userID: String, now: Date = Date()) async throws -> (token: String, expiresAt: Date) {
        let expiresAt = now.addingTimeInterval(lifetime.timeInterval)
        let claims = AccessTokenClaims(sub: .init(value: userID), exp: .init(value: expiresAt), iat: .init(value: now))
        return (try await keys.sign(claims), expiresAt)
    }

    /// The user id of a valid, unexpired token; nil otherwise.
    public func verify(_ token: String) async -> String? {
        await verifyWithExpiry(token)?.userID
    }

    /// The user id and expiry of a valid, unexpired token, for sessions that outlive a
    /// request (a WebSocket is closed when its token expires); nil otherwise.
    public func verifyWithExpiry(_ token: String) async -> (userID: String, expiresAt: Date)? {
        guard let claims = try? await keys.verify(token, as: AccessTokenClaims.self) else { return nil }
        return (claims.sub.value, claims.exp.value)
    }
}

/// Personal API tokens: `todo_pat_<random>`. Only their SHA-256 is kept (as the id of the
/// APITokenActor), so a leaked database does not leak tokens.
public enum PersonalAccessToken {
    public static let prefix = "todo_pat_"

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return prefix + text
    }

    public static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
