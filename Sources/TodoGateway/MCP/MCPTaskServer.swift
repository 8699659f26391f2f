import ActorRuntime
import Foundation
import MCP

/// The MCP server of the task tool set, for one authenticated user: `tools/list` answers the
/// shared definitions and `tools/call` runs `TaskTools` as that user. A failed call is an MCP
/// tool error (`isError: true`) carrying the precise message, never a protocol error.
enum MCPTaskServer {
    static let name = "todo"
    static let instructions = """
        Manage the user's tasks. Dates may be given in the user's own words ("next friday 5pm", \
        "in 3 days"): the server resolves them in the user's time zone, so never compute dates. \
        Use list_tasks to find a task's id before changing it.
        """

    static func make(tools: TaskTools, userID: String) async -> Server {
        let server = Server(
            name: name, version: "1.0.0", title: "todo tasks", instructions: instructions,
            capabilities: .init(tools: .init(listChanged: false))
        )
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: TaskTools.definitions.map(Self.tool))
        }
        await server.withMethodHandler(CallTool.self) { parameters in
            let arguments = Self.json(parameters.arguments)
            let result = await tools.call(parameters.name, arguments: arguments, userID: userID)
            return CallTool.Result(content: [.text(result.text)], isError: result.isError)
        }
        return server
    }

    static func tool(_ definition: TaskToolDefinition) -> Tool {
        let readOnly = definition.name == "list_tasks"
        return Tool(
            name: definition.name, description: definition.description, inputSchema: value(definition.inputSchema),
            annotations: .init(readOnlyHint: readOnly, destructiveHint: definition.name == "delete_task")
        )
    }

    /// The two JSON models, converted value by value.
    static func value(_ json: JSONValue) -> Value {
        switch json {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(Int(number))
        case .double(let number): .double(number)
        case .string(let text): .string(text)
        case .array(let items): .array(items.map(value))
        case .object(let fields): .object(fields.mapValues(value))
        }
    }

    static func json(_ arguments: [String: Value]?) -> JSONValue {
        guard let arguments else { return .object([:]) }
        return .object(arguments.mapValues(json))
    }

    static func json(_ value: Value) -> JSONValue {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(Int64(number))
        case .double(let number): .double(number)
        case .string(let text): .string(text)
        case .data(_, let data): .string(data.base64EncodedString())
        case .array(let items): .array(items.map(json))
        case .object(let fields): .object(fields.mapValues(json))
        }
    }
}
