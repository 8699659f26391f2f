import ActorRuntime
import Foundation
import TodoLanguage
import TodoModel

/// Reading tool arguments: dates in words are resolved by the offline engine, then the
/// arguments are decoded into the REST API's own input types, so the gateway's mapping and
/// validation apply unchanged.
extension TaskTools {
    /// Replaces `due` and reminder `at` values given in words by what the engine resolves
    /// them to, in the task's zone when the arguments name one, else the user's, at `now`.
    func resolvingDates(_ arguments: [String: JSONValue], userZone: TimeZone, now: Date) throws -> [String: JSONValue] {
        var fields = arguments
        var zone = userZone
        if case .string(let name)? = fields["timeZone"], let named = TimeZone(identifier: name) { zone = named }
        if case .string(let text)? = fields["due"], !Self.isMachineDate(text) {
            switch WhenPhrase.resolve(text, now: now, timeZone: zone) {
            case .resolved(let value, let phraseZone):
                try Self.refuseUnusableNumbers(in: text, field: "due", now: now, year: value.local.year)
                // A wall-clock due: the gateway reads it in the task's zone (or the user's).
                fields["due"] = .string(value.local.description)
                if let phraseZone, fields["timeZone"] == nil {
                    fields["timeZone"] = .string(phraseZone)
                    if let named = TimeZone(identifier: phraseZone) { zone = named }
                }
            case .ambiguous(let question):
                throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "due: '\(text)' is ambiguous — \(question)")
            case .notADate(let rest):
                try Self.refuseUnusableNumbers(in: text, field: "due", now: now, year: nil)
                throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "due: '\(text)' is not a date (could not read '\(rest)'); use YYYY-MM-DD, YYYY-MM-DDTHH:MM, an RFC 3339 instant, or words such as 'next friday 5pm'")
            }
        }
        if case .array(let reminders)? = fields["reminders"] {
            fields["reminders"] = .array(try reminders.enumerated().map { index, reminder in
                guard case .object(var reminder) = reminder, case .string(let text)? = reminder["at"], TodoAPI.instant(text) == nil else { return reminder }
                reminder["at"] = .string(try Self.reminderInstant(text, index: index, zone: zone, now: now))
                return .object(reminder)
            })
        }
        return fields
    }

    /// A date in words with a number the engine cannot use ("in 99999999999999999999 days",
    /// "in 999999 years") is refused naming that number; so is one it resolved past the last
    /// year a date may have.
    static func refuseUnusableNumbers(in text: String, field: String, now: Date, year: Int?) throws {
        if let number = LanguageEngine.unusableNumbers(in: text, now: now, limit: 1).first {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "\(field): '\(text)': \(number.sentence)")
        }
        if let year, !TaskFields.years.contains(year) {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "\(field): '\(text)' is in the year \(year), outside the years \(TaskFields.years.lowerBound) to \(TaskFields.years.upperBound)")
        }
    }

    /// A date the API reads as it is: `YYYY-MM-DD`, a local date-time, or an RFC 3339 instant.
    static func isMachineDate(_ text: String) -> Bool {
        (try? TaskDue(parsing: text.trimmingCharacters(in: .whitespaces))) != nil || TodoAPI.instant(text) != nil
    }

    /// A reminder in words: its instant (a day alone means 09:00 that day, as for date-only tasks).
    private static func reminderInstant(_ text: String, index: Int, zone: TimeZone, now: Date) throws -> String {
        switch WhenPhrase.resolve(text, now: now, timeZone: zone) {
        case .resolved(let value, let phraseZone):
            try refuseUnusableNumbers(in: text, field: "reminders[\(index)].at", now: now, year: value.local.year)
            let instant: Date
            if let date = value.date {
                instant = date
            } else {
                let readIn = phraseZone.flatMap(TimeZone.init(identifier:)) ?? zone
                instant = Date(timeIntervalSince1970: Double(value.local.instant(in: readIn) + 9 * 3_600))
            }
            return instant.formatted(Date.ISO8601FormatStyle())
        case .ambiguous(let question):
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "reminders[\(index)].at: '\(text)' is ambiguous — \(question)")
        case .notADate:
            try refuseUnusableNumbers(in: text, field: "reminders[\(index)].at", now: now, year: nil)
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "reminders[\(index)].at: '\(text)' is not an RFC 3339 instant or a time in words such as 'tomorrow 8am'")
        }
    }

    /// Decodes the arguments as the REST API's input type (unknown fields are refused as the
    /// API refuses them).
    static func decode<T: Decodable>(_ type: T.Type, from fields: [String: JSONValue]) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = TodoAPI.instant(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not an RFC 3339 date-time"))
            }
            return date
        }
        return try decoder.decode(T.self, from: JSONValue.object(fields).jsonData())
    }

    static func allowOnly(_ keys: Set<String>, in arguments: [String: JSONValue], tool: String) throws {
        let unknown = arguments.keys.filter { !keys.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw ActorProblem(status: 400, title: "Bad Request", detail: "\(tool) takes no \(unknown.map { "'\($0)'" }.joined(separator: ", ")); its arguments are \(keys.sorted().joined(separator: ", "))")
        }
    }

    static func string(_ key: String, in arguments: [String: JSONValue]) throws -> String? {
        switch arguments[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw ActorProblem(status: 400, title: "Bad Request", detail: "\(key) must be a string")
        }
    }

    static func integer(_ key: String, in arguments: [String: JSONValue]) throws -> Int? {
        switch arguments[key] {
        case nil, .null?: return nil
        case .int(let value)?: return Int(value)
        case .double(let value)? where value == value.rounded() && abs(value) < 1e15: return Int(value)
        default: throw ActorProblem(status: 400, title: "Bad Request", detail: "\(key) must be an integer")
        }
    }

    static func taskID(_ arguments: [String: JSONValue]) throws -> String {
        guard let id = try string("taskId", in: arguments)?.trimmingCharacters(in: .whitespaces), !id.isEmpty, id.count <= 100 else {
            throw ActorProblem(status: 400, title: "Bad Request", detail: "taskId: required, 1 to 100 characters (the id from list_tasks or add_task)")
        }
        return id
    }

    // MARK: Output

    /// A REST API value as JSON, with dates as the API writes them (RFC 3339).
    static func json<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONValue(json: encoder.encode(value))
    }

    static func text(_ value: JSONValue) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
