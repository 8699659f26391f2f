import ActorRuntime
import ActorRuntimeTesting
import Foundation
import Synchronization
import Testing

/// An actor whose turn does everything a task change does: a state change, a publication, a
/// reminder and a call to another actor after the commit.
struct LedgerActor: VirtualActor {
    static let actorType = "LedgerActor"
    static let entries = StateKey<[String]>("entries")
    let context: ActorContext

    static let methods = ActorMethodTable<LedgerActor>(record, list)
    static let record = ActorMethod("record", LedgerActor.record(_:))
    static let list = ActorMethod("list", LedgerActor.list)

    func record(_ entry: String) async throws -> Int {
        let entries = try await context.state.get(Self.entries, default: []) + [entry]
        context.state.set(Self.entries, entries)
        try context.publish(["entry": entry], topic: "ledger", partitionKey: context.id)
        context.registerReminder("follow-up/\(entry)", dueTime: context.now.addingTimeInterval(60))
        try context.callAfterCommit(MirrorActor.mirror, on: context.id, entry)
        return entries.count
    }

    func list() async throws -> [String] { try await context.state.get(Self.entries, default: []) }
}

/// Where a ledger projects its entries (as a task projects into its owner's index).
struct MirrorActor: VirtualActor {
    static let actorType = "MirrorActor"
    static let mirrored = StateKey<[String]>("mirrored")
    let context: ActorContext

    static let methods = ActorMethodTable<MirrorActor>(mirror, list)
    static let mirror = ActorMethod("mirror", MirrorActor.mirror(_:))
    static let list = ActorMethod("list", MirrorActor.list)

    func mirror(_ entry: String) async throws -> NoValue {
        var mirrored = try await context.state.get(Self.mirrored, default: [])
        if !mirrored.contains(entry) { mirrored.append(entry) }
        context.state.set(Self.mirrored, mirrored)
        return NoValue()
    }

    func list() async throws -> [String] { try await context.state.get(Self.mirrored, default: []) }
}

/// A sidecar whose components can fail: publish (the broker), state saves (the store),
/// reminders (the Scheduler), or everything but the state save (a process that dies right
/// after it). Invocations go to whichever host is attached (a restarted process attaches anew).
final class FlakySidecar: ActorSidecar {
    typealias Failing = SidecarFailures
    typealias Unavailable = SidecarUnavailable

    let failing = Mutex(Failing())
    let stored = Mutex(SidecarMemory())
    let publishAttempts = Mutex(0)
    private let host = Mutex<SidecarActorHost?>(nil)

    func attach(_ host: SidecarActorHost) { self.host.withLock { $0 = host } }

    func invokeActor(_ actor: ActorAddress, method: String, body: Data, chainID: String?) async throws -> Data {
        if failing.withLock({ $0.invoke }) { throw Unavailable(what: "actor invocation") }
        guard let host = host.withLock({ $0 }) else { throw Unavailable(what: "app") }
        return try await host.handleMethod(actor, method: method, body: body, chainID: chainID)
    }

    func loadActorState(_ actor: ActorAddress, key: String) async throws -> Data? {
        stored.withLock { $0.value(actor, key: key) }
    }

    func saveActorState(_ actor: ActorAddress, _ changes: [SidecarStateChange]) async throws {
        if failing.withLock({ $0.save }) { throw Unavailable(what: "state store") }
        stored.withLock { $0.apply(changes, of: actor) }
    }

    func registerReminder(_ reminder: ReminderRecord) async throws {
        // The drain reminder is armed before the save, so a "dies after the save" sidecar
        // still takes it.
        if failing.withLock({ $0.reminders }), reminder.name != SidecarOutbox.drainReminder { throw Unavailable(what: "scheduler") }
        stored.withLock { $0.setReminder(reminder) }
    }

    func reminder(_ actor: ActorAddress, named name: String) async throws -> ReminderRecord? {
        stored.withLock { $0.reminder(actor, named: name) }
    }

    func unregisterReminder(_ actor: ActorAddress, named name: String) async throws {
        if failing.withLock({ $0.reminders }), name != SidecarOutbox.drainReminder { throw Unavailable(what: "scheduler") }
        stored.withLock { $0.removeReminder(actor, named: name) }
    }

    func registerTimer(_ actor: ActorAddress, _ timer: TimerSpec) async throws {}
    func unregisterTimer(_ actor: ActorAddress, named name: String) async throws {}

    func publish(_ message: OutboxMessage, pubsubName: String) async throws {
        let fails = failing.withLock { $0.publish }
        publishAttempts.withLock { $0 += 1 }
        if fails { throw Unavailable(what: "broker") }
        stored.withLock { $0.published.append(message) }
    }

    var published: [OutboxMessage] { stored.withLock { $0.published } }
    func reminderNames(of actor: ActorAddress) -> [String] {
        stored.withLock { $0.reminders.values.filter { $0.actor == actor }.map(\.name).sorted() }
    }
    func state(_ actor: ActorAddress, _ key: String) -> Data? { stored.withLock { $0.value(actor, key: key) } }
    func outbox(of actor: ActorAddress) throws -> SidecarOutbox? {
        try state(actor, SidecarOutbox.stateKey).map { try StateCoding.decoder.decode(SidecarOutbox.self, from: $0) }
    }
}

@Suite struct SidecarOutboxTests {
    let ledger = ActorAddress(type: LedgerActor.actorType, id: "l1")
    let mirror = ActorAddress(type: MirrorActor.actorType, id: "l1")

    func makeHost(_ sidecar: FlakySidecar) -> SidecarActorHost {
        let host = SidecarActorHost(configuration: .init(appID: "ledger-service", crashAfterStateSave: nil), sidecar: sidecar)
        host.register(LedgerActor.self)
        host.register(MirrorActor.self)
        sidecar.attach(host)
        return host
    }

    func record(_ host: SidecarActorHost, _ entry: String) async throws -> Int {
        let reply = try await host.handleMethod(ledger, method: "record", body: JSONEncoder().encode(entry), chainID: nil)
        return try JSONDecoder().decode(Int.self, from: reply)
    }

    func mirrored(_ sidecar: FlakySidecar) throws -> [String] {
        try sidecar.state(mirror, "mirrored").map { try JSONDecoder().decode([String].self, from: $0) } ?? []
    }

    func published(_ sidecar: FlakySidecar) -> [String] {
        sidecar.published.compactMap { message in
            if case .object(let fields) = message.event.data, case .string(let entry) = fields["entry"] { return entry }
            return nil
        }
    }

    @Test func aDrainKeepsOrderPerLaneAndOneStoppedLaneDoesNotHoldUpTheOthers() async throws {
        func event(_ id: String) -> SidecarOutbox.Effect {
            .publish(OutboxMessage(event: CloudEvent(id: id, source: "s", topic: "t", pubsubName: "p", data: .null, time: Date(timeIntervalSince1970: 1_800_000_000)), partitionKey: nil))
        }
        let call = SidecarOutbox.Effect.call(ActorCall(actor: mirror, method: "mirror", payload: Data("\"a\"".utf8)))
        let reminder = SidecarOutbox.Effect.reminder(.delete(actor: ledger, name: "r"))
        var outbox = SidecarOutbox(effects: [event("e1"), call, event("e2"), reminder, event("e3")])
        var sent: [SidecarOutbox.Effect] = []
        let failures = await outbox.drain { effect in
            if effect == event("e2") { throw FlakySidecar.Unavailable(what: "broker") }
            sent.append(effect)
        }
        #expect(failures.count == 1)
        #expect(sent == [event("e1"), call, reminder], "e3 waits behind e2; the call and the reminder go on")
        #expect(outbox.effects == [event("e2"), event("e3")])
        #expect(outbox.failedDrains == 1)
        // The outbox survives its encoding (it lives in actor state as JSON).
        #expect(try JSONDecoder().decode(SidecarOutbox.self, from: JSONEncoder().encode(outbox)) == outbox)
        let retried = await outbox.drain { sent.append($0) }
        #expect(retried.isEmpty && outbox.isEmpty && outbox.failedDrains == 0)
        #expect(sent.suffix(2) == [event("e2"), event("e3")])
    }

    @Test func aBrokerOutageKeepsThePublicationsInTheOutboxUntilTheDrainReminderSendsThemOnce() async throws {
        let sidecar = FlakySidecar()
        let host = makeHost(sidecar)
        sidecar.failing.withLock { $0.publish = true }
        // Acknowledged although the broker is down; the projection and the reminder are not held up.
        #expect(try await record(host, "a") == 1)
        #expect(try await record(host, "b") == 2)
        #expect(published(sidecar).isEmpty)
        #expect(try mirrored(sidecar) == ["a", "b"])
        #expect(sidecar.reminderNames(of: ledger) == [SidecarOutbox.drainReminder, "follow-up/a", "follow-up/b"])
        let kept = try #require(try sidecar.outbox(of: ledger))
        let ids = kept.effects.compactMap { effect -> String? in
            if case .publish(let message) = effect { return message.event.id }
            return nil
        }
        #expect(ids.count == 2 && kept.effects.count == 2, "only the publications are left, in order")

        // The broker is back: the drain reminder sends them, in order, with their ids, once.
        sidecar.failing.withLock { $0.publish = false }
        try await host.handleReminder(ledger, name: SidecarOutbox.drainReminder, data: Data())
        #expect(published(sidecar) == ["a", "b"])
        #expect(sidecar.published.map(\.event.id) == ids)
        #expect(sidecar.state(ledger, SidecarOutbox.stateKey) == nil, "a drained outbox is deleted")
        #expect(!sidecar.reminderNames(of: ledger).contains(SidecarOutbox.drainReminder))
        // A late duplicate of the drain reminder sends nothing again.
        try await host.handleReminder(ledger, name: SidecarOutbox.drainReminder, data: Data())
        #expect(published(sidecar) == ["a", "b"])
    }

    @Test func effectsSavedByAProcessThatDiedAreSentByTheNextOneOnce() async throws {
        let sidecar = FlakySidecar()
        let first = makeHost(sidecar)
        // As if the process died right after the state save: nothing else left it.
        sidecar.failing.withLock { $0 = .init(publish: true, reminders: true, invoke: true) }
        _ = try await record(first, "a")
        #expect(try published(sidecar).isEmpty && mirrored(sidecar).isEmpty)
        #expect(sidecar.reminderNames(of: ledger) == [SidecarOutbox.drainReminder], "only the drain reminder, armed before the save")
        #expect(try sidecar.outbox(of: ledger)?.effects.count == 3)

        // A new process (or another replica) gets the drain reminder.
        sidecar.failing.withLock { $0 = .init() }
        let second = makeHost(sidecar)
        try await second.handleReminder(ledger, name: SidecarOutbox.drainReminder, data: Data())
        #expect(published(sidecar) == ["a"])
        #expect(try mirrored(sidecar) == ["a"])
        #expect(sidecar.reminderNames(of: ledger) == ["follow-up/a"], "the reminder is registered and the drain reminder gone")
        #expect(sidecar.state(ledger, SidecarOutbox.stateKey) == nil)
        // The next change goes out normally, after what the first process left.
        _ = try await record(second, "b")
        #expect(published(sidecar) == ["a", "b"])
        #expect(try mirrored(sidecar) == ["a", "b"])
    }

    @Test func aChangeThatCannotBeSavedLeavesNothingBehind() async throws {
        let sidecar = FlakySidecar()
        let host = makeHost(sidecar)
        sidecar.failing.withLock { $0.save = true }
        await #expect(throws: FlakySidecar.Unavailable.self) { _ = try await record(host, "lost") }
        #expect(published(sidecar).isEmpty)
        #expect(try mirrored(sidecar).isEmpty, "no projection of a change that was not saved")
        #expect(sidecar.state(ledger, "entries") == nil && sidecar.state(ledger, SidecarOutbox.stateKey) == nil)
        #expect(!sidecar.reminderNames(of: ledger).contains("follow-up/lost"))
        // The drain reminder armed for it finds nothing to send.
        sidecar.failing.withLock { $0.save = false }
        try await host.handleReminder(ledger, name: SidecarOutbox.drainReminder, data: Data())
        #expect(try published(sidecar).isEmpty && mirrored(sidecar).isEmpty)
        #expect(try JSONDecoder().decode([String].self, from: try await host.handleMethod(ledger, method: "list", body: Data(), chainID: nil)) == [])
    }

    @Test func aFullOutboxRefusesChangesWith503() async throws {
        let sidecar = FlakySidecar()
        let host = SidecarActorHost(configuration: .init(appID: "ledger-service", outboxLimit: 6, crashAfterStateSave: nil), sidecar: sidecar)
        host.register(LedgerActor.self)
        host.register(MirrorActor.self)
        sidecar.attach(host)
        sidecar.failing.withLock { $0.publish = true }
        for entry in ["a", "b", "c", "d"] { _ = try await record(host, entry) }
        let problem = await #expect(throws: ActorProblem.self) { _ = try await record(host, "e") }
        #expect(problem?.status == 503)
        #expect(try sidecar.outbox(of: ledger)?.effects.count == 4, "the four publications, nothing of the refused change")
    }
}

/// After-commit calls on the embedded host: made before the turn returns, saved with it, and
/// made at the next start when the process stopped before.
@Suite struct EmbeddedAfterCommitTests {
    @Test func theCallIsMadeBeforeTheTurnReturns() async throws {
        let host = EmbeddedActorHost(store: MemoryStateStore())
        host.register(LedgerActor.self)
        host.register(MirrorActor.self)
        try await host.start()
        _ = try await host.proxy(LedgerActor.self, "l1").call(LedgerActor.record, "a")
        #expect(try await host.proxy(MirrorActor.self, "l1").call(MirrorActor.list) == ["a"])
        await host.shutdown()
    }

    @Test func aCallNotMadeBeforeAStopIsMadeAtTheNextStart() async throws {
        let store = MemoryStateStore()
        let first = EmbeddedActorHost(configuration: .init(reminderRetry: RetryPolicy(maxAttempts: 1, initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(10))), store: store)
        first.register(LedgerActor.self)  // the mirror is not hosted: its call fails
        try await first.start()
        #expect(try await first.proxy(LedgerActor.self, "l1").call(LedgerActor.record, "a") == 1, "the change itself is saved and acknowledged")
        await first.shutdown()
        #expect(try await store.loadOutbox().contains { $0.event.topic == "$after-commit" })

        let second = EmbeddedActorHost(store: store)
        second.register(LedgerActor.self)
        second.register(MirrorActor.self)
        try await second.start()
        #expect(await eventually { (try? await second.proxy(MirrorActor.self, "l1").call(MirrorActor.list)) == ["a"] })
        #expect(await eventually { (try? await store.loadOutbox().contains { $0.event.topic == "$after-commit" }) == false })
        await second.shutdown()
    }
}
