import ActorRuntime
import Foundation
import Logging
import OpenAPIRuntime
import TodoActors
import TodoHTTP
import TodoModel

/// `POST /chat` and `POST /chat/stream`: the gateway checks the input, opens the
/// conversation (minting ids for new ones) and lets `ChatTurns` answer — the offline engine
/// in the ConversationActor, or the language model when one is configured.
extension TodoAPI {
    func chat(_ input: Operations.Chat.Input) async throws -> Operations.Chat.Output {
        let userID = try RequestIdentity.require()
        guard case .json(let request) = input.body else { throw Self.unsupported }
        let message = try ChatTurns.validated(message: request.message, conversationID: request.conversationId)
        let turns = ChatTurns(services: services)
        let conversation = try await turns.open(userID: userID, conversationID: request.conversationId, idempotencyKey: try Self.chatKey(input.headers.idempotencyKey))
        let reply = try await turns.answer(message, userID: userID, in: conversation)
        return .ok(.init(body: .json(Self.chatReply(reply))))
    }

    func chatStream(_ input: Operations.ChatStream.Input) async throws -> Operations.ChatStream.Output {
        let userID = try RequestIdentity.require()
        guard case .json(let request) = input.body else { throw Self.unsupported }
        let message = try ChatTurns.validated(message: request.message, conversationID: request.conversationId)
        let turns = ChatTurns(services: services)
        let conversation = try await turns.open(userID: userID, conversationID: request.conversationId, idempotencyKey: try Self.chatKey(input.headers.idempotencyKey))
        let (events, continuation) = AsyncStream<ArraySlice<UInt8>>.makeStream()
        let logger = services.logger
        // The turn runs to its end even if the client goes away: what it does is done once,
        // and the conversation records it.
        Task {
            do {
                _ = try await turns.answer(message, userID: userID, in: conversation) { event in
                    continuation.yield(ChatEventStream.encode(event))
                }
            } catch {
                let problem = ProblemDetails.problem(for: error)
                if problem.status >= 500 { logger.error("chat stream failed", metadata: ["error": "\(error)"]) }
                continuation.yield(ChatEventStream.encode(problem))
            }
            continuation.finish()
        }
        return .ok(.init(body: .textEventStream(HTTPBody(events, length: .unknown, iterationBehavior: .single))))
    }

    /// The Idempotency-Key's limits (the generated server checks no lengths).
    static func chatKey(_ key: String?) throws -> String? {
        guard let key else { return nil }
        guard (1...200).contains(key.count) else {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "Idempotency-Key: must be 1 to 200 characters")
        }
        return key
    }

    static func chatReply(_ reply: ChatReply) -> Components.Schemas.ChatReply {
        .init(reply: reply.reply, actions: reply.actions.map(chatAction), conversationId: reply.conversationID, clarification: reply.clarification)
    }

    static func chatAction(_ action: ChatAction) -> Components.Schemas.ChatAction {
        .init(kind: kind(action.kind), taskId: action.taskID, title: action.title, due: action.due?.description)
    }

    static func kind(_ kind: ChatAction.Kind) -> Components.Schemas.ChatAction.KindPayload {
        switch kind {
        case .created: .created
        case .updated: .updated
        case .completed: .completed
        case .reopened: .reopened
        case .deleted: .deleted
        }
    }
}

/// Server-Sent Events of a chat turn: `event: <name>` and one `data:` line of JSON each.
enum ChatEventStream {
    static func encode(_ event: ChatTurnEvent) -> ArraySlice<UInt8> {
        switch event {
        case .action(let action): frame("action", TodoAPI.chatAction(action))
        case .reply(let text): frame("reply", ["text": text])
        case .done(let reply): frame("done", TodoAPI.chatReply(reply))
        }
    }

    static func encode(_ problem: ActorProblem) -> ArraySlice<UInt8> {
        frame("error", problem)
    }

    private static func frame<T: Encodable>(_ name: String, _ value: T) -> ArraySlice<UInt8> {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // JSON escapes line breaks inside strings, so the data is always one line.
        let json = (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return ArraySlice("event: \(name)\ndata: \(json)\n\n".utf8)
    }
}
