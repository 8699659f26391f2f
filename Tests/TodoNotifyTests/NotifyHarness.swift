import ActorRuntime
import ActorRuntimeTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import TodoActors
import TodoEvents
import TodoNotify

/// One embedded host with the tasks-service actors (for UserActor's time zone) and the
/// notification-service (its actor and both subscriptions) on the host's bus, plus a
/// recorder of what reaches `task-updates`.
struct NotifyWorld {
    let clock: any WallClock
    let host: EmbeddedActorHost
    let service: NotificationService
    let inApp: Recorder<ReminderNotification>
    let userID: String

    static func make(clock: any WallClock, zone: String = "Europe/Berlin", retry: RetryPolicy, store: any ActorStateStore = MemoryStateStore(), userID: String = "u-\(UUID().uuidString.prefix(8).lowercased())",
                     allowPrivateWebhooks: Bool = true, webhookResolver: WebhookResolver = .system) async throws -> NotifyWorld {
        let bus = EventBus(retry: RetryPolicy(maxAttempts: 20, initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(200)))
        let host = EmbeddedActorHost(configuration: .init(appID: "notify-test"), store: store, clock: clock, bus: bus)
        TasksServiceActors.register(on: host)
        NotificationService.registerActors(on: host)
        let service = try NotificationService(configuration: NotificationConfiguration(retry: retry, allowPrivateWebhooks: allowPrivateWebhooks, webhookResolver: webhookResolver), actors: host)
        for subscription in service.subscriptions() { bus.subscribe(subscription) }
        let inApp = Recorder<ReminderNotification>()
        bus.subscribe(Subscription(topic: Topics.taskUpdates, consumer: "test") { event in
            if case .object(let fields) = event.data, fields["type"] == .string("reminder") {
                inApp.append(try event.decodeData(ReminderNotification.self))
            }
            return .success
        })
        try await host.start()
        let world = NotifyWorld(clock: clock, host: host, service: service, inApp: inApp, userID: userID)
        _ = try await host.proxy(UserActor.self, world.userID).register(UserProfile(id: world.userID, email: "\(world.userID)@example.com", timeZone: zone, createdAt: clock.now()))
        return world
    }

    var actor: ActorProxy<NotificationActor> { host.proxy(NotificationActor.self, userID) }

    func reminder(task: String = "t-1", reminderID: String = "r-1", at remindAt: Date, title: String = "Call the dentist") -> ReminderEvent {
        ReminderEvent(taskId: task, userId: userID, title: title, dueAt: remindAt.addingTimeInterval(900), remindAt: remindAt, reminderId: reminderID)
    }

    /// As TaskActor does: through the outbox onto `reminders`.
    func publish(_ event: ReminderEvent) async throws {
        try await host.publish(event, topic: Topics.reminders, partitionKey: userID)
    }

    func log() async throws -> [DeliveryRecord] {
        try await actor.deliveries(.init(limit: 500))
    }

    func close() async {
        await host.shutdown()
        try? await service.shutdown()
    }
}

final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}

/// A real HTTP receiver on loopback that answers 503 to the first `failures` POSTs (or to
/// all of them) and records every request as received.
final class WebhookReceiver: Sendable {
    struct Hit: Sendable {
        var deliveryID: String
        var attempt: String
        var timestamp: String
        var signature: String
        var body: Data
    }

    let failures: Int
    let hits = Recorder<Hit>()

    init(failures: Int) {
        self.failures = failures
    }

    /// Runs `body` with the receiver listening; its URL is passed in.
    func run(_ body: @Sendable @escaping (String) async throws -> Void) async throws {
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            func header(_ name: String) -> String { request.headers[HTTPField.Name(name)!] ?? "" }
            self.hits.append(Hit(
                deliveryID: header(WebhookSignature.deliveryHeader), attempt: header(WebhookSignature.attemptHeader),
                timestamp: header(WebhookSignature.timestampHeader), signature: header(WebhookSignature.signatureHeader),
                body: Data(bytes.readableBytesView)
            ))
            return Response(status: self.hits.all.count <= self.failures ? .serviceUnavailable : .noContent)
        }
        try await Application(router: router).test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)/hook")
        }
    }
}

/// A TCP listener that never accepts: connections complete in the kernel's backlog and then
/// hear nothing, as from a receiver that hangs.
final class SilentListener: Sendable {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }
}
