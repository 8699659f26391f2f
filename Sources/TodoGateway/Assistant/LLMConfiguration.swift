import Foundation

/// Where the chat's language model is: an OpenAI-compatible Chat Completions endpoint. Set
/// all three of `TODO_LLM_BASE_URL` (e.g. `https://api.openai.com/v1`), `TODO_LLM_API_KEY`
/// and `TODO_LLM_MODEL` to turn LLM mode on; without them the chat uses the offline engine.
public struct LLMConfiguration: Sendable, Equatable {
    /// The API root; requests go to `<baseURL>/chat/completions`.
    public var baseURL: String
    public var apiKey: String
    public var model: String
    /// The limit of one HTTP exchange with the model (`TODO_LLM_TIMEOUT_SECONDS`, default 30).
    public var timeout: Duration
    /// Further attempts after a failed exchange (network error, 408, 429, 5xx):
    /// `TODO_LLM_RETRIES`, default 2.
    public var retries: Int
    /// The first pause between attempts; it doubles each time.
    public var retryDelay: Duration
    /// Model turns per message: each may call tools; past this the turn ends.
    public var maxRounds: Int

    public init(baseURL: String, apiKey: String, model: String, timeout: Duration = .seconds(30), retries: Int = 2,
                retryDelay: Duration = .milliseconds(250), maxRounds: Int = 8) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.model = model
        self.timeout = timeout
        self.retries = retries
        self.retryDelay = retryDelay
        self.maxRounds = maxRounds
    }

    /// The configuration the environment sets, or nil when LLM mode is off. A half-set
    /// environment is an error worth stopping for, not a silent fallback.
    public static func from(environment: [String: String]) throws -> LLMConfiguration? {
        let names = ["TODO_LLM_BASE_URL", "TODO_LLM_API_KEY", "TODO_LLM_MODEL"]
        let values = names.map { environment[$0].flatMap { $0.isEmpty ? nil : $0 } }
        if values.allSatisfy({ $0 == nil }) { return nil }
        let missing = zip(names, values).filter { $0.1 == nil }.map(\.0)
        guard missing.isEmpty, let base = values[0], let key = values[1], let model = values[2] else {
            throw LLMSetupError(description: "LLM mode needs TODO_LLM_BASE_URL, TODO_LLM_API_KEY and TODO_LLM_MODEL; missing \(missing.joined(separator: ", "))")
        }
        guard let url = URL(string: base), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw LLMSetupError(description: "TODO_LLM_BASE_URL must be an http(s) URL such as https://api.openai.com/v1, not '\(base)'")
        }
        var configuration = LLMConfiguration(baseURL: base, apiKey: key, model: model)
        if let text = environment["TODO_LLM_TIMEOUT_SECONDS"] {
            guard let seconds = Double(text), seconds > 0, seconds <= 600 else {
                throw LLMSetupError(description: "TODO_LLM_TIMEOUT_SECONDS must be a number of seconds in (0, 600], not '\(text)'")
            }
            configuration.timeout = .milliseconds(Int64(seconds * 1000))
        }
        if let text = environment["TODO_LLM_RETRIES"] {
            guard let retries = Int(text), (0...5).contains(retries) else {
                throw LLMSetupError(description: "TODO_LLM_RETRIES must be 0 to 5, not '\(text)'")
            }
            configuration.retries = retries
        }
        return configuration
    }

    public var completionsURL: String {
        (baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + "/chat/completions"
    }
}

public struct LLMSetupError: Error, CustomStringConvertible {
    public var description: String
}
