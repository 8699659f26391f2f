/// Request body limits: `ProblemMiddleware` refuses a larger declared body with 413 before
/// it is read.
public enum HTTPBodyLimit {
    /// The REST API's JSON bodies (the gateway, the audit API).
    public static let api = 1 << 20
}
