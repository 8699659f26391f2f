import ActorRuntime
import Foundation

/// One tool of the task tool set: its name, what it does (for the model choosing it), and a
/// JSON Schema of its arguments. The same definitions are served over MCP (`tools/list`) and
/// sent to an LLM as Chat Completions `tools`.
public struct TaskToolDefinition: Sendable {
    public var name: String
    public var description: String
    public var inputSchema: JSONValue
}

extension TaskTools {
    /// Field schemas shared by add_task and update_task. Dates may be given in words: the
    /// server resolves them, so the caller never computes a date.
    private static let dueSchema = """
        {"type": "string", "maxLength": 100, "description": "When the task is due: YYYY-MM-DD (a day), a local YYYY-MM-DDTHH:MM[:SS] (wall-clock in the task's zone), an RFC 3339 instant with offset, or words such as 'tomorrow', 'next friday 5pm', 'in 3 days', 'end of the month', 'dec 12 at 6:45am', 'friday 9am Tokyo time'. Words are resolved in the user's time zone (or timeZone, when given) at the moment of the call; pass the user's own words, do not compute dates."}
        """
    private static let timeZoneSchema = """
        {"type": "string", "maxLength": 64, "description": "IANA time zone of the due time, e.g. Europe/Berlin. Omit for a floating task that follows the user's zone."}
        """
    private static let prioritySchema = """
        {"type": "string", "enum": ["none", "low", "medium", "high", "urgent", "p1", "p2", "p3", "p4"], "description": "p1 = urgent … p4 = low"}
        """
    private static let tagsSchema = """
        {"type": "array", "maxItems": 30, "items": {"type": "string", "minLength": 1, "maxLength": 64}, "description": "Tags without '#'."}
        """
    private static let remindersSchema = """
        {"type": "array", "maxItems": 20, "description": "Reminders: each either at an instant or some minutes before the due time.", "items": {"type": "object", "additionalProperties": false, "properties": {"at": {"type": "string", "maxLength": 100, "description": "An RFC 3339 instant, or words such as 'tomorrow 8am' (resolved like due)."}, "minutesBefore": {"type": "integer", "minimum": 0, "maximum": 525600, "description": "Minutes before the due time (for a date-only task: before 09:00 on its day)."}}}}
        """
    private static let recurrenceSchema = """
        {"type": "object", "additionalProperties": false, "required": ["rrule"], "description": "Repeat the task. The due is the first occurrence.", "properties": {"rrule": {"type": "string", "minLength": 1, "maxLength": 1000, "description": "RFC 5545 RRULE without DTSTART, e.g. FREQ=WEEKLY;BYDAY=TU,FR or FREQ=MONTHLY;BYMONTHDAY=-1"}, "anchor": {"type": "string", "enum": ["schedule", "completion"], "default": "schedule", "description": "schedule: next occurrence follows the rule; completion: counts from when the current one is done."}}}
        """
    private static let taskIDSchema = """
        {"type": "string", "minLength": 1, "maxLength": 100, "description": "The task's id (from list_tasks or add_task)."}
        """

    private static func schema(_ text: String) -> JSONValue {
        do {
            return try JSONValue(json: Data(text.utf8))
        } catch {
            preconditionFailure("a tool schema in the source is not JSON: \(error)")
        }
    }

    /// The tool set, in a stable order.
    public static let definitions: [TaskToolDefinition] = [
        TaskToolDefinition(
            name: "add_task",
            description: "Create a task for the user. Returns the task and a confirmation naming the weekday of every date set.",
            inputSchema: schema("""
                {"type": "object", "additionalProperties": false, "required": ["title"], "properties": {
                  "title": {"type": "string", "minLength": 1, "maxLength": 500},
                  "notes": {"type": "string", "maxLength": 10000},
                  "due": \(dueSchema), "timeZone": \(timeZoneSchema), "priority": \(prioritySchema),
                  "tags": \(tagsSchema), "reminders": \(remindersSchema), "recurrence": \(recurrenceSchema)}}
                """)
        ),
        TaskToolDefinition(
            name: "list_tasks",
            description: "List the user's tasks, optionally filtered, searched and sorted. Returns id, title, status, priority, tags and due of each (as the task resource has it: YYYY-MM-DD, or a wall-clock date-time in the task's timeZone when it has one, else the user's), a 'when' in words, and the user's time zone.",
            inputSchema: schema("""
                {"type": "object", "additionalProperties": false, "properties": {
                  "filter": {"type": "string", "maxLength": 1000, "description": "The API's filter language, e.g. 'open', 'overdue', 'today', 'due before: 2026-12-01', '#work & p1', 'completed | #home', 'due on: tomorrow'. Default: all tasks."},
                  "query": {"type": "string", "maxLength": 200, "description": "Words to search for in titles and notes."},
                  "sort": {"type": "string", "maxLength": 100, "description": "e.g. 'due', '-priority', 'created'."},
                  "limit": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}}}
                """)
        ),
        TaskToolDefinition(
            name: "complete_task",
            description: "Mark a task done. For a recurring task this creates the next occurrence, whose due the result names.",
            inputSchema: schema("""
                {"type": "object", "additionalProperties": false, "required": ["taskId"], "properties": {
                  "taskId": \(taskIDSchema),
                  "completedAt": {"type": "string", "format": "date-time", "description": "When it was done (RFC 3339); default now."}}}
                """)
        ),
        TaskToolDefinition(
            name: "update_task",
            description: "Change a task: only the fields given change. List fields in 'clear' to remove them.",
            inputSchema: schema("""
                {"type": "object", "additionalProperties": false, "required": ["taskId"], "properties": {
                  "taskId": \(taskIDSchema),
                  "title": {"type": "string", "minLength": 1, "maxLength": 500},
                  "notes": {"type": "string", "maxLength": 10000},
                  "due": \(dueSchema), "timeZone": \(timeZoneSchema), "priority": \(prioritySchema),
                  "tags": \(tagsSchema), "reminders": \(remindersSchema), "recurrence": \(recurrenceSchema),
                  "clear": {"type": "array", "maxItems": 3, "items": {"type": "string", "enum": ["due", "timeZone", "recurrence"]}}}}
                """)
        ),
        TaskToolDefinition(
            name: "delete_task",
            description: "Delete a task for good.",
            inputSchema: schema("""
                {"type": "object", "additionalProperties": false, "required": ["taskId"], "properties": {"taskId": \(taskIDSchema)}}
                """)
        ),
        TaskToolDefinition(
            name: "reopen_task",
            description: "Mark a completed task open again.",
            inputSchema: schema("""
                {"type": "object", "additionalProperties": false, "required": ["taskId"], "properties": {"taskId": \(taskIDSchema)}}
                """)
        ),
        TaskToolDefinition(
            name: "snooze_task",
            description: "Remind the user about a task again after some minutes (this occurrence only).",
            inputSchema: schema("""
                {"type": "object", "additionalProperties": false, "required": ["taskId", "minutes"], "properties": {
                  "taskId": \(taskIDSchema),
                  "minutes": {"type": "integer", "minimum": 1, "maximum": 10080}}}
                """)
        ),
    ]
}
