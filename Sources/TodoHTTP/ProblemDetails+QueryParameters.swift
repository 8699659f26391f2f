import ActorRuntime
import Foundation
import HTTPTypes

/// The generated server reads query parameters with the URI decoder, whose type errors carry
/// no coding path: described as a body error they read "the body has the wrong type (expected
/// Int)" for `GET /tasks?limit=1e400`, which has no body. A scalar type mismatch at the root
/// can only come from a parameter (every JSON body of the API is an object), so the query is
/// searched for the item whose value is not of the expected type, and the problem names it.
extension ProblemDetails {
    static func queryParameterProblem(_ error: DecodingError, request: HTTPRequest) -> ActorProblem? {
        guard case .typeMismatch(let type, let context) = error, context.codingPath.isEmpty,
              let expected = ScalarKind(type),
              let path = request.path, let mark = path.firstIndex(of: "?")
        else { return nil }
        let items = URLComponents(string: String(path[mark...]))?.queryItems ?? []
        guard let item = items.first(where: { numericQueryParameters.contains($0.name) && !expected.accepts($0.value ?? "") }) else {
            return ActorProblem(status: 400, title: "Bad Request", detail: "a query parameter has the wrong type (expected \(expected.noun))")
        }
        return ActorProblem(status: 400, title: "Bad Request", detail: expected.detail(parameter: item.name, value: item.value ?? ""))
    }

    /// The query parameters openapi.yaml declares as numbers (`GET /tasks` limit,
    /// `GET /tasks/{id}/occurrences` count): only they can be the one the decoder refused (a
    /// filter such as "p1" is not a number either, and is not the culprit).
    static let numericQueryParameters: Set<String> = ["limit", "count"]

    /// The scalar types a query parameter of the API has.
    private enum ScalarKind {
        case integer, number, boolean

        init?(_ type: Any.Type) {
            switch type {
            case is any FixedWidthInteger.Type: self = .integer
            case is any BinaryFloatingPoint.Type: self = .number
            case is Bool.Type: self = .boolean
            default: return nil
            }
        }

        func accepts(_ value: String) -> Bool {
            switch self {
            case .integer: Int(value) != nil
            case .number: Double(value).map(\.isFinite) ?? false
            case .boolean: value == "true" || value == "false"
            }
        }

        var noun: String {
            switch self {
            case .integer: "a whole number"
            case .number: "a finite number"
            case .boolean: "true or false"
            }
        }

        func detail(parameter: String, value: String) -> String {
            let shown = value.count > 40 ? "\(value.prefix(40))… (\(value.count) characters)" : value
            let digits = value.hasPrefix("-") ? value.dropFirst() : Substring(value)
            switch self {
            case .integer where !digits.isEmpty && digits.allSatisfy({ $0.isASCII && $0.isNumber }):
                return "query parameter '\(parameter)' is out of range: '\(shown)'"
            case .integer: return "query parameter '\(parameter)' must be a whole number, not '\(shown)'"
            case .number: return "query parameter '\(parameter)' must be a finite number, not '\(shown)'"
            case .boolean: return "query parameter '\(parameter)' must be true or false, not '\(shown)'"
            }
        }
    }
}
