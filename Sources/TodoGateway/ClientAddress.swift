import HTTPTypes

/// The address of the client a request came from, for per-address limits. The HTTP server's
/// `RequestHeadGuard` writes it into `header` on every request head (replacing whatever a
/// client sent under that name), so the value cannot be forged from outside.
enum ClientAddress {
    static let header = HTTPField.Name("x-todo-client-address")!

    @TaskLocal static var current: String?

    /// The throttle key of the current client, when the server knows it.
    static func throttleKeys() -> [String] {
        current.map { ["address:" + $0] } ?? []
    }
}
