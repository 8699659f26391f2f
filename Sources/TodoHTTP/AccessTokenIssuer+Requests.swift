import Foundation
import HTTPTypes
import Hummingbird
import ActorRuntime

extension AccessTokenIssuer {
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
