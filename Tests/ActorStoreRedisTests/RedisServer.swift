#if Redis
import Foundation

/// A real `redis-server` (Debian's) on a free loopback port, for one test; stopped on deinit.
final class RedisServer: @unchecked Sendable {
    // @unchecked: immutable after init except for the process, which is only stopped once.
    let port: Int
    let directory: URL
    private let process = Process()

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = try Self.freePort()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-server")
        process.arguments = ["--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.path, "--daemonize", "no"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<200 {
            if (try? cli(["PING"]))?.trimmingCharacters(in: .whitespacesAndNewlines) == "PONG" { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw RedisServerError(message: "redis-server on port \(port) did not answer PING")
    }

    deinit {
        // SIGKILL without waiting: the server keeps nothing on disk, and Foundation's
        // `waitUntilExit` blocks a cooperative thread — with two cores, two of these in
        // parallel test deinits starve the pool and hang the whole run.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `redis-cli --raw` against this server and returns its output.
    func cli(_ arguments: [String]) throws -> String {
        let cli = Process()
        cli.executableURL = URL(fileURLWithPath: "/usr/bin/redis-cli")
        cli.arguments = ["-p", "\(port)", "--raw"] + arguments
        let pipe = Pipe()
        cli.standardOutput = pipe
        cli.standardError = FileHandle.nullDevice
        try cli.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        cli.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func lines(_ arguments: [String]) throws -> [String] {
        try cli(arguments).split(separator: "\n").map(String.init)
    }

    /// A port nobody listens on right now (bind to 0, read it back, close).
    static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw RedisServerError(message: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct RedisServerError: Error {
    var message: String
}
#endif
