import ActorRuntime
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OpenAPIRuntime

/// Turns every error into RFC 9457 problem details with a precise message: actor problems
/// keep their status; malformed or unknown input is 400; anything unexpected is a 500 that
/// says nothing internal (the details go to the log).
public struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger
    /// Bodies above this are refused with 413 before they are read.
    let maxBodyBytes: Int

    /// Every service's routes (the gateway, audit, notifications, websocket) answer errors this way.
    public init(logger: Logger, maxBodyBytes: Int) {
        self.logger = logger
        self.maxBodyBytes = maxBodyBytes
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
            return ProblemDetails.response(ActorProblem(status: 413, title: "Content Too Large", detail: "the body is \(length) bytes; the limit is \(maxBodyBytes)"))
        }
        do {
            return try await next(request, context)
        } catch {
            let problem = ProblemDetails.problem(for: error)
            if problem.status >= 500 {
                logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            }
            return ProblemDetails.response(problem, retryAfter: RetryLater.seconds(in: error))
        }
    }
}

/// Errors as RFC 9457 problem details, for the middleware and for every other surface that
/// reports them in its own framing (the tool set's tool errors, the SSE error event).
public enum ProblemDetails {
    package static func problem(for error: any Error) -> ActorProblem {
        switch error {
        case let problem as ActorProblem:
            return problem
        case let convertible as ProblemConvertible:
            return convertible.problem
        case let error as ActorError:
            switch error {
            case .unknownActorType, .methodNotFound: return ActorProblem(status: 404, title: "Not Found", detail: error.description)
            case .invalidPayload: return ActorProblem(status: 400, title: "Bad Request", detail: error.description)
            case .shuttingDown: return ActorProblem(status: 503, title: "Service Unavailable", detail: error.description)
            default: return ActorProblem(status: 409, title: "Conflict", detail: error.description)
            }
        case let error as ServerError:
            return problem(forServerError: error)
        case let error as HTTPError:
            return ActorProblem(status: Int(error.status.code), title: error.status.reasonPhrase, detail: error.body ?? error.status.reasonPhrase)
        case let error as any HTTPResponseError where error.status == .contentTooLarge:
            // A chunked body that grew past the route's limit while it was read.
            return ActorProblem(status: 413, title: "Content Too Large", detail: "the body is larger than this route accepts")
        case let error as any HTTPResponseError where (400..<500).contains(error.status.code):
            return ActorProblem(status: error.status.code, title: error.status.reasonPhrase, detail: error.status.reasonPhrase)
        case let throttled as RetryLater:
            return throttled.problem
        case let error as DecodingError:
            return ActorProblem(status: 400, title: "Bad Request", detail: describe(error))
        default:
            return ActorProblem(status: 500, title: "Internal Server Error", detail: "the request failed on the server; it was logged")
        }
    }

    /// The generated server wraps what went wrong; unwrap it.
    private static func problem(forServerError error: ServerError) -> ActorProblem {
        let underlying = error.underlyingError
        if underlying is ActorProblem || underlying is ActorError || underlying is HTTPError || underlying is ProblemConvertible || underlying is any HTTPResponseError || underlying is RetryLater {
            return problem(for: underlying)
        }
        // Anything else a handler threw is the server's fault (500), not the request's.
        if error.causeDescription.hasPrefix("User handler") {
            return problem(for: underlying)
        }
        if let decoding = underlying as? DecodingError {
            return queryParameterProblem(decoding, request: error.request) ?? ActorProblem(status: 400, title: "Bad Request", detail: describe(decoding))
        }
        // Missing or malformed parameters, wrong content type, undecodable body.
        let text = String(describing: underlying)
        if text.contains("content type") || text.contains("Content-Type") {
            return ActorProblem(status: 415, title: "Unsupported Media Type", detail: "send the body as application/json")
        }
        return ActorProblem(status: 400, title: "Bad Request", detail: "\(error.causeDescription): \(clean(text))")
    }

    package static func describe(_ error: DecodingError) -> String {
        DecodingErrorDescription.describe(error)
    }

    private static func clean(_ text: String) -> String {
        String(text.prefix(300))
    }

    package static func response(_ problem: ActorProblem, retryAfter: Int? = nil) -> Response {
        let body = (try? JSONEncoder().encode(problem)) ?? Data()
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        // 503: a dependency is down (sidecar, broker, state store): come back later, do not change the request.
        if problem.status == 429 || problem.status == 503 { headers[.retryAfter] = String(max(1, retryAfter ?? (problem.status == 503 ? 2 : 1))) }
        return Response(status: .init(code: problem.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
