import ActorRuntime
import Foundation
import Logging
import TodoActors
import TodoModel

/// One chat message answered by the language model: the model reads the conversation and
/// calls the task tools (the same set as MCP) until it answers in words. Dates stay the
/// engine's job — the model passes the user's words ("next friday 5pm") and the tools
/// resolve them — and the reply ends with the tools' own confirmations, so it names the
/// weekday of every date that was set whatever the model writes.
struct AssistantTurn: Sendable {
    let client: ChatCompletionsClient
    let tools: TaskTools
    let userID: String
    let userZone: TimeZone
    let now: Date

    struct Outcome: Sendable {
        var reply: String
        var actions: [ChatAction]
    }

    /// Thrown when the model failed before any tool changed anything: the caller may answer
    /// the message with the offline engine instead, without doing anything twice.
    struct Unavailable: Error {
        var failure: any Error
    }

    func run(history: [ConversationActor.Exchange], message: String, onAction: @Sendable (ChatAction) -> Void) async throws -> Outcome {
        var messages: [LLMMessage] = [.system(systemPrompt)]
        for exchange in history {
            messages.append(.user(exchange.message))
            messages.append(.assistant(exchange.reply))
        }
        messages.append(.user(message))

        var actions: [ChatAction] = []
        var confirmations: [String] = []
        var calledTools = false
        for _ in 0..<client.configuration.maxRounds {
            let answer: LLMMessage
            do {
                answer = try await client.next(messages, tools: TaskTools.definitions)
            } catch {
                // Nothing done yet: the offline engine can take the message whole.
                guard calledTools else { throw Unavailable(failure: error) }
                return Outcome(reply: Self.compose(nil, confirmations: confirmations) + " (The language model stopped answering: \(error); the steps above were done.)", actions: actions)
            }
            messages.append(answer)
            guard let calls = answer.toolCalls, !calls.isEmpty else {
                return Outcome(reply: Self.compose(answer.content, confirmations: confirmations), actions: actions)
            }
            for call in calls {
                calledTools = true
                let result = await tools.call(call.function.name, arguments: Self.arguments(call.function.arguments), userID: userID, now: now)
                for action in result.actions { onAction(action) }
                actions += result.actions
                if !result.isError, call.function.name != "list_tasks" { confirmations.append(result.message) }
                messages.append(.tool(callID: call.id, result.text))
            }
        }
        return Outcome(reply: Self.compose("I stopped after \(client.configuration.maxRounds) rounds of tool calls.", confirmations: confirmations), actions: actions)
    }

    /// The model's words, then what the tools confirmed (each with its weekdays).
    static func compose(_ text: String?, confirmations: [String]) -> String {
        let words = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let done = confirmations.joined(separator: " ")
        if done.isEmpty { return words.isEmpty ? "Done." : words }
        return words.isEmpty ? done : words + "\n\n" + done
    }

    /// Arguments as the model sent them; text that is not JSON reaches the tool as a string,
    /// which the tool refuses with a message the model can act on.
    static func arguments(_ text: String) -> JSONValue {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .object([:]) }
        return (try? JSONValue(json: Data(trimmed.utf8))) ?? .string(text)
    }

    private var systemPrompt: String {
        let today = TaskWording.instant(now, in: userZone)
        return """
            You manage the user's todo tasks with the tools provided. It is now \(today) in the user's time zone \(userZone.identifier).
            Never compute dates yourself: put the user's own words for a date or time ("tomorrow 5pm", "next friday", "in 3 days") \
            in `due` or a reminder's `at`, and the server resolves them. Use list_tasks to find a task's id before changing it; \
            if several tasks match, ask which one. Delete only what the user clearly asked to delete. \
            Answer briefly in plain words; the server appends its own confirmation of every change.
            """
    }
}
