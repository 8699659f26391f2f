import NIOCore

/// One SMTP reply: its code and its text lines (a multi-line reply, `250-…` … `250 …`, is one).
struct SMTPReply: Sendable, CustomStringConvertible {
    var code: Int
    var lines: [String]

    var description: String { "\(code) \(lines.joined(separator: " / "))" }
}

/// Splits the server's bytes into replies (RFC 5321 §4.2).
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply
    /// No reply line is longer than this (the RFC says 512); more is a broken server.
    static let maxLineBytes = 4096
    private var pending: [String] = []
    /// Set by the client just before it sends STARTTLS.
    let startTLSSent: ManagedAtomicFlag
    private var checkedStartTLSReply = false

    init(startTLSSent: ManagedAtomicFlag = ManagedAtomicFlag()) {
        self.startTLSSent = startTLSSent
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maxLineBytes { throw SMTPError.malformedReply("a reply line over \(Self.maxLineBytes) bytes") }
            return .needMoreData
        }
        let length = view.distance(from: view.startIndex, to: newline) + 1
        guard var bytes = buffer.readBytes(length: length) else { return .needMoreData }
        // Bytes, not Characters: "\r\n" is one Character in Swift.
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard bytes.count >= 3, bytes[0..<3].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw SMTPError.malformedReply(String(decoding: bytes.prefix(100), as: UTF8.self))
        }
        let code = Int(String(decoding: bytes[0..<3], as: UTF8.self))!
        let separator = bytes.count > 3 ? bytes[3] : UInt8(ascii: " ")
        pending.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        if separator == UInt8(ascii: "-") { return .continue }
        let reply = SMTPReply(code: code, lines: pending)
        pending = []
        if !checkedStartTLSReply && startTLSSent.isSet {
            // The reply to STARTTLS ends the plain-text part of the connection. Bytes already
            // behind it were sent in clear before TLS and would be read as answers from inside
            // it (the STARTTLS injection of CVE-2011-0411): refuse them.
            checkedStartTLSReply = true
            if buffer.readableBytes > 0 { throw SMTPError.dataAfterStartTLS }
        }
        context.fireChannelRead(wrapInboundOut(reply))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue, buffer.readableBytes > 0 {}
        return .needMoreData
    }
}

public enum SMTPError: Error, CustomStringConvertible, Sendable {
    case malformedReply(String)
    case connectionClosed(during: String)
    case rejected(command: String, reply: String)
    case startTLSUnavailable
    case credentialsWithoutTLS
    case dataAfterStartTLS
    case timedOut

    public var description: String {
        switch self {
        case .malformedReply(let line): "the SMTP server sent a malformed reply: \(line)"
        case .connectionClosed(let command): "the SMTP server closed the connection during \(command)"
        case .rejected(let command, let reply): "the SMTP server refused \(command): \(reply)"
        case .startTLSUnavailable: "the SMTP server does not offer STARTTLS, and TODO_SMTP_STARTTLS=required"
        case .dataAfterStartTLS: "the SMTP server sent data after its reply to STARTTLS, before TLS began; refusing it (possible command injection)"
        case .credentialsWithoutTLS: "refusing to send SMTP credentials over a connection without TLS"
        case .timedOut: "the SMTP exchange did not finish in time"
        }
    }
}
