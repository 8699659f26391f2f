import ActorRuntime
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// A small SMTP submission client (RFC 5321) on SwiftNIO: EHLO, STARTTLS (RFC 3207) with
/// swift-nio-ssl, AUTH PLAIN when credentials are configured, one message per connection.
/// A reminder e-mail is rare enough per user that connection reuse is not worth its state.
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    let group: any EventLoopGroup
    let sslContext: NIOSSLContext
    let logger: Logger

    public init(configuration: SMTPConfiguration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger = Logger(label: "todo.smtp")) throws {
        self.configuration = configuration
        self.group = group
        self.logger = logger
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile = configuration.caFile {
            tls.trustRoots = .file(caFile)
        }
        self.sslContext = try NIOSSLContext(configuration: tls)
    }

    /// Sends one message; throws with the server's words when it refuses.
    public func send(_ message: EmailMessage) async throws {
        let configuration = self.configuration
        let sslContext = self.sslContext
        let serverName = Self.isIPAddress(configuration.host) ? nil : configuration.host
        let startTLSSent = ManagedAtomicFlag()
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(10))
            .connect(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if configuration.implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: serverName))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder(startTLSSent: startTLSSent)))
                    return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        // The deadline closes the connection, which ends the conversation with an error.
        let timedOut = ManagedAtomicFlag()
        let deadline = channel.channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(configuration.timeout.timeInterval * 1e9))) {
            timedOut.set()
            channel.channel.close(promise: nil)
        }
        defer { deadline.cancel() }
        do {
            try await channel.executeThenClose { inbound, outbound in
                var conversation = SMTPConversation(replies: inbound.makeAsyncIterator(), outbound: outbound)
                try await converse(&conversation, channel: channel.channel, message: message, serverName: serverName, startTLSSent: startTLSSent)
            }
        } catch {
            if timedOut.isSet { throw SMTPError.timedOut }
            throw error
        }
    }

    private func converse(_ smtp: inout SMTPConversation, channel: any Channel, message: EmailMessage, serverName: String?, startTLSSent: ManagedAtomicFlag) async throws {
        _ = try await smtp.expect(200..<300, after: nil, name: "the greeting")
        var extensions = try await smtp.expect(200..<300, after: "EHLO \(configuration.heloName)", name: "EHLO").extensions
        var secured = configuration.implicitTLS
        if !secured && configuration.startTLS != .off {
            if extensions.contains("STARTTLS") {
                startTLSSent.set()
                _ = try await smtp.expect(200..<300, after: "STARTTLS", name: "STARTTLS")
                let sslContext = self.sslContext
                // At the network end of the pipeline: everything from here on is encrypted.
                try await channel.eventLoop.submit {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: serverName), position: .first)
                }.get()
                secured = true
                // RFC 3207: forget what was learned in clear and ask again.
                extensions = try await smtp.expect(200..<300, after: "EHLO \(configuration.heloName)", name: "EHLO after STARTTLS").extensions
            } else if configuration.startTLS == .required {
                throw SMTPError.startTLSUnavailable
            }
        }
        if let username = configuration.username {
            guard secured else { throw SMTPError.credentialsWithoutTLS }
            let token = Data("\u{0}\(username)\u{0}\(configuration.password ?? "")".utf8).base64EncodedString()
            _ = try await smtp.expect(235...235, after: "AUTH PLAIN \(token)", name: "AUTH PLAIN", logged: "AUTH PLAIN <credentials>")
        }
        _ = try await smtp.expect(200..<300, after: "MAIL FROM:<\(configuration.from)>", name: "MAIL FROM")
        _ = try await smtp.expect(250...251, after: "RCPT TO:<\(message.to)>", name: "RCPT TO")
        _ = try await smtp.expect(354...354, after: "DATA", name: "DATA")
        _ = try await smtp.expect(200..<300, after: message.dataSection(from: configuration.from), name: "the message", terminator: "")
        // The message is accepted; a failed QUIT changes nothing.
        _ = try? await smtp.expect(200..<300, after: "QUIT", name: "QUIT")
    }

    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }
}

/// Commands out, replies in, in lockstep.
struct SMTPConversation {
    var replies: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    mutating func expect<Codes: RangeExpression<Int>>(_ codes: Codes, after command: String?, name: String, logged: String? = nil, terminator: String = "\r\n") async throws -> SMTPReply {
        if let command {
            try await outbound.write(ByteBuffer(string: command + terminator))
        }
        guard let reply = try await replies.next() else { throw SMTPError.connectionClosed(during: name) }
        guard codes.contains(reply.code) else {
            throw SMTPError.rejected(command: logged ?? name, reply: reply.description)
        }
        return reply
    }
}

extension SMTPReply {
    /// EHLO keywords, upper-cased (the first line is the greeting, not an extension).
    var extensions: Set<String> {
        Set(lines.dropFirst().compactMap { $0.split(separator: " ").first.map { $0.uppercased() } })
    }
}

/// A flag set from the event loop and read after the conversation.
final class ManagedAtomicFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
