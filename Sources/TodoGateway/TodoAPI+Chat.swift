import ActorRuntime
import Foundation
import TodoActors

/// `POST /chat`: the conversation itself lives in a ConversationActor; the gateway checks the
/// input, mints ids for new conversations and maps the reply.
extension TodoAPI {
    func chat(_ input: Operations.Chat.Input) async throws -> Operations.Chat.Output {
        let userID = try RequestIdentity.require()
        guard case .json(let request) = input.body else { throw Self.unsupported }
        // The generated server does not check string lengths, so the limits are enforced here
        // (counted in code points, as JSON Schema counts them).
        let message = request.message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !message.isEmpty, request.message.unicodeScalars.count <= 2_000 else {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "message: must be 1 to 2000 characters, not only spaces")
        }
        if let id = request.conversationId, id.isEmpty || id.count > 100 {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "conversationId: must be 1 to 100 characters")
        }
        let conversationID = request.conversationId ?? Self.newID("c")
        let conversation = ActorProxy<ConversationActor>(id: conversationID, invoker: services.actors)
        let reply = try await conversation.chat(.init(userID: userID, message: message, isNew: request.conversationId == nil))
        let actions = reply.actions.map { Components.Schemas.ChatAction(kind: Self.kind($0.kind), taskId: $0.taskID, title: $0.title, due: $0.due?.description) }
        return .ok(.init(body: .json(.init(reply: reply.reply, actions: actions, conversationId: reply.conversationID, clarification: reply.clarification))))
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
