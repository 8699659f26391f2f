import Logging

/// What a service behind a Dapr sidecar refuses to start without. The app's `/actors` and
/// subscription routes answer whoever reaches the pod, so without `APP_API_TOKEN` anyone on the
/// network could call AccountActor's credentials method; a JWT secret that is a published
/// placeholder or short lets anyone mint access tokens. `TODO_DAPR_ALLOW_INSECURE=1` (local
/// development only: `dapr run -f dapr.yaml`) starts anyway and says so in the log.
public enum DaprStartupChecks {
    public static let developmentFlag = "TODO_DAPR_ALLOW_INSECURE"

    /// Secrets that appear in this repository's files and documentation.
    static let placeholderSecrets: Set<String> = [
        "change-me-to-32-or-more-random-bytes!!", "changeme", "change-me", "secret", "your-secret-here",
    ]

    /// The problems with `environment`, one sentence each; empty when it is fit for production.
    public static func problems(in environment: [String: String]) -> [String] {
        var problems: [String] = []
        let token = environment["APP_API_TOKEN"] ?? ""
        if token.isEmpty {
            problems.append("APP_API_TOKEN is not set: the sidecar-facing routes (/actors, subscriptions) would answer anyone who reaches this pod")
        }
        let secret = environment["TODO_JWT_SECRET"] ?? ""
        let lowered = secret.lowercased()
        if placeholderSecrets.contains(lowered) || lowered.contains("change-me") || lowered.contains("changeme") {
            problems.append("TODO_JWT_SECRET is a published placeholder; generate one (e.g. openssl rand -base64 48)")
        } else if !secret.isEmpty, secret.utf8.count < 32 {
            problems.append("TODO_JWT_SECRET is \(secret.utf8.count) bytes; it must be at least 32")
        }
        return problems
    }

    /// Throws when `environment` has problems, unless the development flag is set; then it
    /// logs each problem as a warning.
    public static func verify(_ environment: [String: String], logger: Logger) throws {
        let found = problems(in: environment)
        guard !found.isEmpty else { return }
        if environment[developmentFlag] == "1" {
            for problem in found {
                logger.warning("insecure configuration accepted because \(developmentFlag)=1: \(problem)")
            }
            return
        }
        for problem in found { logger.error("\(problem)") }
        throw DaprStartupRefusal(problems: found)
    }
}

public struct DaprStartupRefusal: Error, CustomStringConvertible {
    public let problems: [String]
    public var description: String {
        "refusing to start behind Dapr: " + problems.joined(separator: "; ") + " (set \(DaprStartupChecks.developmentFlag)=1 for local development only)"
    }
}
