import ActorRuntime
import Foundation
import Testing
@testable import TodoNotify

/// Preference validation: precise 422 messages naming the field.
@Suite struct PreferencesValidationTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    func problem(_ input: PreferencesInput, stored: NotificationPreferences? = nil) -> String? {
        do {
            _ = try input.validated(keeping: stored, now: Self.now)
            return nil
        } catch let problem as ActorProblem {
            #expect(problem.status == 422)
            return problem.detail
        } catch {
            return "\(error)"
        }
    }

    @Test func invalidFieldsAreNamed() {
        #expect(problem(.init(channels: .init(webhook: true)))?.contains("channels.webhook is on but no webhook") == true)
        #expect(problem(.init(channels: .init(email: true)))?.contains("channels.email is on") == true)
        #expect(problem(.init(channels: .init(), webhook: .init(url: "ftp://x", secret: String(repeating: "k", count: 20))))?.contains("webhook.url must be an absolute http") == true)
        #expect(problem(.init(channels: .init(), webhook: .init(url: "https://example.com/h", secret: "short")))?.contains("webhook.secret must be 16 to 512") == true)
        #expect(problem(.init(channels: .init(), webhook: .init(url: "https://example.com/h")))?.contains("webhook.secret is required") == true)
        #expect(problem(.init(channels: .init(), email: .init(address: "not an address")))?.contains("email.address") == true)
        #expect(problem(.init(channels: .init(), email: .init(address: "a@b.c\r\nBcc: x@y.z")))?.contains("email.address") == true)
        #expect(problem(.init(channels: .init(), quietHours: .init(start: "25:00", end: "07:00")))?.contains("quietHours.start must be a 24-hour time") == true)
        #expect(problem(.init(channels: .init(), quietHours: .init(start: "22:00", end: "7:00")))?.contains("quietHours.end") == true)
        #expect(problem(.init(channels: .init(), quietHours: .init(start: "22:00", end: "22:00")))?.contains("two different times") == true)
    }

    @Test func internalWebhookDestinationsAreRefused() {
        for url in ["http://127.0.0.1:3500/v1.0/publish/pubsub/x", "http://localhost/h", "http://[::1]/h", "http://10.1.2.3/h",
                    "http://172.20.0.1/h", "http://192.168.1.1/h", "http://169.254.169.254/latest/meta-data", "http://0.0.0.0/h",
                    "http://[fe80::1]/h", "http://[fd00::1]/h", "http://[::ffff:127.0.0.1]/h", "http://api.localhost/h",
                    // Numeric forms getaddrinfo turns into 127.0.0.1.
                    "http://127.1:3500/h", "http://2130706433/h", "http://0x7f.1/h", "http://017700000001/h"] {
            #expect(WebhookDestination.refusal(for: url) != nil, "\(url)")
        }
        for url in ["https://hooks.example.com/todo", "http://93.184.216.34/h", "http://[2606:4700::1111]/h", "http://172.32.0.1/h",
                    "https://abc123.de/h", "https://cafe.be/h"] {
            #expect(WebhookDestination.refusal(for: url) == nil, "\(url)")
        }
    }

    @Test func aWebhookWithoutSecretKeepsTheStoredOne() throws {
        let stored = try PreferencesInput(channels: .init(webhook: true), webhook: .init(url: "https://a.example/h", secret: "0123456789abcdef")).validated(keeping: nil, now: Self.now)
        let moved = try PreferencesInput(channels: .init(webhook: true), webhook: .init(url: "https://b.example/h")).validated(keeping: stored, now: Self.now)
        #expect(moved.webhook == .init(url: "https://b.example/h", secret: "0123456789abcdef"))
    }

    @Test func quietHoursAcrossMidnightFollowTheZone() throws {
        let quiet = try QuietHours(start: "22:00", end: "07:00")
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        // 2026-11-25T22:30Z = 23:30 CET: inside, ends 2026-11-26T06:00Z.
        #expect(quiet.end(ifInside: Date(timeIntervalSince1970: 1_795_645_800), in: berlin) == Date(timeIntervalSince1970: 1_795_672_800))
        // 2026-11-25T11:00Z = 12:00 CET: outside.
        #expect(quiet.end(ifInside: Date(timeIntervalSince1970: 1_795_604_400), in: berlin) == nil)
        // The same instant is 06:30 in Tokyo (UTC+9... 2026-11-25T21:30Z = 06:30 on the 26th): inside, ends 07:00 JST.
        let tokyo = TimeZone(identifier: "Asia/Tokyo")!
        #expect(quiet.end(ifInside: Date(timeIntervalSince1970: 1_795_642_200), in: tokyo) == Date(timeIntervalSince1970: 1_795_644_000))
        // A window within one day.
        let lunch = try QuietHours(start: "12:00", end: "13:00")
        #expect(lunch.end(ifInside: Date(timeIntervalSince1970: 1_795_604_400), in: berlin) == Date(timeIntervalSince1970: 1_795_608_000))
    }
}
