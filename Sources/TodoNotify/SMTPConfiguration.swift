import Foundation

/// Where e-mail goes. From the environment:
/// - `TODO_SMTP_URL`: `smtp://[user:password@]host[:port]` (STARTTLS, port 587 by default) or
///   `smtps://…` (TLS from the first byte, port 465);
/// - `TODO_SMTP_STARTTLS`: `required` (default: never send in clear), `opportunistic`
///   (upgrade when offered), or `off` (only for a local relay);
/// - `TODO_SMTP_FROM`: the sender address (default `todo@<host>`);
/// - `TODO_SMTP_CA_FILE`: PEM file of the CA that signs the server's certificate (default:
///   the system's trust store).
public struct SMTPConfiguration: Sendable, Equatable {
    public enum StartTLS: String, Sendable, Equatable {
        case required, opportunistic, off
    }

    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var implicitTLS: Bool
    public var startTLS: StartTLS
    public var from: String
    public var caFile: String?
    /// The name this client gives in EHLO.
    public var heloName: String
    /// The whole exchange (connect to QUIT) must finish within this.
    public var timeout: Duration

    public init(host: String, port: Int, username: String? = nil, password: String? = nil, implicitTLS: Bool = false, startTLS: StartTLS = .required, from: String, caFile: String? = nil, heloName: String = "localhost", timeout: Duration = .seconds(30)) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.implicitTLS = implicitTLS
        self.startTLS = startTLS
        self.from = from
        self.caFile = caFile
        self.heloName = heloName
        self.timeout = timeout
    }

    /// Nil when `TODO_SMTP_URL` is unset (e-mail delivery off).
    public static func fromEnvironment(_ environment: [String: String]) throws -> SMTPConfiguration? {
        guard let text = environment["TODO_SMTP_URL"], !text.isEmpty else { return nil }
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), scheme == "smtp" || scheme == "smtps",
              let host = url.host, !host.isEmpty else {
            throw ConfigurationError("TODO_SMTP_URL must look like smtp://[user:password@]host[:port] or smtps://…, not '\(text)'")
        }
        let implicitTLS = scheme == "smtps"
        let policyText = environment["TODO_SMTP_STARTTLS"] ?? "required"
        guard let policy = StartTLS(rawValue: policyText.lowercased()) else {
            throw ConfigurationError("TODO_SMTP_STARTTLS must be required, opportunistic or off, not '\(policyText)'")
        }
        let from = environment["TODO_SMTP_FROM"].flatMap { $0.isEmpty ? nil : $0 } ?? "todo@\(host)"
        guard (try? PreferencesInput.emailAddress(from)) != nil else {
            throw ConfigurationError("TODO_SMTP_FROM must be a plain address like todo@example.com, not '\(from)'")
        }
        if let caFile = environment["TODO_SMTP_CA_FILE"], !caFile.isEmpty, !FileManager.default.isReadableFile(atPath: caFile) {
            throw ConfigurationError("TODO_SMTP_CA_FILE '\(caFile)' is not a readable file")
        }
        return SMTPConfiguration(
            host: host,
            port: url.port ?? (implicitTLS ? 465 : 587),
            username: url.percentEncodedUser.flatMap { $0.removingPercentEncoding },
            password: url.percentEncodedPassword.flatMap { $0.removingPercentEncoding },
            implicitTLS: implicitTLS,
            startTLS: policy,
            from: from,
            caFile: environment["TODO_SMTP_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 },
            heloName: environment["TODO_SMTP_HELO"].flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        )
    }

    /// For logs: no password.
    public var summary: String {
        "\(implicitTLS ? "smtps" : "smtp")://\(username.map { "\($0)@" } ?? "")\(host):\(port) starttls=\(implicitTLS ? "n/a" : startTLS.rawValue) from=\(from)"
    }
}
