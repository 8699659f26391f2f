import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import TodoGateway

/// An OpenAI-compatible Chat Completions server on loopback that answers from a script: each
/// request takes the next step (tool calls, a final message, or an HTTP error). It records
/// every request body and Authorization header, so tests can check what the chat sent.
final class ScriptedModel: Sendable {
    enum Step: Sendable {
        /// (tool name, arguments as JSON text)
        case toolCalls([(String, String)])
        /// One tool call whose arguments are sent as a JSON object (as some servers do).
        case objectArguments(String, String)
        case text(String)
        case status(Int)
    }

    private let steps: Mutex<[Step]>
    private let recorded = Mutex<[(authorization: String?, body: Data)]>([])

    init(_ steps: [Step]) {
        self.steps = Mutex(steps)
    }

    func append(_ more: [Step]) { steps.withLock { $0 += more } }

    /// The request bodies received so far, parsed.
    var requests: [[String: Any]] {
        recorded.withLock { $0.map { (try? JSONSerialization.jsonObject(with: $0.body)) as? [String: Any] ?? [:] } }
    }

    var authorizations: [String?] { recorded.withLock { $0.map(\.authorization) } }

    /// The messages of the `index`th request.
    func messages(_ index: Int) -> [[String: Any]] {
        requests[index]["messages"] as? [[String: Any]] ?? []
    }

    /// Serves the script on a free loopback port while `body` runs with the base URL.
    func serve(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/v1/chat/completions") { request, _ -> Response in
            let data = Data(try await request.body.collect(upTo: 1 << 22).readableBytesView)
            self.recorded.withLock { $0.append((request.headers[.authorization], data)) }
            let step = self.steps.withLock { $0.isEmpty ? Step.status(599) : $0.removeFirst() }
            return Self.response(step, number: self.recorded.withLock { $0.count })
        }
        try await Application(router: router).test(.live) { client in
            guard let port = client.port else { throw HarnessError("the scripted model has no port") }
            try await body("http://127.0.0.1:\(port)/v1")
        }
    }

    private static func response(_ step: Step, number: Int) -> Response {
        let message: [String: Any]
        switch step {
        case .status(let code):
            return Response(status: .init(code: code), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"error":{"message":"scripted failure"}}"#)))
        case .text(let text):
            message = ["role": "assistant", "content": text]
        case .objectArguments(let name, let json):
            let arguments = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) ?? [:]
            message = ["role": "assistant", "tool_calls": [["id": "call_\(number)_0", "type": "function", "function": ["name": name, "arguments": arguments]]]]
        case .toolCalls(let calls):
            message = ["role": "assistant", "content": NSNull(), "tool_calls": calls.enumerated().map { index, call in
                ["id": "call_\(number)_\(index)", "type": "function", "function": ["name": call.0, "arguments": call.1]]
            }]
        }
        let body: [String: Any] = ["id": "chatcmpl-\(number)", "object": "chat.completion", "model": "scripted",
                                   "choices": [["index": 0, "message": message, "finish_reason": "stop"]]]
        let data = (try? JSONSerialization.data(withJSONObject: body)) ?? Data()
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func configuration(_ baseURL: String, retries: Int = 2) -> LLMConfiguration {
        LLMConfiguration(baseURL: baseURL, apiKey: "test-key", model: "test-model", timeout: .seconds(10), retries: retries, retryDelay: .milliseconds(20))
    }
}
