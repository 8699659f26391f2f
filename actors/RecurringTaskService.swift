import ActorRuntime
import Foundation
import Logging
import Metrics
import TodoEvents
import TodoModel

/// recurring-task-service: hosts SeriesActor and drives it from `task-events`, the durable
/// path for every way a task changes (REST, chat, MCP, bulk, a redelivery after a crash).
/// The gateway also tells the series synchronously, so a REST completion can answer with the
/// next occurrence; both paths are idempotent, so whichever comes second finds the work done.
public enum RecurringTaskService {
    public static let appID = "recurring-task-service"
    public static let deadLetterTopic = "task-events-recurring-deadletter"

    public static func register(on registry: any ActorRegistry) {
        registry.register(SeriesActor.self, options: ActorTypeOptions())
    }

    /// The `task-events` subscription. Events of tasks outside any series are acknowledged
    /// without an actor call.
    public static func subscriptions(actors: any ActorInvoker, logger: Logger = Logger(label: "todo.recurring")) -> [Subscription] {
        let handled = Counter(label: "todo_recurring_events_total", dimensions: [("result", "handled")])
        let dropped = Counter(label: "todo_recurring_events_total", dimensions: [("result", "dropped")])
        return [
            Subscription(topic: Topics.taskEvents, consumer: appID, deadLetterTopic: deadLetterTopic) { cloudEvent in
                let event: TaskEvent
                do {
                    event = try cloudEvent.decodeData(TaskEvent.self)
                } catch {
                    logger.error("undecodable task event", metadata: ["id": "\(cloudEvent.id)", "error": "\(error)"])
                    dropped.increment()
                    return .drop
                }
                guard let seriesID = event.task.seriesID ?? event.formerSeriesId else { return .success }
                do {
                    _ = try await ActorProxy<SeriesActor>(id: seriesID, invoker: actors).occurrenceChanged(.init(kind: event.type, task: event.task))
                } catch let problem as ActorProblem where (400..<500).contains(problem.status) {
                    // Not retryable (the series refuses this change); retrying would block the lane.
                    logger.warning("series refused a task event", metadata: ["series": "\(seriesID)", "event": "\(event.id)", "detail": "\(problem.detail)"])
                    dropped.increment()
                    return .drop
                }
                handled.increment()
                return .success
            },
        ]
    }
}
