import Foundation
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Requests the HTTP decoder itself refuses — a request line or header block over its 80 KiB
/// limit, more than 1,000 header fields, bytes that are not HTTP/1.1 — never reach
/// `RequestHeadGuard` (which sees decoded heads) and, with the WebSocket upgrade handler in the
/// pipeline, got no answer at all: the connection was held until the client gave up. `Guarded`
/// puts two small handlers around the decoder of every connection: `RequestLineMeter` before it
/// (to tell an over-long target from an over-long header block) and `DecoderErrorAnswer` after
/// it, which answers the decoder's error as problem+json (414, 431 or 400) and closes.
extension RequestHeadGuard {
    /// The decoder's limit on a request head (request line and header fields), Hummingbird's
    /// default; docs/limits.md.
    public static let maxHeadBytes = 80 * 1024
    /// How long a refused connection is drained (its unread request discarded) before it is
    /// closed, so the client reads the answer instead of a reset.
    static let drainTime = TimeAmount.seconds(2)

    /// A server child channel with the decoder-error handlers installed around its HTTP/1
    /// decoder; `ServeCommand` wraps every server's channel (plain or WebSocket-upgradable).
    public struct Guarded<Inner: ServerChildChannel>: ServerChildChannel {
        public typealias Value = Inner.Value
        let inner: Inner

        public init(_ inner: Inner) {
            self.inner = inner
        }

        public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
            inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
                // Runs on the channel's loop, before its first read.
                let pipeline = channel.pipeline.syncOperations
                let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
                let meter = RequestLineMeter()
                try pipeline.addHandler(meter, position: .before(decoder))
                try pipeline.addHandler(DecoderErrorAnswer(meter: meter), position: .after(decoder))
                return value
            }
        }

        public func handle(value: Value, logger: Logger) async {
            await inner.handle(value: value, logger: logger)
        }
    }

    /// The problem+json body every refusal of the HTTP layer carries.
    static func problemJSON(status: Int, title: String, detail: String) -> String {
        #"{"type":"about:blank","status":\#(status),"title":"\#(title)","detail":"\#(detail)"}"#
    }
}

/// Watches the raw bytes before the HTTP decoder for request lines ("GET /… HTTP/1.1") longer
/// than `RequestHeadGuard.maxTargetBytes`, so that a decoder overflow can be answered 414
/// (the target) rather than 431 (the header fields). It only measures lines: a memchr per
/// line, no copy except the first bytes of each line.
final class RequestLineMeter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Enough of a line to see a method token and the space after it.
    private static let prefixLength = 16
    private var lineLength = 0
    private var linePrefix: [UInt8] = []
    /// The longest over-long request line on this connection, in bytes (counted so far, when
    /// it is still arriving). A request line over the target limit that the decoder does take
    /// is refused by `RequestHeadGuard`, which closes the connection: so a value here belongs
    /// to the request being decoded (or, rarely, to a long line in a body before it).
    private(set) var longRequestLine = 0

    init() {
        linePrefix.reserveCapacity(Self.prefixLength)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        unwrapInboundIn(data).withUnsafeReadableBytes { scan($0) }
        context.fireChannelRead(data)
    }

    private func scan(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        var start = 0
        while start < bytes.count {
            if linePrefix.count < Self.prefixLength {
                let take = min(Self.prefixLength - linePrefix.count, bytes.count - start)
                linePrefix.append(contentsOf: bytes[start..<start + take])
            }
            guard let found = memchr(base + start, 0x0A, bytes.count - start) else {
                lineLength += bytes.count - start
                measure()
                return
            }
            let end = base.distance(to: UnsafeRawPointer(found))
            lineLength += end - start
            measure()
            lineLength = 0
            linePrefix.removeAll(keepingCapacity: true)
            start = end + 1
        }
    }

    private func measure() {
        guard lineLength > RequestHeadGuard.maxTargetBytes, Self.looksLikeRequestLine(linePrefix) else { return }
        longRequestLine = max(longRequestLine, lineLength)
    }

    /// A method token (upper-case letters) and a space: a header line has a colon right
    /// after its name and never a space before it.
    static func looksLikeRequestLine(_ prefix: [UInt8]) -> Bool {
        var index = 0
        while index < prefix.count, prefix[index] >= 0x41, prefix[index] <= 0x5A { index += 1 }
        return index > 0 && index < prefix.count && prefix[index] == 0x20
    }
}

/// Right after the HTTP decoder: answers the decoder's errors (`HTTPParserError`) with a
/// problem+json response when no response has started, closes the connection's output, reads
/// and discards what the client still sends for `RequestHeadGuard.drainTime`, then closes.
/// The error goes no further: nothing behind it would answer it (the WebSocket upgrade
/// handler) or it would answer a second time (Hummingbird's bare 400).
final class DecoderErrorAnswer: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let meter: RequestLineMeter
    private var responseOpen = false
    private var refused = false
    /// A 101 Switching Protocols went out; see `flush`.
    private var upgraded = false

    init(meter: RequestLineMeter) {
        self.meter = meter
    }

    // No channelRead: what passes is decoded parts, and when a WebSocket upgrade removes the
    // decoder, its left-over raw bytes.

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status == .switchingProtocols:
            // A WebSocket upgrade: what follows is not HTTP/1. Both handlers leave at the
            // next flush, not here: the upgrader sends its 101 with `writeAndFlush`, which
            // calls this handler's `flush` right after `write`, and a handler removed in
            // `write` has no neighbours left to pass that flush to (the 101 stayed unsent
            // and every handshake hung).
            upgraded = true
        case .head(let head) where head.status.code >= 200: responseOpen = true
        case .end: responseOpen = false
        default: break
        }
        context.write(data, promise: promise)
    }

    func flush(context: ChannelHandlerContext) {
        context.flush()
        guard upgraded else { return }
        // The 101 is on its way: neither handler has anything more to do on this connection.
        let pipeline = context.pipeline.syncOperations
        pipeline.removeHandler(context: context, promise: nil)
        pipeline.removeHandler(meter, promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if refused, error is ByteToMessageDecoderError || error is HTTPParserError {
            return  // the rest of the refused request, being drained
        }
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        refused = true
        let channel = context.channel
        channel.eventLoop.scheduleTask(in: RequestHeadGuard.drainTime) { channel.close(promise: nil) }
        guard !responseOpen else {
            // Mid-response there is no way to answer: end the connection.
            context.close(promise: nil)
            return
        }
        let (status, detail) = answer(to: parserError)
        let body = RequestHeadGuard.problemJSON(status: Int(status.code), title: status.reasonPhrase, detail: detail)
        var buffer = context.channel.allocator.buffer(capacity: body.utf8.count)
        buffer.writeString(body)
        let head = HTTPResponseHead(version: .http1_1, status: status, headers: [
            "Content-Type": "application/problem+json", "Content-Length": String(buffer.readableBytes), "Connection": "close",
        ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            // Half-close: the client reads the answer and EOF while the rest of its request
            // is read and dropped (closing with unread bytes would reset the connection).
            channel.close(mode: .output).whenFailure { _ in channel.close(promise: nil) }
        }
    }

    private func answer(to error: HTTPParserError) -> (HTTPResponseStatus, String) {
        guard error == .headerOverflow else {
            return (.badRequest, "the request is not valid HTTP/1.1 (\(error))")
        }
        let limit = RequestHeadGuard.maxHeadBytes
        if meter.longRequestLine > RequestHeadGuard.maxTargetBytes {
            return (.uriTooLong, "the request line is at least \(meter.longRequestLine) bytes, more than the \(limit) bytes the server reads of a request head; the limit for a request target is \(RequestHeadGuard.maxTargetBytes) bytes (send long filters in a POST body, e.g. POST /tasks:bulk with dryRun)")
        }
        return (.requestHeaderFieldsTooLarge, "the request's header fields are over \(limit) bytes in all, or more than 1000 fields; the limit is \(limit) bytes")
    }
}
