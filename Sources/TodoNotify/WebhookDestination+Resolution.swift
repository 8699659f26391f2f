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
        let names: Set<String> = ["localhost", "kubernetes", "kubernetes.default", "metadata", "metadata.google.internal", "instance-data"]
        return names.contains(name) || suffixes.contains { name.hasSuffix($0) }
    }

    /// What the host of `urlText` resolves to: nil when it is an IP literal (checked by
    /// `refusal(for:)`), else every address getaddrinfo returns (empty: it does not resolve).
    static func resolvedAddresses(of urlText: String) async -> (host: String, addresses: [SocketAddress])? {
        guard let components = URLComponents(string: urlText), let rawHost = components.host?.lowercased() else { return nil }
        if rawHost.hasPrefix("[") || (try? SocketAddress(ipAddress: rawHost, port: 0)) != nil { return nil }
        let port = components.port ?? (components.scheme?.lowercased() == "http" ? 80 : 443)
        let addresses = await withCheckedContinuation { continuation in
            // getaddrinfo blocks: never on the cooperative pool or an event loop.
            DispatchQueue.global(qos: .utility).async { continuation.resume(returning: lookup(rawHost, port: port)) }
        }
        return (rawHost, addresses)
    }

    /// Registration: also refuses names that resolve to internal addresses (a name that does not
    /// resolve now is accepted; delivery checks again).
    public static func refusalAfterResolving(_ urlText: String) async -> String? {
        if let refusal = refusal(for: urlText) { return refusal }
        guard let (host, addresses) = await resolvedAddresses(of: urlText) else { return nil }
        let bare = host.hasSuffix(".") ? String(host.dropLast()) : host
        if isInternalName(bare) {
            return "webhook.url host '\(host)' names a service inside the deployment; use a public address"
        }
        if let inside = addresses.first(where: isInternal) {
            return "webhook.url host '\(host)' resolves to an internal address (\(inside.ipAddress ?? "?")): loopback, private, link-local, unique-local and metadata addresses are refused"
        }
        return nil
    }

    /// Delivery: the one address to connect to, checked after resolution, so the connection
    /// goes where the check looked (no second lookup that could answer differently). Nil for an
    /// IP literal (no lookup happens). Throws the refusal as text.
    static func pinnedAddress(for urlText: String) async throws(WebhookRefusal) -> (host: String, address: String)? {
        if let refusal = refusal(for: urlText) { throw WebhookRefusal(reason: refusal) }
        guard let (host, addresses) = await resolvedAddresses(of: urlText) else { return nil }
        let bare = host.hasSuffix(".") ? String(host.dropLast()) : host
        if isInternalName(bare) {
            throw WebhookRefusal(reason: "webhook.url host '\(host)' names a service inside the deployment")
        }
        guard !addresses.isEmpty else { throw WebhookRefusal(reason: "webhook.url host '\(host)' does not resolve") }
        if let inside = addresses.first(where: isInternal) {
            throw WebhookRefusal(reason: "webhook.url host '\(host)' resolves to an internal address (\(inside.ipAddress ?? "?"))")
        }
        guard let address = addresses.first?.ipAddress else { throw WebhookRefusal(reason: "webhook.url host '\(host)' has no usable address") }
        return (host, address)
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

struct WebhookRefusal: Error, Sendable {
    let reason: String
}
