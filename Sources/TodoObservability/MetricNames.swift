import Metrics
import Prometheus

/// Histogram buckets per `todo_` family, in seconds: each fits what its alerts ask (p99 API
/// latency under 1 s, reminders late by seconds to minutes, lock waits in milliseconds).
enum MetricBuckets {
    static let httpRequest: [Duration] = [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10)]
    static let fast: [Duration] = [.microseconds(100), .microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5)]
    static let lateness: [Duration] = [.milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(15), .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(900)]
    static let ingestLag: [Duration] = [.milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(15), .seconds(60), .seconds(300)]

    /// The Prometheus factory with these buckets set by family name.
    static func factory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = httpRequest
        factory.durationHistogramBuckets = [
            "todo_actor_turn_lock_wait_seconds": fast,
            "todo_store_commit_duration_seconds": fast,
            "todo_actor_reminder_lateness_seconds": lateness,
            "todo_audit_ingest_lag_seconds": ingestLag,
        ]
        return factory
    }
}
