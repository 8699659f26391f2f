import ActorRuntime

/// Range checks for numbers a caller sent, shared by the actors and the REST layer so that
/// actor invocation gets exactly the bounds REST applies: a 422 that names the field.
public enum InputBounds {
    public static func check(_ field: String, _ value: Int, in range: ClosedRange<Int>, unit: String = "") throws {
        guard range.contains(value) else {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "\(field) must be between \(range.lowerBound) and \(range.upperBound)\(unit), not \(value)")
        }
    }
}
