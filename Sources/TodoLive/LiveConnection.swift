import DequeModule
import NIOCore
import Synchronization

/// One open socket's outbound side: a bounded queue the hub fills and the socket's writer
/// drains. The queue is the only buffer between the bus and the network, so a client that
/// stops reading can hold at most `limit` messages before it is dropped.
final class LiveConnection: Sendable {
    enum Item: Equatable {
        case text(ByteBuffer)
        case close(code: UInt16, reason: String)
    }

    enum PushResult {
        case queued
        /// The queue was full: it is cleared and a slow-consumer close is queued instead.
        case overflowed
        /// Already closing; nothing queued.
        case closed
    }

    private struct State {
        var queue: Deque<ByteBuffer> = []
        var close: Item?
        var waiter: CheckedContinuation<Item?, Never>?
        var finished = false
    }

    let id: UInt64
    let limit: Int
    /// The socket's channel, cut if a close does not finish within the grace period.
    private let channel: (any Channel)?
    private let closeGrace: Duration
    private let state = Mutex(State())

    init(id: UInt64, limit: Int, channel: (any Channel)?, closeGrace: Duration) {
        self.id = id
        self.limit = limit
        self.channel = channel
        self.closeGrace = closeGrace
    }

    /// Queues a message. `bypassLimit` is for the replay at resume, which the buffer size
    /// bounds already.
    func push(_ text: ByteBuffer, bypassLimit: Bool = false) -> PushResult {
        let (result, waiter) = state.withLock { state -> (PushResult, CheckedContinuation<Item?, Never>?) in
            guard state.close == nil, !state.finished else { return (.closed, nil) }
            if let waiter = state.waiter {
                state.waiter = nil
                return (.queued, waiter)
            }
            if !bypassLimit, state.queue.count >= limit {
                state.queue.removeAll()
                state.close = .close(code: LiveCloseCode.slowConsumer, reason: "too slow: more than \(limit) messages waiting; reconnect with ?after=<last id>")
                return (.overflowed, nil)
            }
            state.queue.append(text)
            return (.queued, nil)
        }
        // A waiting writer has an empty queue: hand the message over directly.
        waiter?.resume(returning: .text(text))
        if case .overflowed = result { cutAfterGrace() }
        return result
    }

    /// Queues a close after the messages already queued (auth failures, shutdown).
    func close(code: UInt16, reason: String) {
        let waiter = state.withLock { state -> CheckedContinuation<Item?, Never>? in
            guard state.close == nil, !state.finished else { return nil }
            state.close = .close(code: code, reason: reason)
            // A waiting writer has nothing queued: it takes the close now.
            guard let waiter = state.waiter else { return nil }
            state.waiter = nil
            state.finished = true
            return waiter
        }
        waiter?.resume(returning: .close(code: code, reason: reason))
        cutAfterGrace()
    }

    var isClosing: Bool { state.withLock { $0.close != nil || $0.finished } }

    /// The next thing to write; nil once finished (cancelled, or the close was taken).
    func next() async -> Item? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Item?, Never>) in
                let immediate: Item?? = state.withLock { state in
                    if state.finished { return .some(nil) }
                    if let text = state.queue.popFirst() { return .some(.text(text)) }
                    if let close = state.close {
                        state.finished = true
                        return .some(close)
                    }
                    if Task.isCancelled {
                        state.finished = true
                        return .some(nil)
                    }
                    state.waiter = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            finish()
        }
    }

    /// Stops the queue: the writer's `next()` returns nil and later pushes are refused.
    func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<Item?, Never>? in
            state.finished = true
            state.queue.removeAll()
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// A client that does not read cannot receive the close frame either: cut the
    /// connection when the close handshake has not finished in time.
    private func cutAfterGrace() {
        guard let channel else { return }
        let grace = closeGrace
        Task {
            try? await Task.sleep(for: grace)
            channel.close(promise: nil)
        }
    }
}
