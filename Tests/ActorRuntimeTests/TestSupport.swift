import ActorRuntime
import ActorRuntimeTesting
import ActorStoreSQLite
import Foundation

/// A host with the test actors registered, started, over the given store.
func makeHost(
    store: any ActorStateStore = MemoryStateStore(),
    clock: any WallClock = SystemWallClock(),
    bus: EventBus? = nil,
    configure: (inout EmbeddedActorHost.Configuration) -> Void = { _ in }
) async throws -> EmbeddedActorHost {
    var configuration = EmbeddedActorHost.Configuration(appID: "test")
    configure(&configuration)
    let host = EmbeddedActorHost(configuration: configuration, store: store, clock: clock, bus: bus)
    host.register(CounterActor.self)
    host.register(RelayActor.self)
    host.register(SleepyActor.self)
    try await host.start()
    return host
}

/// A fresh temporary directory, removed by the caller with `cleanUp`.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("todo-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func uniqueID(_ prefix: String = "a") -> String { "\(prefix)-\(UUID().uuidString.prefix(8))" }
