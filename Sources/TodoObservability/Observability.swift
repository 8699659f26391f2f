import ActorRuntime
import Foundation
import Logging
import Metrics
import OTel
import Prometheus
import ServiceLifecycle
import Synchronization
import Tracing

/// Sets up the process's logs, metrics and traces once, before any service starts.
public enum Observability {
    /// The registry `/metrics` renders.
    public static let registry = PrometheusCollectorRegistry()

    private static let background = Mutex<[any Service]>([])

    /// What must run beside the services (the OTLP exporter, which flushes at shutdown).
    /// Put it first in the service group: the group stops services in reverse order.
    public static var backgroundServices: [any Service] { background.withLock { $0 } }

    /// Bootstraps logging (`format` at `level`, with trace ids), metrics (Prometheus) and,
    /// when the environment names an OTLP endpoint, tracing. Returns whether spans are exported.
    @discardableResult
    public static func bootstrap(format: LogFormat, level: Logger.Level, serviceName: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Bool {
        LoggingSystem.bootstrap({ label, provider in
            ObservabilityLogHandler(label: label, format: format, level: level, metadataProvider: provider)
        }, metadataProvider: OTel.makeLoggingMetadataProvider())
        MetricsSystem.bootstrap(MetricBuckets.factory(registry: registry))
        guard tracingRequested(environment) else { return false }
        var configuration = OTel.Configuration.default
        configuration.serviceName = serviceName
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.diagnosticLogLevel = .warning
        // `makeTracingBackend` applies the OTEL_* variables (endpoint, protocol, headers,
        // sampler, batch delays, service name) over these defaults.
        let tracing = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(tracing.factory)
        background.withLock { $0.append(tracing.service) }
        return true
    }

    /// Spans are exported only when an OTLP endpoint is set and nothing turns them off,
    /// as the OpenTelemetry spec's variables say.
    static func tracingRequested(_ environment: [String: String]) -> Bool {
        if environment["OTEL_SDK_DISABLED"]?.lowercased() == "true" { return false }
        if environment["OTEL_TRACES_EXPORTER"]?.lowercased() == "none" { return false }
        let endpoint = environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] ?? environment["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? ""
        return !endpoint.isEmpty
    }

    /// The Prometheus text of every family, gauges refreshed first, with the process block.
    public static func exposition() -> [UInt8] {
        RuntimeTelemetry.refreshGauges()
        var buffer = registry.emitToBuffer()
        buffer.append(contentsOf: ProcessMetrics.exposition().utf8)
        return buffer
    }

    /// The component label of a service's logger (`todo.gateway`, `todo.audit`, …).
    public static func component(ofService appID: String) -> String {
        switch appID {
        case "api-gateway": return "todo.gateway"
        case "tasks-service": return "todo.tasks"
        case "recurring-task-service": return "todo.recurrence"
        case "audit-service": return "todo.audit"
        case "notification-service": return "todo.notify"
        case "websocket-service": return "todo.live"
        default: return "todo.\(appID)"
        }
    }
}
