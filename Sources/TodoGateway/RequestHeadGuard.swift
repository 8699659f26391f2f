import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// A channel handler after HTTP decoding, before any routing: answers 414 (problem+json) to a
/// request whose target is longer than `maxTargetBytes` and closes the connection, and writes
/// the peer's address into `ClientAddress.header` (replacing any value a client sent), so
/// per-address limits know who is asking. Every service's HTTP server installs it; a target
/// too long for the HTTP decoder itself (over `maxHeadBytes`) is answered before it, by
/// `DecoderErrorAnswer` (RequestHeadGuard+DecoderErrors.swift).
public final class RequestHeadGuard: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart
    public typealias OutboundIn = HTTPResponsePart
    public typealias OutboundOut = HTTPResponsePart

    /// Request line target (path and query) in bytes; see docs/limits.md.
    public static let maxTargetBytes = 16 * 1024

    private var refusing = false

    public init() {}

    /// For `HTTP1Channel.Configuration(additionalChannelHandlers:)`.
    public static func handlers() -> [any RemovableChannelHandler] { [RequestHeadGuard()] }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if refusing { return }  // the body of a refused request
        guard case .head(var head) = part else {
            context.fireChannelRead(data)
            return
        }
        let length = head.path?.utf8.count ?? 0
        if length > Self.maxTargetBytes {
            refusing = true
            refuse(context: context, length: length)
            return
        }
        head.headerFields[ClientAddress.header] = nil
        if let address = context.channel.remoteAddress?.ipAddress {
            head.headerFields[ClientAddress.header] = address
        }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
    }

    private func refuse(context: ChannelHandlerContext, length: Int) {
        let detail = "the request target is \(length) bytes; the limit is \(Self.maxTargetBytes) (send long filters in a POST body, e.g. POST /tasks:bulk with dryRun)"
        let body = Self.problemJSON(status: 414, title: "URI Too Long", detail: detail)
        var buffer = context.channel.allocator.buffer(capacity: body.utf8.count)
        buffer.writeString(body)
        let head = HTTPResponse(status: .uriTooLong, headerFields: [
            .contentType: "application/problem+json", .contentLength: String(buffer.readableBytes), .connection: "close",
        ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(buffer)), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
