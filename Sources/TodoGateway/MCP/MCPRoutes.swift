import ActorRuntime
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MCP

/// `/mcp`: the task tool set over MCP's streamable HTTP transport, on the api-gateway.
///
/// Every request is authenticated like the REST API (a JWT access token or a personal API
/// token; 401 problem details otherwise) and served by an MCP server for that user alone,
/// on a stateless transport (JSON responses, no sessions). One server per request keeps
/// users apart by construction: JSON-RPC ids of different clients never meet in one
/// transport, and the user id is captured, not looked up.
enum MCPRoutes {
    static func add<Context: Hummingbird.RequestContext>(to router: Router<Context>, services: GatewayServices) {
        let tools = TaskTools(services: services)
        for method in [HTTPTypes.HTTPRequest.Method.post, .get, .delete] {
            router.on("/mcp", method: method) { request, _ -> Hummingbird.Response in
                var request = request
                let userID = try await services.authenticate(authorization: request.headers[.authorization])
                let body = Data(try await request.collectBody(upTo: Gateway.maxBodyBytes).readableBytesView)
                if let refusal = refusal(ofStringsIn: body) { return refusal }
                return try await respond(to: request, body: body, userID: userID, tools: tools, logger: services.logger)
            }
        }
    }

    private static func respond(to request: Hummingbird.Request, body: Data, userID: String, tools: TaskTools, logger: Logger) async throws -> Hummingbird.Response {
        let server = await MCPTaskServer.make(tools: tools, userID: userID)
        let transport = StatelessHTTPServerTransport(validationPipeline: validation, logger: logger)
        try await server.start(transport: transport)
        let answer = await transport.handleRequest(mcpRequest(request, body: body))
        await server.stop()
        return response(answer)
    }

    /// The SDK's default checks but its Origin/Host allow-list: that guards local servers
    /// reached by cookie-less browser requests (DNS rebinding), while this endpoint sits
    /// behind any host name and answers only requests that carry a bearer token.
    private static let validation = StandardValidationPipeline(validators: [
        AcceptHeaderValidator(mode: .jsonOnly),
        ContentTypeValidator(),
        ProtocolVersionValidator(),
    ])

    /// The SDK reads every JSON string of a request through a data-URL regular expression
    /// (its `Value` decoding), about 75 µs a string in a debug build: 10,000 tags cost 0.75 s
    /// and a 1 MiB body of short strings 20 s of CPU before any tool runs (the tool set's own
    /// work on 10,000 tags is 30 ms). No call needs more than a few hundred strings (30 tags,
    /// 20 reminders), so a body with more is refused before the SDK reads it.
    static let maxStrings = 2_000

    static func refusal(ofStringsIn body: Data) -> Hummingbird.Response? {
        let strings = jsonStringCount(body)
        guard strings > maxStrings else { return nil }
        let message = "the request has \(strings) JSON strings; /mcp reads at most \(maxStrings) (a tool call needs a few hundred at most)"
        let answer = #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"\#(message)"}}"#
        return Hummingbird.Response(status: .badRequest, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: answer)))
    }

    /// Quotes not escaped by a backslash, halved: one pass, no parsing.
    static func jsonStringCount(_ body: Data) -> Int {
        var quotes = 0
        var escaped = false
        for byte in body {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                quotes += 1
            }
        }
        return quotes / 2
    }

    private static func mcpRequest(_ request: Hummingbird.Request, body: Data) -> MCP.HTTPRequest {
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { $0 + ", " + field.value } ?? field.value
        }
        return MCP.HTTPRequest(method: request.method.rawValue, headers: headers, body: body.isEmpty ? nil : body, path: request.uri.path)
    }

    private static func response(_ answer: MCP.HTTPResponse) -> Hummingbird.Response {
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        let bytes = answer.bodyData ?? Data()
        return Hummingbird.Response(status: .init(code: answer.statusCode), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
