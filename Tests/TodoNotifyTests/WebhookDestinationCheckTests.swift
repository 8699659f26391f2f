import ActorRuntime
import ActorRuntimeTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing
@testable import TodoNotify

/// The webhook destination checks of issue #20: what registration refuses, and that the
/// address a delivery connects to is checked again at delivery time — with real HTTP
/// receivers on loopback. Names get their answers from a resolver seam (`WebhookResolver`,
/// as a hosts file would give them), so a name can pass registration with a public answer and
/// resolve to loopback when the reminder fires.
@Suite struct WebhookDestinationCheckTests {
    static let secret = "whsec-destination-check-secret"

    /// A resolver whose answers a test changes between registration and delivery.
    final class SwitchableResolver: Sendable {
        private let answers = Mutex<[String: [String]]>([:])
        let lookups = Recorder<String>()

        func answer(_ host: String, with addresses: [String]) {
            answers.withLock { $0[host] = addresses }
        }

        var resolver: WebhookResolver {
            WebhookResolver { host, port in
                self.lookups.append(host)
                return self.answers.withLock { $0[host] ?? [] }.compactMap { try? SocketAddress(ipAddress: $0, port: port) }
            }
        }
    }

    @Test func registrationRefusesEveryLoopbackAndInternalSpelling() async {
        let urls = [
            // Names from the hosts file and single labels the search domains complete.
            "http://ip6-localhost/h", "http://ip6-loopback:8080/h", "http://runsc/h", "http://redis:6379/h", "http://LOCALHOST./h",
            // Unspecified, IPv4-mapped, IPv4-compatible and NAT64 forms of loopback.
            "http://0.0.0.0/h", "http://[::]/h", "http://[::ffff:127.0.0.1]/h", "http://[::ffff:7f00:1]/h", "http://[0:0:0:0:0:0:0:1]/h",
            "http://[::127.0.0.1]/h", "http://[64:ff9b::7f00:1]/h", "http://[64:ff9b::a9fe:a9fe]/latest/meta-data", "http://[ff02::1]/h",
            // Numeric forms getaddrinfo reads as 127.0.0.1.
            "http://2130706433/h", "http://0x7f.1/h", "http://0x7f000001/h", "http://0177.0.0.1/h", "http://127.0.0.1./h",
        ]
        for url in urls {
            #expect(await WebhookDestination.refusalAfterResolving(url, resolver: SwitchableResolver().resolver) != nil, "\(url)")
        }
        // A public-looking name is refused when any of its addresses is internal.
        let names = SwitchableResolver()
        names.answer("hooks.example.com", with: ["93.184.216.34", "10.0.0.7"])
        names.answer("v6.example.com", with: ["fd12:3456::1"])
        names.answer("public.example.com", with: ["93.184.216.34", "2606:4700::1111"])
        let mixed = await WebhookDestination.refusalAfterResolving("https://hooks.example.com/h", resolver: names.resolver)
        #expect(mixed?.contains("resolves to an internal address (10.0.0.7)") == true, "\(mixed ?? "accepted")")
        #expect(await WebhookDestination.refusalAfterResolving("https://v6.example.com/h", resolver: names.resolver) != nil)
        #expect(await WebhookDestination.refusalAfterResolving("https://public.example.com/h", resolver: names.resolver) == nil)
    }

    @Test func aNameThatResolvesToLoopbackAtDeliveryIsRefusedThere() async throws {
        let names = SwitchableResolver()
        let world = try await NotifyWorld.make(clock: SystemWallClock(), retry: RetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(50), maxBackoff: .milliseconds(50)),
                                               allowPrivateWebhooks: false, webhookResolver: names.resolver)
        defer { Task { await world.close() } }
        let receiver = WebhookReceiver(failures: 0)
        try await receiver.run { loopbackURL in
            let port = try #require(URLComponents(string: loopbackURL)?.port)
            let url = "http://hooks.example.com:\(port)/hook"
            // Registration: the name answers with a public address and passes.
            names.answer("hooks.example.com", with: ["93.184.216.34"])
            #expect(await WebhookDestination.refusalAfterResolving(url, resolver: names.resolver) == nil)
            _ = try await world.actor.setPreferences(PreferencesInput(channels: .init(inApp: false, webhook: true), webhook: .init(url: url, secret: Self.secret)))
            // Delivery: the same name now answers loopback, where a receiver really listens.
            names.answer("hooks.example.com", with: ["127.0.0.1"])
            try await world.publish(world.reminder(at: Date()))
            #expect(try await eventually { try await world.log().first?.status == .dead })
            let record = try #require(try await world.log().first)
            #expect(record.attempts == 2)
            #expect(record.lastError?.contains("resolves to an internal address (127.0.0.1)") == true, "\(record.lastError ?? "no error")")
            #expect(receiver.hits.all.isEmpty, "the loopback receiver was called")
            #expect(names.lookups.all.filter { $0 == "hooks.example.com" }.count >= 3, "every attempt resolves again")
        }
    }

    @Test func withPrivateWebhooksAllowedTheSameNameIsDeliveredToTheAddressItResolvesTo() async throws {
        let names = SwitchableResolver()
        let world = try await NotifyWorld.make(clock: SystemWallClock(), retry: RetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(50), maxBackoff: .milliseconds(50)),
                                               allowPrivateWebhooks: true, webhookResolver: names.resolver)
        defer { Task { await world.close() } }
        let receiver = WebhookReceiver(failures: 0)
        try await receiver.run { loopbackURL in
            let port = try #require(URLComponents(string: loopbackURL)?.port)
            names.answer("hooks.example.com", with: ["127.0.0.1"])
            _ = try await world.actor.setPreferences(PreferencesInput(channels: .init(inApp: false, webhook: true), webhook: .init(url: "http://hooks.example.com:\(port)/hook", secret: Self.secret)))
            try await world.publish(world.reminder(at: Date()))
            #expect(try await eventually { try await world.log().first?.status == .delivered })
            // Pinned to the resolved address: the name never went to the system resolver.
            #expect(receiver.hits.all.count == 1)
        }
    }

    /// Redirects are never followed, so no hop after the first can reach inside the
    /// deployment. The first hop has to be loopback here (where the receiver runs), so private
    /// webhooks are allowed; even so the second hop, to another loopback receiver, is not taken.
    @Test func aRedirectToLoopbackIsNeverFollowedEvenWithPrivateWebhooksAllowed() async throws {
        let names = SwitchableResolver()
        let world = try await NotifyWorld.make(clock: SystemWallClock(), retry: RetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(50), maxBackoff: .milliseconds(50)),
                                               allowPrivateWebhooks: true, webhookResolver: names.resolver)
        defer { Task { await world.close() } }
        // The internal service the redirect points at: a real receiver on loopback.
        let insideReceiver = WebhookReceiver(failures: 0)
        try await insideReceiver.run { internalURL in
            let redirects = Recorder<String>()
            let router = Router()
            router.post("hook") { _, _ -> Response in
                redirects.append("hook")
                return Response(status: .temporaryRedirect, headers: [.location: internalURL])
            }
            try await Application(router: router).test(.live) { client in
                names.answer("hooks.example.com", with: ["127.0.0.1"])
                let url = "http://hooks.example.com:\(client.port!)/hook"
                _ = try await world.actor.setPreferences(PreferencesInput(channels: .init(inApp: false, webhook: true), webhook: .init(url: url, secret: Self.secret)))
                try await world.publish(world.reminder(at: Date()))
                #expect(try await eventually { try await world.log().first?.status == .dead })
                let record = try #require(try await world.log().first)
                #expect(redirects.all.count == 2)
                #expect(record.lastError?.contains("answered 307") == true && record.lastError?.contains("redirects are not followed") == true, "\(record.lastError ?? "no error")")
                #expect(insideReceiver.hits.all.isEmpty, "the redirect to loopback was followed")
            }
        }
    }
}
