import Foundation
import NIOCore
import NIOEmbedded
import Testing
@testable import TodoNotify

/// The SMTP client's wire pieces: reply parsing (multi-line, split across reads) and the
/// message it sends (no header injection, base64 body, the terminating dot).
@Suite struct SMTPWireTests {
    @Test func multiLineRepliesArriveAsOneEvenWhenSplitAcrossReads() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(SMTPReplyDecoder()))
        try channel.writeInbound(ByteBuffer(string: "220 mail.example ESMTP ready\r\n250-mail.example greets you\r\n250-STAR"))
        let greeting = try #require(try channel.readInbound(as: SMTPReply.self))
        #expect(greeting.code == 220 && greeting.lines == ["mail.example ESMTP ready"])
        #expect(try channel.readInbound(as: SMTPReply.self) == nil, "the EHLO reply is not finished")
        try channel.writeInbound(ByteBuffer(string: "TTLS\r\n250-AUTH PLAIN LOGIN\r\n250 SIZE 10240000\r\n"))
        let ehlo = try #require(try channel.readInbound(as: SMTPReply.self))
        #expect(ehlo.code == 250)
        #expect(ehlo.lines.count == 4)
        #expect(ehlo.extensions == ["STARTTLS", "AUTH", "SIZE"])
        _ = try channel.finish()
    }

    @Test func aMalformedReplyIsAnError() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(SMTPReplyDecoder()))
        #expect(throws: SMTPError.self) { try channel.writeInbound(ByteBuffer(string: "hello there\r\n")) }
        _ = try? channel.finish()
    }

    @Test func repliesSentInClearBehindTheSTARTTLSReplyAreRefused() throws {
        let sent = ManagedAtomicFlag()
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(SMTPReplyDecoder(startTLSSent: sent)))
        try channel.writeInbound(ByteBuffer(string: "250-mail.example\r\n250 STARTTLS\r\n"))
        #expect(try channel.readInbound(as: SMTPReply.self)?.code == 250)
        sent.set()
        // A man in the middle appends a fake EHLO answer to the 220 in the same packet.
        #expect(throws: SMTPError.self) { try channel.writeInbound(ByteBuffer(string: "220 go ahead\r\n250-evil\r\n250 AUTH PLAIN\r\n")) }
        _ = try? channel.finish()

        // The honest case: the 220 alone, then (over TLS) the next reply.
        let honest = ManagedAtomicFlag()
        let clean = EmbeddedChannel(handler: ByteToMessageHandler(SMTPReplyDecoder(startTLSSent: honest)))
        honest.set()
        try clean.writeInbound(ByteBuffer(string: "220 go ahead\r\n"))
        #expect(try clean.readInbound(as: SMTPReply.self)?.code == 220)
        try clean.writeInbound(ByteBuffer(string: "250 mail.example\r\n"))
        #expect(try clean.readInbound(as: SMTPReply.self)?.code == 250)
        _ = try clean.finish()
    }

    @Test func theMessageCannotInjectHeadersAndEndsWithALoneDot() throws {
        let message = EmailMessage(
            to: "a@example.com", subject: "Pay rent\r\nBcc: victim@example.com", body: String(repeating: "Grüße. ", count: 40) + "\n.\nend",
            headers: [("X-Todo-Delivery-Id", "rem-1.email")], messageID: "rem-1.email@todo", date: Date(timeIntervalSince1970: 1_800_000_000)
        )
        let data = message.dataSection(from: "todo@example.com")
        let lines = data.components(separatedBy: "\r\n")
        #expect(lines.contains("Subject: Pay rent  Bcc: victim@example.com"))
        #expect(!lines.contains { $0.hasPrefix("Bcc:") })
        #expect(lines.contains("Date: Fri, 15 Jan 2027 08:00:00 +0000"))
        #expect(data.hasSuffix("\r\n.\r\n"))
        let body = lines.drop { !$0.isEmpty }.dropFirst().prefix { $0 != "." }
        #expect(body.allSatisfy { $0.count <= 76 && !$0.hasPrefix(".") })
        #expect(String(decoding: Data(base64Encoded: body.joined())!, as: UTF8.self) == message.body)
        #expect(EmailMessage.encodedWord("Grüße") == "=?utf-8?B?R3LDvMOfZQ==?=")
    }
}
