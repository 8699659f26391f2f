// A child process for crash tests: hosts the test actors on a SQLite file and takes commands
// on standard input, one per line, answering each on standard output once its turn is saved.
// Tests kill it with SIGKILL at chosen moments and start it again on the same file.
//
//   inc ID               -> "ok N"      (increments CounterActor ID)
//   get ID               -> "value N"
//   remind ID NAME SECS  -> "ok"        (one-shot reminder SECS seconds from now)
//   fired ID NAME        -> "fired N"   (times reminder NAME fired, as saved state)
//   pub ID               -> "ok N"      (increments and publishes to topic "t" in one turn)
//
// Events delivered on topic "t" are appended to EVENTS_LOG (one "id count" line each); with
// PROBE_STALL_SUBSCRIBER=1 the subscriber never finishes, so events stay in the outbox.
import ActorRuntime
import ActorRuntimeTesting
import ActorStoreSQLite
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: ActorProbe DB_PATH\n".utf8))
    exit(2)
}
let environment = ProcessInfo.processInfo.environment
let stall = environment["PROBE_STALL_SUBSCRIBER"] == "1"
let eventsLog = environment["EVENTS_LOG"]

let bus = EventBus()
bus.subscribe(Subscription(topic: "t", consumer: "probe") { event in
    if stall {
        try await Task.sleep(for: .seconds(3600))
    }
    if let eventsLog {
        let data = try event.decodeData([String: String].self)
        let line = "\(event.id) \(data["count"] ?? "?")\n"
        let handle = FileHandle(forWritingAtPath: eventsLog) ?? {
            _ = FileManager.default.createFile(atPath: eventsLog, contents: nil)
            return FileHandle(forWritingAtPath: eventsLog)!
        }()
        handle.seekToEndOfFile()
        handle.write(Data(line.utf8))
        try handle.synchronize()
        try handle.close()
    }
    return .success
})

let host = EmbeddedActorHost(configuration: .init(appID: "probe"), store: try SQLiteActorStateStore(path: arguments[1]), bus: bus)
host.register(CounterActor.self)
try await host.start()

// Standard input is read on its own thread so that blocking reads never hold a
// cooperative-pool thread the host needs.
let lines = AsyncStream<String> { continuation in
    Thread.detachNewThread {
        while let line = readLine() { continuation.yield(line) }
        continuation.finish()
    }
}

func reply(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

for await line in lines {
    let words = line.split(separator: " ").map(String.init)
    guard let command = words.first else { continue }
    do {
        switch command {
        case "inc":
            reply("ok \(try await host.proxy(CounterActor.self, words[1]).increment(1))")
        case "get":
            reply("value \(try await host.proxy(CounterActor.self, words[1]).get())")
        case "remind":
            let due = Date().addingTimeInterval(Double(words[3])!)
            _ = try await host.proxy(CounterActor.self, words[1]).scheduleReminder(.init(name: words[2], dueTime: due))
            reply("ok")
        case "fired":
            reply("fired \(try await host.proxy(CounterActor.self, words[1]).firedCount(words[2]))")
        case "pub":
            reply("ok \(try await host.proxy(CounterActor.self, words[1]).publishCount("t"))")
        default:
            reply("error unknown command \(command)")
        }
    } catch {
        reply("error \(error)")
    }
}
await host.shutdown()
