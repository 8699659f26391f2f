import Dispatch
import Foundation
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

extension WebhookDestination {
    /// Names that stand for the deployment itself whatever DNS says: cluster-internal service
    /// names and cloud metadata endpoints (`kubernetes.default.svc`, `metadata.google.internal`).
    static func isInternalName(_ host: String) -> Bool {
        let name = host.lowercased()
        let suffixes = [".svc", ".cluster.local", ".internal", ".local", ".localdomain", ".home.arpa", ".localhost"]
        let names: Set<String> = ["localhost", "kubernetes", "kubernetes.default", "metadata", "metadata.google.internal", "instance-data",
                                  // Debian's /etc/hosts names for ::1 and the IPv6 multicast prefixes.
                                  "ip6-localhost", "ip6-loopback", "ip6-localnet", "ip6-mcastprefix", "ip6-allnodes", "ip6-allrouters", "ip6-allhosts"]
        return names.contains(name) || suffixes.contains { name.hasSuffix($0) }
    }

    /// What the host of `urlText` resolves to: nil when it is an IP literal (checked by
    /// `refusal(for:)`), else every address `resolver` returns (empty: it does not resolve).
    static func resolvedAddresses(of urlText: String, resolver: WebhookResolver) async -> (host: String, addresses: [SocketAddress])? {
        guard let components = URLComponents(string: urlText), let rawHost = components.host?.lowercased() else { return nil }
        if rawHost.hasPrefix("[") || (try? SocketAddress(ipAddress: rawHost, port: 0)) != nil { return nil }
        let port = components.port ?? (components.scheme?.lowercased() == "http" ? 80 : 443)
        return (rawHost, await resolver.resolve(rawHost, port))
    }

    /// Registration: also refuses names that resolve to internal addresses (a name that does not
    /// resolve now is accepted; delivery checks again).
    public static func refusalAfterResolving(_ urlText: String, resolver: WebhookResolver = .system) async -> String? {
        if let refusal = refusal(for: urlText) { return refusal }
        guard let (host, addresses) = await resolvedAddresses(of: urlText, resolver: resolver) else { return nil }
        let bare = host.hasSuffix(".") ? String(host.dropLast()) : host
        if isInternalName(bare) {
            return "webhook.url host '\(host)' names a service inside the deployment; use a public address"
        }
        if let inside = addresses.first(where: isInternal) {
            return "webhook.url host '\(host)' resolves to an internal address (\(inside.ipAddress ?? "?")): loopback, private, link-local, unique-local and metadata addresses are refused"
        }
        return nil
    }

    /// Delivery: the one address to connect to, resolved once and checked (unless
    /// `allowPrivate`), so the connection goes where the check looked (no second lookup that
    /// could answer differently). Nil for an IP literal (no lookup happens). Throws the
    /// refusal as text.
    static func pinnedAddress(for urlText: String, resolver: WebhookResolver, allowPrivate: Bool) async throws(WebhookRefusal) -> (host: String, address: String)? {
        if !allowPrivate, let refusal = refusal(for: urlText) { throw WebhookRefusal(reason: refusal) }
        guard let (host, addresses) = await resolvedAddresses(of: urlText, resolver: resolver) else { return nil }
        let bare = host.hasSuffix(".") ? String(host.dropLast()) : host
        if !allowPrivate, isInternalName(bare) {
            throw WebhookRefusal(reason: "webhook.url host '\(host)' names a service inside the deployment")
        }
        guard !addresses.isEmpty else { throw WebhookRefusal(reason: "webhook.url host '\(host)' does not resolve") }
        if !allowPrivate, let inside = addresses.first(where: isInternal) {
            throw WebhookRefusal(reason: "webhook.url host '\(host)' resolves to an internal address (\(inside.ipAddress ?? "?"))")
        }
        // One address is connected to; IPv4 first, which every receiver that listens at all
        // listens on (`localhost` may list ::1 first for a receiver bound to 127.0.0.1).
        let preferred = addresses.first(where: { if case .v4 = $0 { return true } else { return false } }) ?? addresses.first
        guard let address = preferred?.ipAddress else { throw WebhookRefusal(reason: "webhook.url host '\(host)' has no usable address") }
        return (host, address)
    }

    /// getaddrinfo: blocks, so never on the cooperative pool or an event loop.
    static func systemLookup(_ host: String, port: Int) async -> [SocketAddress] {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .utility).async { continuation.resume(returning: lookup(host, port: port)) }
        }
    }

    private static func lookup(_ host: String, port: Int) -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [SocketAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            if let sockaddr = info.pointee.ai_addr {
                switch Int32(sockaddr.pointee.sa_family) {
                case AF_INET:
                    let v4 = UnsafeRawPointer(sockaddr).load(as: sockaddr_in.self)
                    addresses.append(SocketAddress(v4, host: host))
                case AF_INET6:
                    let v6 = UnsafeRawPointer(sockaddr).load(as: sockaddr_in6.self)
                    addresses.append(SocketAddress(v6, host: host))
                default: break
                }
            }
            cursor = info.pointee.ai_next
        }
        return addresses
    }
}

/// How webhook host names become addresses, for registration and for every delivery:
/// getaddrinfo (`system`) in the product. Tests give names other answers — as a hosts file
/// would — to make a name resolve differently at delivery than at registration.
public struct WebhookResolver: Sendable {
    public var resolve: @Sendable (_ host: String, _ port: Int) async -> [SocketAddress]

    public init(resolve: @escaping @Sendable (_ host: String, _ port: Int) async -> [SocketAddress]) {
        self.resolve = resolve
    }

    public static let system = WebhookResolver { host, port in await WebhookDestination.systemLookup(host, port: port) }
}

struct WebhookRefusal: Error, Sendable {
    let reason: String
}
