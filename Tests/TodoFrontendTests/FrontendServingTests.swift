import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TodoFrontend

/// The frontend over HTTP, on the app as shipped in the bundle: the page at `/` and at the
/// app's own paths, hashed immutable assets, ETags with 304s, the security headers, content
/// types and 404 problems.
@Suite struct FrontendServingTests {
    static func app(_ assets: FrontendAssets) -> some ApplicationProtocol {
        let router = Router()
        Frontend.addRoutes(to: router, assets: assets)
        return Application(router: router)
    }

    static func text(_ response: TestResponse) -> String {
        String(decoding: response.body.readableBytesView, as: UTF8.self)
    }

    @Test func thePageNamesHashedAssetsAndIsRevalidated() async throws {
        let assets = try FrontendAssets.bundled(environment: [:])
        #expect(assets.assetPrefix.range(of: #"^/assets/[0-9a-f]{16}$"#, options: .regularExpression) != nil)
        try await Self.app(assets).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-cache")
                let etag = try #require(response.headers[.eTag])
                #expect(etag.hasPrefix("\"") && etag.hasSuffix("\"") && !etag.hasPrefix("W/"))
                let page = Self.text(response)
                #expect(!page.contains("__ASSETS__"))
                #expect(page.contains("src=\"\(assets.assetPrefix)/js/app.js\""))
                #expect(page.contains("href=\"\(assets.assetPrefix)/css/app.css\""))
                // No inline script or style for the policy to block.
                #expect(page.range(of: #"<script(?![^>]*\bsrc=)"#, options: .regularExpression) == nil)
                #expect(!page.contains("style="))
                #expect(!page.contains("<style"))
            }
        }
    }

    @Test func appPathsServeThePageAndOtherServicesPathsAre404() async throws {
        let assets = try FrontendAssets.bundled(environment: [:])
        try await Self.app(assets).test(.router) { client in
            for path in ["/today", "/upcoming", "/search?filter=%23home", "/signin", "/some/deep/route"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    #expect(response.headers[.eTag] == assets.page.etag)
                    #expect(response.headers[.cacheControl] == "no-cache")
                }
            }
            for path in ["/api/v1/tasks", "/ws", "/mcp", "/favicon.ico", "/js/app.js", "/metrics"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .notFound, "\(path)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                    let problem = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                    #expect(problem?["status"] as? Int == 404)
                    #expect((problem?["detail"] as? String)?.isEmpty == false)
                }
            }
        }
    }

    @Test func assetsAreImmutableWithTypesAndOnlyUnderTheCurrentPrefix() async throws {
        let assets = try FrontendAssets.bundled(environment: [:])
        let expected = [
            "js/app.js": "text/javascript; charset=utf-8", "css/app.css": "text/css; charset=utf-8",
            "icons/icon.svg": "image/svg+xml", "icons/icon-192.png": "image/png",
        ]
        try await Self.app(assets).test(.router) { client in
            for (path, type) in expected {
                try await client.execute(uri: "\(assets.assetPrefix)/\(path)", method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    #expect(response.headers[.contentType] == type)
                    #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(response.body.readableBytes == assets.assets[path]?.bytes.count)
                }
            }
            for path in ["/assets/0123456789abcdef/js/app.js", "\(assets.assetPrefix)/js/missing.js", "\(assets.assetPrefix)/../index.html", "/assets/"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .notFound, "\(path)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
        }
    }

    @Test func aMatchingETagGets304AndAStaleOneTheBody() async throws {
        let assets = try FrontendAssets.bundled(environment: [:])
        try await Self.app(assets).test(.router) { client in
            for uri in ["/", "/today", "\(assets.assetPrefix)/js/app.js", "/sw.js", "/manifest.webmanifest"] {
                let etag = try await client.execute(uri: uri, method: .get) { try #require($0.headers[.eTag]) }
                try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: etag]) { response in
                    #expect(response.status == .notModified, "\(uri)")
                    #expect(response.body.readableBytes == 0)
                    #expect(response.headers[.eTag] == etag)
                    #expect(response.headers[.cacheControl] != nil)
                }
                try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: "\"other\", W/\(etag)"]) { response in
                    #expect(response.status == .notModified, "a list with the tag (weakly compared) matches: \(uri)")
                }
                try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: "\"stale\""]) { response in
                    #expect(response.status == .ok)
                    #expect(response.body.readableBytes > 0)
                }
            }
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        let assets = try FrontendAssets.bundled(environment: [:])
        try await Self.app(assets).test(.router) { client in
            for uri in ["/", "/inbox", "\(assets.assetPrefix)/css/app.css", "/sw.js", "/nope.png"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let policy = try #require(response.headers[.contentSecurityPolicy])
                    let directives = Set(policy.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) })
                    #expect(directives.contains("default-src 'self'"))
                    #expect(directives.contains("script-src 'self'"))
                    #expect(directives.contains("style-src 'self'"))
                    #expect(directives.contains("connect-src 'self'"))
                    #expect(directives.contains("frame-ancestors 'none'"))
                    #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"))
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                }
            }
        }
    }

    @Test func theWorkerAndManifestNameTheCurrentAssets() async throws {
        let assets = try FrontendAssets.bundled(environment: [:])
        try await Self.app(assets).test(.router) { client in
            try await client.execute(uri: "/sw.js", method: .get) { response in
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-cache")
                let worker = Self.text(response)
                #expect(!worker.contains("__VERSION__") && !worker.contains("__SHELL__"))
                #expect(worker.contains("\"\(assets.assetPrefix)/js/app.js\""))
                #expect(worker.contains("const SHELL = [\"/\", "))
            }
            try await client.execute(uri: "/manifest.webmanifest", method: .get) { response in
                #expect(response.headers[.contentType] == "application/manifest+json")
                let manifest = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                let icons = manifest?["icons"] as? [[String: Any]] ?? []
                #expect(!icons.isEmpty)
                for icon in icons { #expect((icon["src"] as? String)?.hasPrefix(assets.assetPrefix + "/") == true) }
            }
            try await client.execute(uri: "/", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
                #expect(response.headers[.eTag] == assets.page.etag)
            }
        }
    }
}

/// The hashed prefix follows the bytes: the same files give the same prefix, a changed asset
/// a new one (and a new worker version), a changed page alone only a new worker version.
@Suite struct FrontendAssetHashingTests {
    static func tree(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("frontend-\(UUID().uuidString)", isDirectory: true)
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    static let base = [
        "index.html": "<script type=\"module\" src=\"__ASSETS__/js/a.js\"></script>",
        "sw.js": "const VERSION = \"__VERSION__\"; const SHELL = \"__SHELL__\";",
        "manifest.webmanifest": "{\"icons\": [{\"src\": \"__ASSETS__/i.png\"}]}",
        "js/a.js": "import \"./b.js\";", "js/b.js": "export {};", "i.png": "png",
    ]

    static func version(_ assets: FrontendAssets) -> String {
        let worker = String(decoding: assets.serviceWorker.bytes, as: UTF8.self)
        return String(worker.split(separator: "\"")[1])
    }

    @Test func thePrefixChangesWithAnyAssetAndOnlyThen() throws {
        let first = try FrontendAssets.load(from: Self.tree(Self.base))
        let same = try FrontendAssets.load(from: Self.tree(Self.base))
        #expect(first.assetPrefix == same.assetPrefix)
        #expect(first.page.etag == same.page.etag)

        var changedAsset = Self.base
        changedAsset["js/b.js"] = "export const b = 1;"
        let second = try FrontendAssets.load(from: Self.tree(changedAsset))
        #expect(second.assetPrefix != first.assetPrefix)
        #expect(second.page.etag != first.page.etag)
        #expect(Self.version(second) != Self.version(first))
        #expect(second.assets["js/b.js"]?.etag != first.assets["js/b.js"]?.etag)
        #expect(second.assets["js/a.js"]?.etag == first.assets["js/a.js"]?.etag)

        var changedPage = Self.base
        changedPage["index.html"] = "<p>new</p>" + Self.base["index.html"]!
        let third = try FrontendAssets.load(from: Self.tree(changedPage))
        #expect(third.assetPrefix == first.assetPrefix)
        #expect(Self.version(third) != Self.version(first))
        let worker = String(decoding: third.serviceWorker.bytes, as: UTF8.self)
        #expect(worker.contains("const SHELL = [\"/\", \"\(third.assetPrefix)/i.png\", \"\(third.assetPrefix)/js/a.js\", \"\(third.assetPrefix)/js/b.js\"];"))
    }

    @Test func aMissingFixedFileIsAnError() throws {
        var files = Self.base
        files["sw.js"] = nil
        #expect(throws: FrontendAssets.LoadError.self) { try FrontendAssets.load(from: Self.tree(files)) }
    }

    @Test func typesByExtension() {
        #expect(FrontendAssets.contentType(ofPath: "a/b.JS") == "text/javascript; charset=utf-8")
        #expect(FrontendAssets.contentType(ofPath: "x.webmanifest") == "application/manifest+json")
        #expect(FrontendAssets.contentType(ofPath: "noextension") == "application/octet-stream")
    }
}
