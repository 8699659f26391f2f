import ActorRuntimeTesting
import Foundation
import Testing

/// Kills a child process (`ActorProbe`) with SIGKILL at chosen moments and checks that what it
/// acknowledged is still there when it starts again on the same SQLite file.
@Suite(.serialized) struct CrashTests {
    @Test func acknowledgedTurnsSurviveKill9() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("state.sqlite").path

        let first = try Probe(database: database)
        // Pipeline many increments, then kill as soon as a random number of them are acknowledged.
        let acknowledgedBeforeKill = Int.random(in: 50...250)
        first.send(Array(repeating: "inc c", count: 400))
        var lastAcknowledged = 0
        for _ in 0..<acknowledgedBeforeKill {
            let reply = try await first.nextLine()
            lastAcknowledged = try #require(Int(reply.dropFirst(3)))
        }
        first.kill()
        #expect(lastAcknowledged == acknowledgedBeforeKill)

        let second = try Probe(database: database)
        second.send(["get c"])
        let value = try #require(Int(try await second.nextLine().dropFirst(6)))
        #expect(value >= lastAcknowledged, "acknowledged \(lastAcknowledged), found \(value) after kill -9")
        #expect(value <= 400)
        second.kill()
    }

    @Test func aReminderRegisteredBeforeACrashFiresExactlyOnceAfterRestart() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("state.sqlite").path

        let first = try Probe(database: database)
        first.send(["remind r wake 1.0"])
        #expect(try await first.nextLine() == "ok")
        first.kill()

        let second = try Probe(database: database)
        var fired = 0
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while fired == 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            second.send(["fired r wake"])
            fired = try #require(Int(try await second.nextLine().dropFirst(6)))
        }
        #expect(fired == 1)
        second.kill()

        // Once more after another crash: it does not fire again.
        let third = try Probe(database: database)
        try await Task.sleep(for: .milliseconds(500))
        third.send(["fired r wake"])
        #expect(try await third.nextLine() == "fired 1")
        third.kill()
    }

    @Test func eventsSavedBeforeACrashAreDeliveredAfterRestart() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("state.sqlite").path
        let log = directory.appendingPathComponent("events.log").path

        // The first process saves five publishing turns but never delivers them.
        let first = try Probe(database: database, environment: ["PROBE_STALL_SUBSCRIBER": "1", "EVENTS_LOG": log])
        first.send(Array(repeating: "pub p", count: 5))
        for expected in 1...5 { #expect(try await first.nextLine() == "ok \(expected)") }
        first.kill()
        #expect(!FileManager.default.fileExists(atPath: log))

        let second = try Probe(database: database, environment: ["EVENTS_LOG": log])
        let delivered = await eventually(timeout: .seconds(10)) {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").count >= 5
        }
        #expect(delivered)
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.map { $0.split(separator: " ")[1] }.sorted() == ["1", "2", "3", "4", "5"])
        #expect(Set(lines.map { $0.split(separator: " ")[0] }).count == 5)
        second.kill()
    }
}

/// The crash-test child process, with line-based I/O.
final class Probe: @unchecked Sendable {
    // @unchecked: each test drives its probe from one task at a time.
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer = Data()

    init(database: String, environment: [String: String] = [:]) throws {
        process.executableURL = Self.executable
        process.arguments = [database]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = input
        process.standardOutput = output
        try process.run()
    }

    /// The probe is built next to the test bundle.
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("ActorProbe").path), directory.path != "/" {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("ActorProbe")
    }

    func send(_ lines: [String]) {
        input.fileHandleForWriting.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    /// The next line, read on a thread of its own: blocking reads must not hold one of the
    /// few cooperative threads the code under test runs on.
    func nextLine() async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try self.readLine() })
            }
        }
    }

    func readLine() throws -> String {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw ProbeError.exited(process.isRunning ? -1 : process.terminationStatus) }
            buffer.append(chunk)
        }
    }

    func kill() {
        if process.isRunning {
            Foundation.kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    enum ProbeError: Error { case exited(Int32) }
}
