import Foundation
import Logging
import Synchronization

/// After-commit calls on the embedded host. A call is saved as an outbox row of a reserved
/// topic in the same store transaction as the turn that asked for it, made right after the
/// commit (before the turn returns, so the caller reads its own write), and deleted once made.
/// A call that fails is retried in the background with the reminder backoff; one the process
/// did not get to is made at the next start.
enum AfterCommitCall {
    /// Never a pub/sub topic: no subscription can name it.
    static let topic = "$after-commit"

    static func message(for call: ActorCall, source: String, caller: ActorAddress, at time: Date) -> OutboxMessage {
        let event = CloudEvent(source: source, topic: topic, pubsubName: "", data: (try? JSONValue(encoding: call)) ?? .null, time: time)
        return OutboxMessage(event: event, partitionKey: caller.description)
    }

    static func isCall(_ message: OutboxMessage) -> Bool { message.event.topic == topic }

    static func call(in message: OutboxMessage) -> ActorCall? { try? message.event.data.decode(ActorCall.self) }
}

extension EmbeddedActorHost {
    /// Makes the calls in order; the first that fails is retried in the background with the
    /// ones after it, still in order.
    func makeAfterCommitCalls(_ messages: [OutboxMessage]) async {
        var made: [String] = []
        for (index, message) in messages.enumerated() {
            guard let call = AfterCommitCall.call(in: message) else {
                logger.error("unreadable after-commit call dropped", metadata: ["id": "\(message.event.id)"])
                made.append(message.outboxID)
                continue
            }
            do {
                try await make(call)
                made.append(message.outboxID)
            } catch {
                logger.warning("after-commit call failed; retrying in the background", metadata: ["call": "\(call.actor).\(call.method)", "error": "\(error)"])
                let rest = Array(messages[index...])
                Task { await CallChain.$current.withValue(nil) { await self.retryAfterCommitCalls(rest) } }
                break
            }
        }
        forgetAfterCommitCalls(made)
    }

    private func retryAfterCommitCalls(_ messages: [OutboxMessage]) async {
        var remaining = messages[...]
        var attempt = 0
        while let message = remaining.first {
            guard let call = AfterCommitCall.call(in: message) else {
                remaining = remaining.dropFirst()
                continue
            }
            do {
                try await make(call)
                forgetAfterCommitCalls([message.outboxID])
                remaining = remaining.dropFirst()
                attempt = 0
            } catch {
                attempt += 1
                if attempt >= configuration.reminderRetry.maxAttempts || lifecycle.withLock({ $0.shuttingDown || $0.stopped }) {
                    logger.error("after-commit call still failing; it stays saved and is made at the next start", metadata: ["call": "\(call.actor).\(call.method)", "error": "\(error)"])
                    return
                }
                try? await clock.sleep(until: clock.now().addingTimeInterval(configuration.reminderRetry.backoff(afterAttempt: attempt).timeInterval))
            }
        }
    }

    private func make(_ call: ActorCall) async throws {
        do {
            _ = try await invoke(call.actor, method: call.method, payload: .json(call.payload))
        } catch let problem as ActorProblem where problem.status < 500 {
            // Refused for good: retrying would only hold up the calls behind it.
            logger.error("after-commit call refused; dropped", metadata: ["call": "\(call.actor).\(call.method)", "problem": "\(problem)"])
        }
    }

    private func forgetAfterCommitCalls(_ ids: [String]) {
        guard !ids.isEmpty else { return }
        let store = self.store
        let logger = self.logger
        Task {
            do { try await store.deleteOutbox(ids: ids) } catch {
                logger.warning("could not delete made after-commit calls; they will be made again", metadata: ["error": "\(error)"])
            }
        }
    }
}
