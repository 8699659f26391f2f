import Foundation
import HTTPTypes
import Hummingbird

/// The `frontend` service's HTTP surface: the app's page at `/` and at every path of the app
/// (`/today`, `/upcoming`, …: the page routes on the client), its assets under the hashed
/// prefix, the service worker and the manifest — each with a strong ETag (304 on
/// revalidation) and the security headers of `FrontendHeaders`.
public enum Frontend {
    /// Paths that belong to other services: in a frontend-only process they are a wrong
    /// route, answered 404 rather than with the page.
    static let reservedPrefixes = ["/api/", "/api", "/ws", "/mcp", "/assets/", "/healthz", "/readyz", "/metrics", "/dapr/", "/actors/"]
    /// A path longer than this is refused before it is looked at.
    static let maxPathBytes = 2_048

    public static func addRoutes<Context: RequestContext>(to router: Router<Context>, assets: FrontendAssets) {
        for method in [HTTPRequest.Method.get, .head] {
            router.on("/", method: method) { request, _ in Frontend.respond(to: request, with: assets.page, cache: .revalidate) }
            router.on("/sw.js", method: method) { request, _ in Frontend.respond(to: request, with: assets.serviceWorker, cache: .revalidate) }
            router.on("/manifest.webmanifest", method: method) { request, _ in Frontend.respond(to: request, with: assets.manifest, cache: .revalidate) }
            router.on("/assets", method: method) { request, _ in Frontend.asset(request, assets: assets) }
            router.on("/assets/**", method: method) { request, _ in Frontend.asset(request, assets: assets) }
            router.on("/**", method: method) { request, _ in Frontend.appRoute(request, assets: assets) }
        }
    }

    enum Caching {
        /// The page, worker and manifest: kept, but asked about on every use.
        case revalidate
        /// A versioned asset: the same URL always has the same bytes.
        case immutable

        var header: String {
            switch self {
            case .revalidate: "no-cache"
            case .immutable: "public, max-age=31536000, immutable"
            }
        }
    }

    /// `/assets/<hash>/<path>`: only the current prefix exists (an old page gets 404 and
    /// reloads through the service worker's network-first page).
    static func asset(_ request: Request, assets: FrontendAssets) -> Response {
        let path = request.uri.path
        guard path.utf8.count <= maxPathBytes, path.hasPrefix(assets.assetPrefix + "/") else {
            return notFound("\(clipped(path)) is not an asset of this version of the app")
        }
        let name = String(path.dropFirst(assets.assetPrefix.count + 1))
        guard let file = assets.assets[name] else { return notFound("\(clipped(path)) is not an asset of this version of the app") }
        return respond(to: request, with: file, cache: .immutable)
    }

    /// Any other path: the page, when it is one of the app's own (no file extension, not
    /// another service's prefix); 404 otherwise.
    static func appRoute(_ request: Request, assets: FrontendAssets) -> Response {
        let path = request.uri.path
        guard path.utf8.count <= maxPathBytes else { return notFound("the path is longer than \(maxPathBytes) bytes") }
        if reservedPrefixes.contains(where: { path == $0 || path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }) {
            return notFound("no route for \(clipped(path))")
        }
        if let last = path.split(separator: "/").last, last.contains(".") {
            return notFound("no file \(clipped(path))")
        }
        return respond(to: request, with: assets.page, cache: .revalidate)
    }

    static func respond(to request: Request, with file: FrontendAssets.File, cache: Caching) -> Response {
        var headers = FrontendHeaders.security
        headers[.eTag] = file.etag
        headers[.cacheControl] = cache.header
        headers[.contentType] = file.contentType
        if matches(request.headers[values: .ifNoneMatch], file.etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(file.bytes.count)
        if request.method == .head { return Response(status: .ok, headers: headers) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }

    /// RFC 9110 §13.1.2: `*`, or a list of tags compared weakly (a `W/` prefix is ignored).
    static func matches(_ values: [String], _ etag: String) -> Bool {
        for value in values.prefix(16) {
            for candidate in value.split(separator: ",").prefix(64) {
                var tag = candidate.trimmingCharacters(in: .whitespaces)
                if tag == "*" { return true }
                if tag.hasPrefix("W/") { tag.removeFirst(2) }
                if tag == etag { return true }
            }
        }
        return false
    }

    static func notFound(_ detail: String) -> Response {
        var headers = FrontendHeaders.security
        headers[.contentType] = "application/problem+json"
        headers[.cacheControl] = "no-store"
        let body: [String: Any] = ["type": "about:blank", "title": "Not Found", "status": 404, "detail": detail]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return Response(status: .notFound, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A path quoted back in a message, cut to a readable length.
    static func clipped(_ path: String) -> String {
        path.count <= 120 ? path : String(path.prefix(120)) + "…"
    }
}
