import Foundation
import Logging
import PostgresNIO
import Testing
import TodoAudit

#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL server for one test suite: `initdb` into a temporary directory, then
/// `pg_ctl start` on a free loopback port with password (SCRAM) authentication. PostgreSQL
/// refuses to run as root, so as root the binaries run as the `postgres` OS user (Debian's
/// packages create it) through `runuser`, with the directory handed over to that user.
final class PostgresTestServer: Sendable {
    static let user = "audit"
    static let password = "audit-test-secret"

    /// `TODO_POSTGRES_BIN`, else the newest `/usr/lib/postgresql/<version>/bin` with the
    /// server programs (Debian `postgresql-15`).
    static let binaries: String? = {
        let fileManager = FileManager.default
        func usable(_ directory: String) -> Bool {
            ["initdb", "pg_ctl", "postgres"].allSatisfy { fileManager.isExecutableFile(atPath: "\(directory)/\($0)") }
        }
        if let configured = ProcessInfo.processInfo.environment["TODO_POSTGRES_BIN"], !configured.isEmpty {
            return usable(configured) ? configured : nil
        }
        let versions = (try? fileManager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        return versions.compactMap(Int.init).sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin" }.first(where: usable)
    }()

    static let missingMessage = "PostgreSQL server binaries not found (install Debian postgresql-15, or set TODO_POSTGRES_BIN to a directory with initdb, pg_ctl and postgres); the PostgreSQL store tests are skipped"

    let directory: String
    let port: Int
    private let bin: String

    var dataDirectory: String { "\(directory)/data" }

    private init(directory: String, port: Int, bin: String) {
        self.directory = directory
        self.port = port
        self.bin = bin
    }

    /// Initialises and starts a server; throws with the server's log when it cannot.
    static func start() throws -> PostgresTestServer {
        guard let bin = binaries else { throw AuditStoreError(missingMessage) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("todo-audit-pg-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try Data((password + "\n").utf8).write(to: URL(fileURLWithPath: "\(directory)/pwfile"))
        if getuid() == 0 { try handOver(directory) }

        var lastError: (any Error)?
        // A free port can be taken by someone else before the server binds it: try again.
        for _ in 0..<3 {
            let server = PostgresTestServer(directory: directory, port: try freeLoopbackPort(), bin: bin)
            do {
                if !FileManager.default.fileExists(atPath: server.dataDirectory) {
                    try server.runTool("initdb", ["-D", server.dataDirectory, "-U", user, "--pwfile=\(directory)/pwfile", "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"])
                }
                // -F: no fsync (test data); -k: the socket in our directory, not /var/run.
                try server.runTool("pg_ctl", ["-D", server.dataDirectory, "-l", "\(directory)/server.log", "-w", "-t", "60", "-o", "-p \(server.port) -h 127.0.0.1 -k \(directory) -F", "start"])
                return server
            } catch {
                lastError = error
            }
        }
        let log = (try? String(contentsOfFile: "\(directory)/server.log", encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: directory)
        throw AuditStoreError("PostgreSQL did not start: \(lastError.map { "\($0)" } ?? "?")\n\(log.suffix(2_000))")
    }

    func stop() {
        try? runTool("pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    func url(database: String) -> String {
        "postgres://\(Self.user):\(Self.password)@127.0.0.1:\(port)/\(database)"
    }

    /// A new, empty database, so tests running at once never see each other's rows.
    func createDatabase() async throws -> String {
        let name = "audit_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        try await withClient(database: "postgres") { client in
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        }
        return name
    }

    /// A client on `database` that runs while `body` does.
    func withClient<T: Sendable>(database: String, _ body: @Sendable (PostgresClient) async throws -> T) async throws -> T {
        let client = PostgresClient(configuration: try PostgresURL(url(database: database)).clientConfiguration())
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    // MARK: Processes

    /// Runs a server program, as `postgres` when we are root; throws with its output.
    ///
    /// posix_spawn and waitpid rather than Foundation's Process: `pg_ctl start` leaves a
    /// daemon behind that inherits Process's exit-watching descriptor, and
    /// `waitUntilExit()` then never returns.
    private func runTool(_ name: String, _ arguments: [String]) throws {
        // `env -C`: the postgres user may not be allowed into the test's working directory.
        let command = ["/usr/bin/env", "-C", directory, "\(bin)/\(name)"] + arguments
        let argv = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + command : command
        let logPath = "\(directory)/\(name).out"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else { throw AuditStoreError("cannot start \(argv[0]) (error \(spawned))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw AuditStoreError("waitpid failed for \(name) (errno \(errno))") }
        }
        // WIFEXITED and WEXITSTATUS, which Swift does not import.
        let exited = status & 0x7F == 0
        let code = (status >> 8) & 0xFF
        guard exited, code == 0 else {
            let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw AuditStoreError("\(name) failed (wait status \(status)): \(output.suffix(2_000))")
        }
    }

    /// Gives the directory to the `postgres` user, which runs the server.
    private static func handOver(_ directory: String) throws {
        guard let entry = getpwnam("postgres") else {
            throw AuditStoreError("running as root, but there is no 'postgres' OS user to run PostgreSQL as (Debian's postgresql packages create it)")
        }
        for path in [directory, "\(directory)/pwfile"] {
            guard chown(path, entry.pointee.pw_uid, entry.pointee.pw_gid) == 0 else {
                throw AuditStoreError("cannot hand \(path) to the postgres user (errno \(errno))")
            }
        }
    }

    private static func freeLoopbackPort() throws -> Int {
        let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).wait()
        defer { try? channel.close().wait() }
        guard let port = channel.localAddress?.port else { throw AuditStoreError("no free loopback port") }
        return port
    }

    // MARK: One server per suite

    @TaskLocal static var current: PostgresTestServer?
}

/// Starts one server around a whole suite and stops it after.
struct PostgresServerTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let server = try PostgresTestServer.start()
        defer { server.stop() }
        try await PostgresTestServer.$current.withValue(server) { try await function() }
    }
}

extension Trait where Self == PostgresServerTrait {
    static var postgresServer: Self { PostgresServerTrait() }
}
