import ActorRuntime
import Foundation
import Tracing

/// Spans and metrics of sidecar calls (`todo_sidecar_call_duration_seconds`,
/// `todo_sidecar_call_errors_total` by operation).
enum SidecarCallTelemetry {
    /// Runs a call in a client span. `body` gets the trace headers to send: the span's own
    /// context when tracing is on, else the request's incoming `traceparent` (DaprTrace), so
    /// daprd continues the caller's trace either way.
    static func measure<T>(_ description: String, _ body: ([(String, String)]) async throws -> T) async throws -> T {
        let operation = kind(of: description)
        let started = ContinuousClock.now
        do {
            let result = try await withSpan("dapr \(operation)", ofKind: .client) { span in
                span.attributes["rpc.system"] = "dapr"
                span.attributes["rpc.method"] = operation
                return try await body(traceHeaders())
            }
            RuntimeTelemetry.sidecarCall(operation, seconds: (ContinuousClock.now - started).timeInterval, failed: false)
            return result
        } catch {
            RuntimeTelemetry.sidecarCall(operation, seconds: (ContinuousClock.now - started).timeInterval, failed: true)
            throw error
        }
    }

    /// The call's kind for labels and span names: the leading words of its description
    /// ("save state TaskActor/1" → "save state"), never the actor id, key or topic in it.
    static func kind(of description: String) -> String {
        let words = description.split(separator: " ").prefix { !$0.contains("/") && !$0.contains(".") }
        let kind = words.prefix(2).joined(separator: " ")
        return kind == "publish to" ? "publish" : (kind.isEmpty ? "other" : kind)
    }

    static func traceHeaders() -> [(String, String)] {
        var carrier: [String: String] = [:]
        if let context = ServiceContext.current {
            InstrumentationSystem.instrument.inject(context, into: &carrier, using: DictionaryInjector())
        }
        guard carrier["traceparent"] != nil else { return DaprTrace.headers }
        return carrier.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
