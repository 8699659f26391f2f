import AsyncHTTPClient
import NIOCore

/// The HTTP client for calls this process makes to other servers (the language model, the
/// `todo mcp` relay's server). A refused or unreachable address fails within the connect
/// timeout instead of being retried until the request's deadline (AsyncHTTPClient's
/// default), so a dead model falls back to the offline engine quickly; callers retry on
/// their own terms.
public enum OutboundHTTP {
    public static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(5)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
