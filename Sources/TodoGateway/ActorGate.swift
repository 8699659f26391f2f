import ActorRuntime
import Foundation
import OpenAPIRuntime
import TodoActors

/// `POST /actors/{type}/{id}/method/{method}`: direct actor invocation for power users and
/// tools, behind an allow-list. The gateway writes the caller's user id into the argument, so
/// the actor's own ownership check decides — nobody reaches an actor they do not own.
struct ActorGate {
    let services: GatewayServices
    let userID: String

    /// Methods callable from outside, per type. Accounts and API tokens are not reachable.
    static let allowed: [String: Set<String>] = [
        TaskActor.actorType: ["get", "update", "complete", "reopen", "delete", "snooze", "skip", "occurrences"],
        UserActor.actorType: ["profile", "listTasks", "tags"],
    ]

    func invoke(type: String, id: String, method: String, body: OpenAPIValueContainer?) async throws -> OpenAPIValueContainer {
        guard let methods = Self.allowed[type], methods.contains(method) else {
            throw ActorProblem.notFound("actor method \(type).\(method) is not available; allowed: \(Self.allowed.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.sorted().joined(separator: ", "))" }.joined(separator: "; "))")
        }
        var argument: JSONValue
        do {
            argument = try body.map { try JSONValue(json: JSONEncoder().encode($0)) } ?? .object([:])
        } catch {
            throw ActorProblem.badRequest("the body is not JSON")
        }
        let payload: Data
        switch type {
        case TaskActor.actorType:
            guard case .object(var fields) = argument else {
                throw ActorProblem.badRequest("the argument of \(type).\(method) is a JSON object")
            }
            fields["userID"] = .string(userID)
            payload = try JSONValue.object(fields).jsonData()
        default:
            // A user's own actor only; the argument passes through (listTasks takes its query).
            guard id == userID else { throw ActorProblem.notFound("actor \(type)/\(id) does not exist") }
            if argument == .object([:]), method != "listTasks" { argument = .null }
            payload = argument == .null ? Data() : try argument.jsonData()
        }
        let result = try await services.actors.invoke(ActorAddress(type: type, id: id), method: method, payload: .json(payload))
        let data = try result.jsonData()
        return try JSONDecoder().decode(OpenAPIValueContainer.self, from: data.isEmpty ? Data("null".utf8) : data)
    }
}
