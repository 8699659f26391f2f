import Foundation
import PostgresNIO

/// `postgres://user:password@host:port/database?sslmode=…` as a PostgresClient configuration.
///
/// `sslmode` follows libpq: `disable`; `prefer` and `require` encrypt without checking the
/// certificate; `verify-full` checks it and the host name. Without `sslmode`, loopback hosts
/// get `disable` (a local server rarely has a certificate) and every other host `prefer`.
public struct PostgresURL: Sendable, Equatable {
    public enum TLSMode: String, Sendable, CaseIterable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String?
    public var tls: TLSMode

    public init(_ text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme) else {
            throw AuditStoreError("not a PostgreSQL URL (postgres://user:password@host:port/database): \(Self.redacted(text))")
        }
        guard let rawHost = components.host, !rawHost.isEmpty else {
            throw AuditStoreError("the PostgreSQL URL has no host: \(Self.redacted(text))")
        }
        host = rawHost.hasPrefix("[") && rawHost.hasSuffix("]") ? String(rawHost.dropFirst().dropLast()) : rawHost
        port = components.port ?? 5432
        guard let user = components.user?.removingPercentEncoding, !user.isEmpty else {
            throw AuditStoreError("the PostgreSQL URL names no user: \(Self.redacted(text))")
        }
        username = user
        password = components.password?.removingPercentEncoding
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? nil : path.removingPercentEncoding
        let mode = components.queryItems?.first { $0.name == "sslmode" }?.value
        if let mode {
            guard let parsed = TLSMode(rawValue: mode) else {
                throw AuditStoreError("sslmode must be one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", ")), not '\(mode)'")
            }
            tls = parsed
        } else {
            tls = Self.isLoopback(host) ? .disable : .prefer
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The URL without its password, for logs and errors.
    public static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? "(unprintable URL)"
    }

    /// Where it points, for logs (no password).
    public var summary: String { "postgres://\(username)@\(host):\(port)/\(database ?? username) (TLS \(tls.rawValue))" }

    /// The same target for one direct connection (the startup probe).
    public func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var unverified = TLSConfiguration.makeClientConfiguration()
        unverified.certificateVerification = .none
        let tls: PostgresConnection.Configuration.TLS
        switch self.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try NIOSSLContext(configuration: unverified))
        case .require: tls = .require(try NIOSSLContext(configuration: unverified))
        case .verifyFull: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        return PostgresConnection.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tls)
    }

    public func clientConfiguration() -> PostgresClient.Configuration {
        var unverified = TLSConfiguration.makeClientConfiguration()
        unverified.certificateVerification = .none
        let tls: PostgresClient.Configuration.TLS
        switch self.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(unverified)
        case .require: tls = .require(unverified)
        case .verifyFull: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tls)
        // Ingest, queries and retention of one service: a few connections are plenty, and
        // each costs the server a process.
        configuration.options.maximumConnections = 8
        return configuration
    }
}
