import ActorRuntime
import Foundation
import Synchronization
import TodoEvents

/// `todo serve --event-log <file>`: every event on every topic, appended as one CloudEvent
/// per line (JSON Lines) as the in-process bus delivers it — to watch what the services see,
/// and for the tests that check published events against the JSON Schemas.
final class EventLog: Sendable {
    private let handle: Mutex<FileHandle>

    init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw GatewaySetupError("cannot create the event log \(path)")
            }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        self.handle = Mutex(handle)
    }

    func subscriptions() -> [Subscription] {
        [Topics.taskEvents, Topics.taskUpdates, Topics.reminders].map { topic in
            Subscription(topic: topic, consumer: "event-log") { event in
                try self.append(event)
                return .success
            }
        }
    }

    private func append(_ event: CloudEvent) throws {
        var line = try Self.encoder.encode(event)
        line.append(UInt8(ascii: "\n"))
        try handle.withLock { try $0.write(contentsOf: line) }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
