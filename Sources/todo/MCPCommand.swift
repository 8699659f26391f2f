import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import MCP
import NIOHTTP1
import TodoGateway
import NIOCore

/// `todo mcp`: the task tool set for MCP clients that start a command (Claude Desktop and
/// the like), over stdio.
///
/// It is a relay, not a second server: every JSON-RPC message read from standard input is
/// posted to the running server's `/mcp` endpoint with the user's token, and the answer is
/// written to standard output. So one process — `todo serve` — owns the data, and stdio and
/// HTTP clients get exactly the same tools, validation and results.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the task tools to an MCP client over stdio, backed by a running todo server.",
        discussion: """
        Reads MCP JSON-RPC messages (one per line) from standard input and answers on standard output; logs go to standard error.
        Example: TODO_API_TOKEN=todo_pat_… todo mcp --server http://127.0.0.1:8080
        """
    )

    @Option(help: "The todo server (its api-gateway) whose /mcp endpoint runs the tools.")
    var server = "http://127.0.0.1:8080"

    @Option(help: "A personal API token or access token (default: the TODO_API_TOKEN environment variable).")
    var token: String?

    func validate() throws {
        guard let url = URL(string: server), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw ValidationError("--server must be an http(s) URL such as http://127.0.0.1:8080, not '\(server)'.")
        }
    }

    func run() async throws {
        guard let token = token ?? ProcessInfo.processInfo.environment["TODO_API_TOKEN"], !token.isEmpty else {
            throw ValidationError("Give a token with --token or TODO_API_TOKEN (create one with POST /api/v1/auth/tokens).")
        }
        var logger = Logger(label: "todo.mcp") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .notice
        let endpoint = (server.hasSuffix("/") ? String(server.dropLast()) : server) + "/mcp"
        try await MCPStdioRelay(endpoint: endpoint, token: token, logger: logger).run()
    }
}

/// Moves MCP messages between stdio and the server's `/mcp`. Requests are forwarded
/// concurrently (JSON-RPC matches answers by id); a failure of the server or the network
/// becomes a JSON-RPC error for the request that met it, so the client is never left waiting.
struct MCPStdioRelay: Sendable {
    let endpoint: String
    let token: String
    let logger: Logger
    var httpClient: HTTPClient = OutboundHTTP.client
    static let timeout: TimeAmount = .seconds(60)

    func run() async throws {
        let transport = StdioTransport(logger: logger)
        try await transport.connect()
        let messages = await transport.receive()
        // Discarding: a long-lived relay must not keep every finished request's child task, and
        // a failed send to stdout ends the relay at once rather than when stdin closes.
        try await withThrowingDiscardingTaskGroup { group in
            for try await message in messages {
                group.addTask {
                    if let answer = await forward(message) {
                        try await transport.send(answer)
                    }
                }
            }
        }
        await transport.disconnect()
    }

    /// The answer to write back, or nil for a notification (the server answers 202).
    func forward(_ message: Data) async -> Data? {
        let requestID = Self.requestID(of: message)
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json, text/event-stream")
        request.body = .bytes(ByteBuffer(bytes: message))
        do {
            let response = try await httpClient.execute(request, timeout: Self.timeout)
            let body = Data(try await response.body.collect(upTo: 16 << 20).readableBytesView)
            let status = Int(response.status.code)
            if status == 202 || (body.isEmpty && (200..<300).contains(status)) { return nil }
            if (200..<300).contains(status) { return body }
            logger.warning("the server refused a message", metadata: ["status": "\(status)", "body": "\(String(decoding: body.prefix(300), as: UTF8.self))"])
            guard let requestID else { return nil }
            return Self.error(id: requestID, message: Self.explain(status: status, body: body))
        } catch {
            logger.error("the server could not be reached", metadata: ["endpoint": "\(endpoint)", "error": "\(error)"])
            guard let requestID else { return nil }
            return Self.error(id: requestID, message: "the todo server at \(endpoint) could not be reached: \(error)")
        }
    }

    /// The id of a request (nil for a notification or something unreadable).
    static func requestID(of message: Data) -> Any? {
        guard let object = try? JSONSerialization.jsonObject(with: message) as? [String: Any], object["method"] != nil else { return nil }
        guard let id = object["id"], !(id is NSNull) else { return nil }
        return id
    }

    /// A problem's detail, or a JSON-RPC error's message, from a refused request.
    static func explain(status: Int, body: Data) -> String {
        let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any]
        if let detail = object?["detail"] as? String { return "the todo server answered \(status): \(detail)" }
        if let error = object?["error"] as? [String: Any], let text = error["message"] as? String { return "the todo server answered \(status): \(text)" }
        return "the todo server answered HTTP \(status)"
    }

    static func error(id: Any, message: String) -> Data? {
        let object: [String: Any] = ["jsonrpc": "2.0", "id": id, "error": ["code": -32603, "message": message]]
        return try? JSONSerialization.data(withJSONObject: object)
    }
}
