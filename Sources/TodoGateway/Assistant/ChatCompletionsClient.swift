import ActorRuntime
import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import Metrics
import NIOHTTP1

/// One message of a Chat Completions conversation (the subset the chat uses).
struct LLMMessage: Codable, Sendable, Equatable {
    struct ToolCall: Codable, Sendable, Equatable {
        struct Function: Codable, Sendable, Equatable {
            var name: String
            /// JSON text, as the API sends it.
            var arguments: String

            init(name: String, arguments: String) {
                self.name = name
                self.arguments = arguments
            }

            /// Some compatible servers send the arguments as a JSON object instead of text.
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                name = try container.decode(String.self, forKey: .name)
                if let text = try? container.decode(String.self, forKey: .arguments) {
                    arguments = text
                } else if let object = try container.decodeIfPresent(JSONValue.self, forKey: .arguments) {
                    arguments = String(decoding: try object.jsonData(), as: UTF8.self)
                } else {
                    arguments = "{}"
                }
            }
        }

        var id: String
        var type: String? = "function"
        var function: Function
    }

    var role: String
    var content: String?
    var toolCalls: [ToolCall]?
    var toolCallID: String?

    enum CodingKeys: String, CodingKey {
        case role, content
        case toolCalls = "tool_calls"
        case toolCallID = "tool_call_id"
    }

    static func system(_ text: String) -> LLMMessage { LLMMessage(role: "system", content: text) }
    static func user(_ text: String) -> LLMMessage { LLMMessage(role: "user", content: text) }
    static func assistant(_ text: String) -> LLMMessage { LLMMessage(role: "assistant", content: text) }
    static func tool(callID: String, _ text: String) -> LLMMessage { LLMMessage(role: "tool", content: text, toolCallID: callID) }

    /// `content` is written even when null: some servers require the key on assistant turns.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(role, forKey: .role)
        try container.encode(content, forKey: .content)
        try container.encodeIfPresent(toolCalls, forKey: .toolCalls)
        try container.encodeIfPresent(toolCallID, forKey: .toolCallID)
    }
}

/// Why the model could not answer; the chat then falls back to the offline engine.
enum LLMFailure: Error, CustomStringConvertible {
    case unreachable(String)
    case status(Int, String)
    case malformed(String)

    var description: String {
        switch self {
        case .unreachable(let reason): "the model could not be reached (\(reason))"
        case .status(let code, let body): "the model answered HTTP \(code)\(body.isEmpty ? "" : ": \(body.prefix(200))")"
        case .malformed(let reason): "the model's answer could not be read (\(reason))"
        }
    }

    /// Worth another attempt: the network, a timeout, throttling, or the server's fault.
    var isTransient: Bool {
        switch self {
        case .unreachable: true
        case .status(let code, _): code == 408 || code == 429 || code >= 500
        case .malformed: false
        }
    }
}

/// An OpenAI-compatible Chat Completions client with tool calling: one request per model
/// turn, each with a timeout, and a bounded number of retries with doubling pauses.
struct ChatCompletionsClient: Sendable {
    let configuration: LLMConfiguration
    let logger: Logger
    var httpClient: HTTPClient = OutboundHTTP.client

    private struct Request: Encodable {
        struct ToolSpec: Encodable {
            struct Function: Encodable {
                var name: String
                var description: String
                var parameters: JSONValue
            }

            var type = "function"
            var function: Function
        }

        var model: String
        var messages: [LLMMessage]
        var tools: [ToolSpec]
        // No temperature: reasoning models refuse any but the default.
        var toolChoice = "auto"

        enum CodingKeys: String, CodingKey {
            case model, messages, tools
            case toolChoice = "tool_choice"
        }
    }

    private struct Completion: Decodable {
        struct Choice: Decodable {
            var message: LLMMessage
        }

        var choices: [Choice]
    }

    /// The model's next message for this conversation, with the tool set offered.
    func next(_ messages: [LLMMessage], tools: [TaskToolDefinition]) async throws -> LLMMessage {
        let body = Request(
            model: configuration.model, messages: messages,
            tools: tools.map { .init(function: .init(name: $0.name, description: $0.description, parameters: $0.inputSchema)) }
        )
        let payload = try JSONEncoder().encode(body)
        var attempt = 0
        var pause = configuration.retryDelay
        while true {
            do {
                let message = try await exchange(payload)
                Counter(label: "todo_llm_requests_total", dimensions: [("outcome", "ok")]).increment()
                return message
            } catch let failure as LLMFailure where failure.isTransient && attempt < configuration.retries {
                attempt += 1
                Counter(label: "todo_llm_requests_total", dimensions: [("outcome", "retry")]).increment()
                logger.warning("model request failed; retrying", metadata: ["attempt": "\(attempt)", "error": "\(failure)"])
                try await Task.sleep(for: pause)
                pause *= 2
            } catch {
                Counter(label: "todo_llm_requests_total", dimensions: [("outcome", "failed")]).increment()
                throw error
            }
        }
    }

    private func exchange(_ payload: Data) async throws -> LLMMessage {
        var request = HTTPClientRequest(url: configuration.completionsURL)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(configuration.apiKey)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: payload))
        let data: Data
        let status: Int
        do {
            let response = try await httpClient.execute(request, timeout: .nanoseconds(Self.nanoseconds(configuration.timeout)))
            status = Int(response.status.code)
            data = Data(try await response.body.collect(upTo: 8 << 20).readableBytesView)
        } catch {
            throw LLMFailure.unreachable(String(describing: error))
        }
        guard (200..<300).contains(status) else {
            throw LLMFailure.status(status, String(decoding: data, as: UTF8.self))
        }
        do {
            guard let message = try JSONDecoder().decode(Completion.self, from: data).choices.first?.message else {
                throw LLMFailure.malformed("no choices")
            }
            return message
        } catch let failure as LLMFailure {
            throw failure
        } catch {
            throw LLMFailure.malformed(String(describing: error).prefix(200).description)
        }
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
