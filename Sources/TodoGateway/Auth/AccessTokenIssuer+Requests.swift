import Foundation
import HTTPTypes
import Hummingbird
import ActorRuntime

extension AccessTokenIssuer {
    /// The bearer token's user, for the services outside the gateway that serve owner-scoped
    /// routes (audit, notifications): they verify the gateway's access tokens themselves and
    /// call no actors for it. A missing or bad token is a 401 problem that says what to send.
    public func authenticatedUser(of request: Request) async throws -> String {
        guard let token = Self.bearerToken(in: request.headers[.authorization]) else {
            throw ActorProblem(status: 401, title: "Unauthorized", detail: "send Authorization: Bearer <access token from /api/v1/auth/login>")
        }
        guard let userID = await verify(token) else {
            throw ActorProblem(status: 401, title: "Unauthorized", detail: "the access token is invalid or expired; sign in again")
        }
        return userID
    }

    /// The token of an `Authorization: Bearer <token>` header (the scheme is case-insensitive);
    /// nil for no header or another scheme.
    public static func bearerToken(in header: String?) -> String? {
        guard let header, header.lowercased().hasPrefix("bearer ") else { return nil }
        return header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
    }
}

/// A JSON body that belongs to one person: shared caches must never keep it.
public enum PrivateJSON {
    public static func response<T: Encodable>(_ value: T, encoder: JSONEncoder) throws -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json", .cacheControl: "private, no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value)))
        )
    }
}
