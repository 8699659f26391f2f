import ArgumentParser
import Logging
import TodoObservability

extension LogFormat: ExpressibleByArgument {}

extension ServiceContext {
    /// The same context with the service's own logger label (`todo.audit`, `todo.live`, …),
    /// so every log line says which component wrote it.
    func logging(as appID: String) -> ServiceContext {
        ServiceContext(dataDirectory: dataDirectory, authenticator: authenticator, actors: actors, logger: Logger(label: Observability.component(ofService: appID)))
    }
}
