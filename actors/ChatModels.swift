import Foundation
import TodoLanguage
import TodoModel

/// One chat message from a user, as the gateway hands it to the ConversationActor.
public struct ChatRequest: Codable, Sendable {
    public var userID: String
    public var message: String
    /// True when the gateway minted the conversation id for this message: only then may the
    /// conversation be started. A client-supplied id that does not exist is a 404, so ids
    /// cannot be claimed by guessing.
    public var isNew: Bool
    /// With an `Idempotency-Key`: a message answered before under the same key gets the same
    /// reply again, and nothing is done twice.
    public var idempotencyKey: String?

    public init(userID: String, message: String, isNew: Bool, idempotencyKey: String? = nil) {
        self.userID = userID
        self.message = message
        self.isNew = isNew
        self.idempotencyKey = idempotencyKey
    }
}

/// What the chat answers: the reply in plain words, what was done, and the question when it
/// asks back instead of acting.
public struct ChatReply: Codable, Sendable, Equatable {
    public var reply: String
    public var actions: [ChatAction]
    public var conversationID: String
    public var clarification: String?

    public init(reply: String, actions: [ChatAction], conversationID: String, clarification: String? = nil) {
        self.reply = reply
        self.actions = actions
        self.conversationID = conversationID
        self.clarification = clarification
    }
}

/// One thing the chat did to one task.
public struct ChatAction: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case created, updated, completed, reopened, deleted
    }

    public var kind: Kind
    public var taskID: String
    public var title: String
    /// The task's due after the action (wall-clock, in the task's zone), when it has one.
    public var due: TaskDue?

    public init(kind: Kind, taskID: String, title: String, due: TaskDue? = nil) {
        self.kind = kind
        self.taskID = taskID
        self.title = title
        self.due = due
    }
}

/// One exchange, kept so the conversation has a history (and later an LLM has context).
struct ChatTurn: Codable, Sendable, Equatable {
    var message: String
    var reply: String
    var at: Date
}

/// How to revert one action: the task as it was before (for deletes and updates), or just
/// its id (for creates, completions and reopenings, whose inverse needs nothing more).
struct UndoStep: Codable, Sendable, Equatable {
    var action: ChatAction
    var before: TaskRecord?
}

/// A bulk action waiting for "yes": the tasks were resolved when it was asked, so the
/// confirmation acts on exactly the tasks the user was shown.
struct PendingConfirmation: Codable, Sendable, Equatable {
    enum Operation: String, Codable, Sendable {
        case complete, reopen, delete, update
    }

    var operation: Operation
    var taskIDs: [String]
    var changes: TaskChanges?
}

/// The conversation's durable state.
struct ConversationState: Codable, Sendable {
    var ownerID: String
    var turns: [ChatTurn] = []
    /// The last turn's actions, revertible once by "undo".
    var undo: [UndoStep]?
    var pending: PendingConfirmation?
    /// Replies given under an Idempotency-Key, newest last (optional: states saved before
    /// keys existed have none).
    var answered: [AnsweredKey]?

    /// How many keyed replies a conversation remembers.
    static let answeredLimit = 50

    func reply(for key: String?) -> ChatReply? {
        guard let key else { return nil }
        return answered?.last(where: { $0.key == key })?.reply
    }

    mutating func remember(_ reply: ChatReply, for key: String?) {
        guard let key else { return }
        var keys = answered ?? []
        keys.append(AnsweredKey(key: key, reply: reply))
        if keys.count > Self.answeredLimit { keys.removeFirst(keys.count - Self.answeredLimit) }
        answered = keys
    }
}

/// One reply given under an Idempotency-Key.
struct AnsweredKey: Codable, Sendable, Equatable {
    var key: String
    var reply: ChatReply
}
