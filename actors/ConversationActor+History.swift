import ActorRuntime
import Foundation

/// The conversation as LLM mode uses it: the model runs in the gateway (where the tool set
/// lives), and the conversation actor keeps the history it reads and the turns it adds, with
/// the same ownership rules as `chat`.
extension ConversationActor {
    /// Who asks, and whether the gateway minted the id for this message (see `ChatRequest`).
    public struct Access: Codable, Sendable {
        public var userID: String
        public var isNew: Bool
        public var idempotencyKey: String?
        public init(userID: String, isNew: Bool, idempotencyKey: String? = nil) {
            self.userID = userID
            self.isNew = isNew
            self.idempotencyKey = idempotencyKey
        }
    }

    /// What a turn starts from: the recent exchanges, and the reply already given under the
    /// request's Idempotency-Key, if any (then the turn answers that and does nothing).
    public struct Opening: Codable, Sendable {
        public var exchanges: [Exchange]
        public var earlier: ChatReply?
    }

    /// One past exchange, oldest first.
    public struct Exchange: Codable, Sendable, Equatable {
        public var message: String
        public var reply: String
        public init(message: String, reply: String) {
            self.message = message
            self.reply = reply
        }
    }

    /// A turn answered outside the actor (by the model), to append to the history.
    public struct RecordedTurn: Codable, Sendable {
        public var userID: String
        public var isNew: Bool
        public var message: String
        public var reply: ChatReply
        public var idempotencyKey: String?
        public init(userID: String, isNew: Bool, message: String, reply: ChatReply, idempotencyKey: String? = nil) {
            self.userID = userID
            self.isNew = isNew
            self.message = message
            self.reply = reply
            self.idempotencyKey = idempotencyKey
        }
    }

    /// The recent exchanges (none for a conversation this message starts).
    public func history(_ access: Access) async throws -> Opening {
        guard let state = try await context.state.get(Self.stateKey) else {
            guard access.isNew else { throw ActorProblem.notFound("conversation \(context.id) does not exist") }
            return Opening(exchanges: [], earlier: nil)
        }
        guard state.ownerID == access.userID else { throw ActorProblem.notFound("conversation \(context.id) does not exist") }
        return Opening(exchanges: state.turns.map { Exchange(message: $0.message, reply: $0.reply) }, earlier: state.reply(for: access.idempotencyKey))
    }

    /// Appends a turn. The model's actions are not undoable through the offline "undo" (the
    /// model has no snapshot of what it changed), so the undo record and any pending
    /// confirmation are dropped: an "undo" later never reverts something older.
    public func record(_ turn: RecordedTurn) async throws -> NoValue {
        var state: ConversationState
        if let existing = try await context.state.get(Self.stateKey) {
            guard existing.ownerID == turn.userID else { throw ActorProblem.notFound("conversation \(context.id) does not exist") }
            state = existing
        } else {
            guard turn.isNew else { throw ActorProblem.notFound("conversation \(context.id) does not exist") }
            state = ConversationState(ownerID: turn.userID)
        }
        state.undo = nil
        state.pending = nil
        state.turns.append(ChatTurn(message: turn.message, reply: turn.reply.reply, at: context.now))
        state.remember(turn.reply, for: turn.idempotencyKey)
        if state.turns.count > Self.historyLimit { state.turns.removeFirst(state.turns.count - Self.historyLimit) }
        context.state.set(Self.stateKey, state)
        return NoValue()
    }
}
