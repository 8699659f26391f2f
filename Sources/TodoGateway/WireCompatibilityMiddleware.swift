import Foundation
import ActorRuntime
import HTTPTypes
import OpenAPIRuntime
import TodoHTTP

/// Two places where the generated server's defaults differ from what HTTP clients send and
/// expect:
/// - `POST /tasks/{id}/complete` with no body at all (`curl -X POST`) must mean "no body",
///   not "an empty JSON document";
/// - header values are percent-encoded by the generated code, but an ETag's quotes are part
///   of its syntax (RFC 9110 §8.8.3) and must go out verbatim, so `If-Match` can echo it.
struct WireCompatibilityMiddleware: ServerMiddleware {
    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var (response, responseBody) = try await next(request, try await Self.nonEmpty(body), metadata)
        if let etag = response.headerFields[.eTag], etag.contains("%") {
            response.headerFields[.eTag] = etag.removingPercentEncoding ?? etag
        }
        return (response, responseBody)
    }

    /// The body, or nil when it has no bytes. A body of unknown length is read here (the
    /// generated code buffers JSON bodies anyway; ProblemMiddleware has already refused
    /// declared lengths over the limit).
    static func nonEmpty(_ body: HTTPBody?) async throws -> HTTPBody? {
        guard let body else { return nil }
        switch body.length {
        case .known(0): return nil
        case .known: return body
        case .unknown:
            let bytes: [UInt8]
            do {
                bytes = try await [UInt8](collecting: body, upTo: Gateway.maxBodyBytes)
            } catch {
                throw ActorProblem(status: 413, title: "Content Too Large", detail: "the body is over the limit of \(Gateway.maxBodyBytes) bytes")
            }
            return bytes.isEmpty ? nil : HTTPBody(bytes)
        }
    }
}
