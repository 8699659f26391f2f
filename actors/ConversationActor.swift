import ActorRuntime
import Foundation
import TodoLanguage
import TodoModel

/// One chat conversation, owned by the user who started it. It reads each message with the
/// offline language engine, acts on the user's tasks through their TaskActors (which check
/// ownership again), and remembers what it needs between messages: the recent history, the
/// last turn's actions (for undo) and a bulk action waiting for confirmation.
///
/// Like TaskActor, every call names the calling user; a conversation that is not yours does
/// not exist (404), so conversation ids cannot be used to read or act for someone else.
public struct ConversationActor: VirtualActor {
    public static let actorType = "ConversationActor"
    static let stateKey = StateKey<ConversationState>("conversation")
    /// Enough history for context without letting a long conversation grow its state forever.
    static let historyLimit = 50

    public let context: ActorContext

    public init(context: ActorContext) {
        self.context = context
    }

    public static let methods = ActorMethodTable<ConversationActor>(chat, history, record)
    public static let chat = ActorMethod("chat", ConversationActor.chat(_:))
    public static let history = ActorMethod("history", ConversationActor.history(_:))
    public static let record = ActorMethod("record", ConversationActor.record(_:))

    public func chat(_ request: ChatRequest) async throws -> ChatReply {
        var state: ConversationState
        if let existing = try await context.state.get(Self.stateKey) {
            guard existing.ownerID == request.userID else { throw notFound }
            state = existing
        } else {
            guard request.isNew else { throw notFound }
            state = ConversationState(ownerID: request.userID)
        }
        if let earlier = state.reply(for: request.idempotencyKey) { return earlier }
        let zoneName = try await context.proxy(UserActor.self, request.userID).timeZone()
        let session = ChatSession(context: context, userID: request.userID, userZone: TimeZone(identifier: zoneName) ?? .gmt)

        let outcome = try await respond(to: request.message, state: &state, session: session)
        // Every turn that did something replaces the undo record; a turn that only talked
        // (a list, a question) leaves the last action undoable.
        if let undo = outcome.undo { state.undo = undo.isEmpty ? nil : undo }
        state.turns.append(ChatTurn(message: request.message, reply: outcome.reply, at: context.now))
        if state.turns.count > Self.historyLimit { state.turns.removeFirst(state.turns.count - Self.historyLimit) }
        let reply = ChatReply(reply: outcome.reply, actions: outcome.actions, conversationID: context.id, clarification: outcome.clarification)
        state.remember(reply, for: request.idempotencyKey)
        context.state.set(Self.stateKey, state)
        return reply
    }

    /// A confirmation waiting from the previous turn is settled first: "yes" runs it, any
    /// other message cancels it and is then read on its own.
    private func respond(to message: String, state: inout ConversationState, session english: ChatSession) async throws -> ChatOutcome {
        // Replies come in the language of the message (the engine's detection).
        var session = english
        session.voice = ChatVoice(language: MessageLanguage.detect(message), currentYear: TaskDue(instant: context.now, in: english.userZone).year)
        if let pending = state.pending {
            state.pending = nil
            if ChatConfirmation.isYes(message) {
                return try await session.execute(pending)
            }
            if ChatConfirmation.isNo(message) {
                return ChatOutcome(reply: session.voice.cancelled)
            }
            var outcome = try await interpret(message, state: &state, session: session)
            outcome.reply = session.voice.cancelledPending + outcome.reply
            return outcome
        }
        if ChatConfirmation.isYes(message) {
            return ChatOutcome(reply: session.voice.nothingPending)
        }
        return try await interpret(message, state: &state, session: session)
    }

    /// Acts on the message; a number in it that reads as a date, time or duration but cannot
    /// be used (too many digits, or past the last year a date may have) is named in the reply,
    /// whatever else the message did.
    private func interpret(_ message: String, state: inout ConversationState, session: ChatSession) async throws -> ChatOutcome {
        var outcome = try await act(on: message, state: &state, session: session)
        let unusable = LanguageEngine.unusableNumbers(in: message, now: context.now)
        if !unusable.isEmpty {
            outcome.reply = (unusable.map(\.sentence) + [outcome.reply]).joined(separator: " ")
        }
        return outcome
    }

    private func act(on message: String, state: inout ConversationState, session: ChatSession) async throws -> ChatOutcome {
        let parsed = LanguageEngine.parse(message, now: context.now, timeZone: session.userZone)
        let voice = session.voice
        if let question = parsed.clarification {
            return ChatOutcome(reply: question, clarification: question)
        }
        switch parsed.intent {
        case .add:
            return try await session.add(parsed.tasks ?? [])
        case .complete, .reopen, .delete, .update:
            guard let operation = PendingConfirmation.Operation(rawValue: parsed.intent.rawValue) else { return ChatOutcome(reply: ChatOutcome.helpText) }
            if let filter = parsed.filter {
                let (outcome, pending) = try await session.askToConfirm(operation, filter: filter, changes: parsed.changes)
                state.pending = pending
                return outcome
            }
            guard let target = parsed.target, !target.isEmpty else {
                let question = voice.whichTask
                return ChatOutcome(reply: question, clarification: question)
            }
            return try await session.act(operation, target: target, changes: parsed.changes)
        case .list:
            return try await session.list(filter: parsed.filter, sort: parsed.sort)
        case .undo:
            guard let steps = state.undo else {
                return ChatOutcome(reply: voice.nothingToUndo)
            }
            var outcome = try await session.undo(steps)
            // Undo happens once: the reverting actions are not themselves undoable.
            outcome.undo = []
            return outcome
        case .help:
            return ChatOutcome(reply: voice.helpText)
        case .unknown:
            return ChatOutcome(reply: voice.notUnderstood)
        }
    }

    private var notFound: ActorProblem { .notFound("conversation \(context.id) does not exist") }
}

/// What one message produced: the reply, the actions, a question, and the undo record to
/// keep (nil: leave the previous one; empty: nothing left to undo).
struct ChatOutcome: Sendable {
    var reply: String
    var actions: [ChatAction] = []
    var clarification: String?
    var undo: [UndoStep]?

    static let helpText = """
        Tell me what to do in plain words, for example: “pay rent on the 1st of every month at 9am, remind me a day before”, \
        “mark pay rent done”, “push the board deck by two days”, “what's overdue?”, “delete all completed tasks” or “undo”.
        """
}

/// Replies that settle a pending confirmation.
enum ChatConfirmation {
    static func isYes(_ message: String) -> Bool {
        ["yes", "y", "yes please", "yep", "yeah", "confirm", "confirmed", "do it", "go ahead", "ok", "okay", "sure", "haan", "han", "ji haan", "ji", "ہاں", "جی", "جی ہاں"].contains(normalized(message))
    }

    static func isNo(_ message: String) -> Bool {
        ["no", "n", "nope", "cancel", "stop", "don't", "dont", "never mind", "nevermind", "no thanks", "abort", "nahi", "nahin", "ji nahi", "نہیں", "جی نہیں"].contains(normalized(message))
    }

    private static func normalized(_ message: String) -> String {
        let kept = message.lowercased().unicodeScalars.filter { CharacterSet.letters.contains($0) || $0 == " " || $0 == "'" }
        return String(String.UnicodeScalarView(kept)).split(separator: " ").joined(separator: " ")
    }
}
