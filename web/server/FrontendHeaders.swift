import HTTPTypes

/// The headers every response of the frontend carries. The policy allows only the app's own
/// origin: no inline script or style, no framing, `connect-src 'self'` (which covers the
/// same-origin WebSocket at `/ws` and the API), and no referrer leaves the app.
public enum FrontendHeaders {
    public static let contentSecurityPolicy = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ")

    public static let security: HTTPFields = {
        var fields = HTTPFields()
        fields[.contentSecurityPolicy] = contentSecurityPolicy
        fields[.xContentTypeOptions] = "nosniff"
        fields[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        // For browsers that predate frame-ancestors.
        fields[HTTPField.Name("X-Frame-Options")!] = "DENY"
        fields[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        // The chat's microphone button may ask for the microphone; nothing else is used.
        fields[HTTPField.Name("Permissions-Policy")!] = "camera=(), geolocation=(), payment=(), microphone=(self)"
        return fields
    }()
}
