/// How log lines are written: one JSON object per line (for Loki behind Dapr) or text.
public enum LogFormat: String, Sendable, CaseIterable {
    case json
    case text
}
