import ActorRuntime
import Foundation
import NIOCore

/// Which webhook URLs the service will call. A webhook is a request the server makes on a
/// user's behalf, so by default it refuses destinations inside the deployment: loopback
/// (the Dapr sidecar listens there), private, link-local (cloud metadata) and unspecified
/// addresses, given as IP literals or as `localhost`. `TODO_NOTIFY_ALLOW_PRIVATE_WEBHOOKS=1`
/// lifts this for development and tests. Names that resolve to such addresses are caught by
/// `refusalAfterResolving` (registration) and `pinnedAddress` (every delivery, on the address
/// actually connected to).
public enum WebhookDestination {
    /// Nil when allowed; otherwise why not.
    public static func refusal(for urlText: String) -> String? {
        guard let host = URLComponents(string: urlText)?.host?.lowercased() else { return "webhook.url has no host" }
        var bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        // `localhost.` is `localhost`: DNS names may end with the root's dot.
        while bare.hasSuffix(".") { bare.removeLast() }
        if bare == "localhost" || bare.hasSuffix(".localhost") {
            return "webhook.url points at this server (\(host)); use a public address"
        }
        if isInternalName(bare) {
            return "webhook.url host '\(host)' names a service inside the deployment; use a public address"
        }
        if !bare.contains("."), !bare.contains(":"), !isLegacyNumericIPv4(bare) {
            // `runsc`, `redis`, `ip6-localhost`: a single label is found in the hosts file or
            // the cluster's search domains, never on the public internet.
            return "webhook.url host '\(host)' is a single-label name, which resolves inside the deployment (hosts file, search domains); use a fully qualified public name"
        }
        guard let address = try? SocketAddress(ipAddress: bare, port: 0) else {
            // `127.1`, `2130706433`, `0x7f.1`, `017700000001`: not IP literals to inet_pton,
            // but getaddrinfo reads them as IPv4 addresses. No real host name looks like that.
            if isLegacyNumericIPv4(bare) {
                return "webhook.url host '\(host)' is a numeric address in a non-standard form; write the address as a.b.c.d or use a host name"
            }
            return nil
        }
        if isInternal(address) {
            return "webhook.url points at an internal address (\(bare)): loopback, private, link-local and unspecified addresses are refused"
        }
        return nil
    }

    /// One to four dot-separated numbers, each decimal, octal (`0…`) or hex (`0x…`): what
    /// inet_aton (and so getaddrinfo) accepts as IPv4 beyond the dotted quad.
    static func isLegacyNumericIPv4(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count) else { return false }
        return parts.allSatisfy { part in
            if part.hasPrefix("0x") { return part.dropFirst(2).allSatisfy(\.isHexDigit) }
            return !part.isEmpty && part.allSatisfy(\.isNumber)
        }
    }

    static func isInternal(_ address: SocketAddress) -> Bool {
        switch address {
        case .v4(let v4):
            let value = UInt32(bigEndian: v4.address.sin_addr.s_addr)
            let a = value >> 24, b = (value >> 16) & 0xff
            return a == 0 || a == 10 || a == 127 || (a == 169 && b == 254) || (a == 172 && (16...31).contains(b))
                || (a == 192 && b == 168) || (a == 100 && (64...127).contains(b)) || a >= 224  // multicast, reserved, broadcast
        case .v6(let v6):
            let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            if bytes.allSatisfy({ $0 == 0 }) { return true }  // ::
            if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }  // ::1
            if bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80 { return true }  // fe80::/10
            if (bytes[0] & 0xfe) == 0xfc { return true }  // fc00::/7
            if bytes[0] == 0xff { return true }  // ff00::/8 multicast
            if bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0xc0 { return true }  // fec0::/10, the old site-local
            let embedsIPv4 = (bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff)  // ::ffff:a.b.c.d
                || bytes[0..<12].allSatisfy({ $0 == 0 })  // ::a.b.c.d (IPv4-compatible, deprecated)
                || bytes[0..<12].elementsEqual([0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0])  // 64:ff9b::a.b.c.d (NAT64)
            if embedsIPv4 {
                let mapped = "\(bytes[12]).\(bytes[13]).\(bytes[14]).\(bytes[15])"
                return (try? SocketAddress(ipAddress: mapped, port: 0)).map(isInternal) ?? false
            }
            return false
        default:
            return true
        }
    }
}
