import ActorRuntime
import Foundation
import Tracing

/// Spans and metrics of sidecar calls (`todo_sidecar_call_duration_seconds`,
/// `todo_sidecar_call_errors_total` by operation).
enum SidecarCallTelemetry {
    /// Runs a call in a client span. `body` gets the trace headers to send: the span's own
    /// context when tracing is on, else the request's incoming `traceparent` (DaprTrace), so
    /// daprd continues the caller's trace either way.
    /// `parent` replaces the current context as the span's parent (a publication's own trace).
    static func measure<T>(_ description: String, parent: SidecarTraceParent? = nil, _ body: ([(String, String)]) async throws -> T) async throws -> T {
        let operation = kind(of: description)
        let started = ContinuousClock.now
        do {
            let result = try await withSpan("dapr \(operation)", context: parent?.context ?? ServiceContext.current ?? .topLevel, ofKind: .client) { span in
                span.attributes["rpc.system"] = "dapr"
                span.attributes["rpc.method"] = operation
                return try await body(traceHeaders(fallback: parent?.headers))
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

    static func traceHeaders(fallback: [(String, String)]? = nil) -> [(String, String)] {
        var carrier: [String: String] = [:]
        if let context = ServiceContext.current {
            InstrumentationSystem.instrument.inject(context, into: &carrier, using: DictionaryInjector())
        }
        guard carrier["traceparent"] != nil else { return fallback ?? DaprTrace.headers }
        return carrier.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

/// The trace a sidecar call belongs to when it is not the current one: a publication's, taken
/// from its CloudEvent. daprd stamps the context of the publish request on the envelope it
/// delivers (replacing the event's `traceparent`), so a publication sent later from the
/// actor's outbox (a drain after an outage) must be sent in the trace of the turn that made it.
struct SidecarTraceParent {
    var context: ServiceContext
    var headers: [(String, String)]

    init?(_ event: CloudEvent) {
        guard let traceparent = event.traceparent ?? event.traceid, !traceparent.isEmpty else { return nil }
        var carrier = ["traceparent": traceparent]
        headers = [("traceparent", traceparent)]
        if let tracestate = event.tracestate, !tracestate.isEmpty {
            carrier["tracestate"] = tracestate
            headers.append(("tracestate", tracestate))
        }
        var context = ServiceContext.topLevel
        InstrumentationSystem.instrument.extract(carrier, into: &context, using: DictionaryExtractor())
        self.context = context
    }
}
