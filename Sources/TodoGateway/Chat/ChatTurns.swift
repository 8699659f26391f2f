import ActorRuntime
import Foundation
import Logging
import Metrics
import TodoActors

/// What a chat turn reports while it runs (the SSE stream's events) and at its end.
enum ChatTurnEvent: Sendable {
    /// Something was done to a task (in LLM mode, as soon as the tool returns).
    case action(ChatAction)
    /// The reply in words.
    case reply(String)
    /// The whole reply; nothing follows.
    case done(ChatReply)
}

/// One chat message, answered by the language model when one is configured, else — and
/// whenever the model cannot be reached — by the offline engine in the ConversationActor.
/// The conversation keeps the history either way.
struct ChatTurns: Sendable {
    let services: GatewayServices

    /// The limits of a message and a conversation id (the generated server checks no
    /// lengths; counted in code points, as JSON Schema counts them).
    static func validated(message raw: String, conversationID: String?) throws -> String {
        let message = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !message.isEmpty, raw.unicodeScalars.count <= 2_000 else {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "message: must be 1 to 2000 characters, not only spaces")
        }
        if let id = conversationID, id.isEmpty || id.count > 100 {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "conversationId: must be 1 to 100 characters")
        }
        return message
    }

    /// A new conversation gets an id minted here — derived from the Idempotency-Key when
    /// there is one, so a retried first message finds the conversation it started; an
    /// existing one must be the caller's (the actor answers 404 otherwise). Checked before
    /// anything is streamed or done.
    func open(userID: String, conversationID requested: String?, idempotencyKey: String?) async throws -> Conversation {
        let id = requested ?? idempotencyKey.map { "c_" + TodoAPI.idempotentID(userID: userID, key: "chat\u{0}" + $0).dropFirst(2) } ?? TodoAPI.newID("c")
        let conversation = Conversation(id: id, isNew: requested == nil, idempotencyKey: idempotencyKey, proxy: ActorProxy(id: id, invoker: services.actors))
        let opening = try await conversation.proxy.history(.init(userID: userID, isNew: conversation.isNew, idempotencyKey: idempotencyKey))
        return Conversation(id: id, isNew: conversation.isNew, idempotencyKey: idempotencyKey, proxy: conversation.proxy, history: opening.exchanges, earlier: opening.earlier)
    }

    struct Conversation: Sendable {
        var id: String
        var isNew: Bool
        var idempotencyKey: String?
        var proxy: ActorProxy<ConversationActor>
        var history: [ConversationActor.Exchange] = []
        /// The reply already given under this Idempotency-Key.
        var earlier: ChatReply?
    }

    func answer(_ message: String, userID: String, in conversation: Conversation,
                emit: @escaping @Sendable (ChatTurnEvent) -> Void = { _ in }) async throws -> ChatReply {
        if let earlier = conversation.earlier {
            return Self.replay(earlier, emit: emit)
        }
        guard let configuration = services.assistant else {
            return try await offline(message, userID: userID, in: conversation, note: nil, emit: emit)
        }
        let zone = TimeZone(identifier: try await services.user(userID).timeZone()) ?? .gmt
        let turn = AssistantTurn(
            client: ChatCompletionsClient(configuration: configuration, logger: services.logger),
            tools: TaskTools(services: services), userID: userID, userZone: zone, now: Date()
        )
        do {
            let outcome = try await turn.run(history: conversation.history, message: message, onAction: { emit(.action($0)) })
            let reply = ChatReply(reply: outcome.reply, actions: outcome.actions, conversationID: conversation.id)
            try await conversation.proxy.record(.init(userID: userID, isNew: conversation.isNew, message: message, reply: reply, idempotencyKey: conversation.idempotencyKey))
            emit(.reply(reply.reply))
            emit(.done(reply))
            return reply
        } catch let unavailable as AssistantTurn.Unavailable {
            services.logger.warning("language model unavailable; the offline engine answers", metadata: ["error": "\(unavailable.failure)"])
            Counter(label: "todo_chat_llm_fallbacks_total").increment()
            let note = "The language model is unavailable (\(String(describing: unavailable.failure).prefix(160))), so the offline engine answered: "
            return try await offline(message, userID: userID, in: conversation, note: note, emit: emit)
        }
    }

    private func offline(_ message: String, userID: String, in conversation: Conversation, note: String?,
                         emit: @Sendable (ChatTurnEvent) -> Void) async throws -> ChatReply {
        var reply = try await conversation.proxy.chat(.init(userID: userID, message: message, isNew: conversation.isNew, idempotencyKey: conversation.idempotencyKey))
        if let note { reply.reply = note + reply.reply }
        return Self.replay(reply, emit: emit)
    }

    private static func replay(_ reply: ChatReply, emit: @Sendable (ChatTurnEvent) -> Void) -> ChatReply {
        for action in reply.actions { emit(.action(action)) }
        emit(.reply(reply.reply))
        emit(.done(reply))
        return reply
    }
}
