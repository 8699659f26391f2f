/// Why task input was refused: which field, and what is wrong with it. The gateway answers
/// it as 422 problem details.
public enum TaskValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(field: String, String)

    public var field: String {
        switch self {
        case .invalid(let field, _): return field
        }
    }

    public var message: String {
        switch self {
        case .invalid(_, let message): return message
        }
    }

    public var description: String { "\(field): \(message)" }
}
