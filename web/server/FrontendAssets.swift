import Crypto
import Foundation

/// The web app's files, read once at startup: the page, the service worker and the manifest
/// (served at fixed paths, revalidated on every load) and every other file under one
/// content-hashed prefix, `/assets/<hash>/…`, which never changes for the same bytes. The
/// page, worker and manifest name their assets through `__ASSETS__`, `__VERSION__` and
/// `"__SHELL__"`, rewritten here — so there is no build step, and a changed file gets a new
/// prefix (one prefix for all, so the ES modules' relative imports stay as written).
public struct FrontendAssets: Sendable {
    /// One file as served: its bytes, type and strong ETag.
    public struct File: Sendable {
        public let bytes: [UInt8]
        public let contentType: String
        public let etag: String
    }

    /// `/assets/<hash>`: the prefix of every versioned asset.
    public let assetPrefix: String
    /// Files under the prefix, by their path below it ("js/app.js").
    public let assets: [String: File]
    /// index.html, with the asset paths filled in.
    public let page: File
    /// sw.js, with the version and the list of shell files filled in.
    public let serviceWorker: File
    /// manifest.webmanifest, with its icon paths filled in.
    public let manifest: File

    /// The files that are served at fixed paths rather than under the hashed prefix.
    static let fixedFiles: Set<String> = ["index.html", "sw.js", "manifest.webmanifest"]
    /// At most this many files and bytes are read: the app is tens of files and about 100 kB.
    static let maxFiles = 500
    static let maxBytes = 20 << 20

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The app shipped with the binary (the target's `app` resource), or the folder named by
    /// `TODO_WEB_ROOT` (to work on the app without rebuilding).
    public static func bundled(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> FrontendAssets {
        if let root = environment["TODO_WEB_ROOT"], !root.isEmpty {
            return try load(from: URL(fileURLWithPath: root, isDirectory: true))
        }
        guard let root = Bundle.module.url(forResource: "app", withExtension: nil) else {
            throw LoadError(description: "the web app is missing from the bundle (todo_TodoFrontend.resources/app next to the binary)")
        }
        return try load(from: root)
    }

    /// Reads every file under `root` and prepares the served forms.
    public static func load(from root: URL) throws -> FrontendAssets {
        let files = try readTree(root)
        var raw: [String: [UInt8]] = [:]
        for (path, bytes) in files { raw[path] = bytes }
        for name in fixedFiles where raw[name] == nil {
            throw LoadError(description: "\(root.path)/\(name) is missing")
        }
        let assetPaths = raw.keys.filter { !fixedFiles.contains($0) }.sorted()
        // The prefix hashes every asset's path and bytes, so any change to any of them moves
        // all of them to a new prefix (caches keep nothing stale).
        var hasher = SHA256()
        for path in assetPaths {
            hasher.update(data: Array(path.utf8) + [0])
            hasher.update(data: raw[path]!)
            hasher.update(data: [0])
        }
        let hash = hex(hasher.finalize()).prefix(16)
        let prefix = "/assets/\(hash)"
        var assets: [String: File] = [:]
        for path in assetPaths { assets[path] = file(raw[path]!, path: path) }

        let page = substitute(raw["index.html"]!, ["__ASSETS__": prefix])
        let manifest = substitute(raw["manifest.webmanifest"]!, ["__ASSETS__": prefix])
        // The worker's version covers the page too: a new page alone still renews its cache.
        let version = hex(SHA256.hash(data: Array(hash.utf8) + page)).prefix(16)
        let shell = ["/"] + assetPaths.map { "\(prefix)/\($0)" }
        let shellJSON = "[" + shell.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        let worker = substitute(raw["sw.js"]!, ["__VERSION__": String(version), "\"__SHELL__\"": shellJSON])
        return FrontendAssets(
            assetPrefix: prefix, assets: assets,
            page: file(page, path: "index.html"), serviceWorker: file(worker, path: "sw.js"), manifest: file(manifest, path: "manifest.webmanifest")
        )
    }

    /// Regular files below `root`, by relative path, in a stable order. Hidden files are
    /// skipped; symbolic links are not followed out of the tree.
    static func readTree(_ root: URL) throws -> [(String, [UInt8])] {
        let base = root.standardizedFileURL.resolvingSymlinksInPath().path
        guard let enumerator = FileManager.default.enumerator(at: URL(fileURLWithPath: base, isDirectory: true), includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) else {
            throw LoadError(description: "cannot read the web app folder \(base)")
        }
        var files: [(String, [UInt8])] = []
        var total = 0
        for case let url as URL in enumerator {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let full = url.standardizedFileURL.path
            guard full.hasPrefix(base + "/") else { continue }
            let relative = String(full.dropFirst(base.count + 1))
            let data = try Data(contentsOf: url)
            total += data.count
            guard files.count < maxFiles, total <= maxBytes else {
                throw LoadError(description: "the web app folder \(base) has more than \(maxFiles) files or \(maxBytes >> 20) MiB")
            }
            files.append((relative, Array(data)))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    static func substitute(_ bytes: [UInt8], _ replacements: [String: String]) -> [UInt8] {
        var text = String(decoding: bytes, as: UTF8.self)
        for (placeholder, value) in replacements { text = text.replacingOccurrences(of: placeholder, with: value) }
        return Array(text.utf8)
    }

    static func file(_ bytes: [UInt8], path: String) -> File {
        // A strong validator: the same bytes always give the same tag, on every replica.
        let tag = "\"" + hex(SHA256.hash(data: bytes)).prefix(32) + "\""
        return File(bytes: bytes, contentType: contentType(ofPath: path), etag: tag)
    }

    static func hex<Digest: Sequence>(_ digest: Digest) -> String where Digest.Element == UInt8 {
        digest.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }

    /// The media type by extension; unknown kinds are served as bytes (with nosniff).
    public static func contentType(ofPath path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let ext = name.split(separator: ".").count > 1 ? String(name.split(separator: ".").last!).lowercased() : ""
        switch ext {
        case "html": return "text/html; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "json": return "application/json"
        case "webmanifest": return "application/manifest+json"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        case "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }
}
