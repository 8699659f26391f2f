import Foundation

/// A plain-text e-mail (RFC 5322, MIME, UTF-8 body in base64 so any text survives any relay).
public struct EmailMessage: Sendable, Equatable {
    public var to: String
    public var subject: String
    public var body: String
    /// Extra header fields, e.g. `X-Todo-Delivery-Id`.
    public var headers: [(String, String)]
    public var messageID: String
    public var date: Date

    public init(to: String, subject: String, body: String, headers: [(String, String)] = [], messageID: String, date: Date) {
        self.to = to
        self.subject = subject
        self.body = body
        self.headers = headers
        self.messageID = messageID
        self.date = date
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.to == rhs.to && lhs.subject == rhs.subject && lhs.body == rhs.body && lhs.messageID == rhs.messageID && lhs.date == rhs.date
            && lhs.headers.map(\.0) == rhs.headers.map(\.0) && lhs.headers.map(\.1) == rhs.headers.map(\.1)
    }

    /// The DATA section: header, body, and the lone dot that ends it. Lines are CRLF; base64
    /// never starts a line with a dot, so no dot-stuffing is needed.
    func dataSection(from: String) -> String {
        var lines = [
            "From: \(from)",
            "To: \(to)",
            "Subject: \(Self.encodedWord(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
        ]
        for (name, value) in headers {
            lines.append("\(name): \(Self.headerValue(value))")
        }
        lines.append("")
        let encoded = Data(body.utf8).base64EncodedString()
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let next = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[index..<next]))
            index = next
        }
        lines.append(".")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 2047 for anything beyond printable ASCII; header injection is impossible either way.
    static func encodedWord(_ text: String) -> String {
        let clean = headerValue(text)
        if clean.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value < 127 }) { return clean }
        return "=?utf-8?B?\(Data(clean.utf8).base64EncodedString())?="
    }

    static func headerValue(_ text: String) -> String {
        // Scalars, not Characters: "\r\n" is a single Character and would slip past a
        // Character comparison.
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars.prefix(900) {
            scalars.append(scalar == "\r" || scalar == "\n" ? " " : scalar)
        }
        return String(scalars)
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
