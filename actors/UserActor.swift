import ActorRuntime
import Foundation
import TodoEvents
import TodoModel

/// A user's profile and task index. The index answers list, search, filter and sort without
/// calling every TaskActor; it is kept in 256 buckets (state keys `index/0` … `index/255`,
/// by a stable hash of the task id) so a change rewrites one small bucket, not the whole index.
public struct UserActor: VirtualActor {
    public static let actorType = "UserActor"
    static let profileKey = StateKey<UserProfile>("profile")
    static let bucketCount: UInt64 = 256

    public let context: ActorContext

    public init(context: ActorContext) {
        self.context = context
    }

    public static let methods = ActorMethodTable<UserActor>(register, profile, timeZone, updateProfile, indexTask, unindexTask, listTasks, tags, ownedTasks, addAPIToken, apiTokens, revokeAPIToken)
    public static let addAPIToken = ActorMethod("addAPIToken", UserActor.addAPIToken(_:))
    public static let apiTokens = ActorMethod("apiTokens", UserActor.apiTokens)
    public static let revokeAPIToken = ActorMethod("revokeAPIToken", UserActor.revokeAPIToken(_:))
    static let tokensKey = StateKey<[TokenEntry]>("tokens")

    /// A personal API token as its owner sees it; `digest` names its APITokenActor.
    public struct TokenEntry: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var digest: String
        public var createdAt: Date
        public var revokedAt: Date?

        public init(id: String, name: String, digest: String, createdAt: Date, revokedAt: Date? = nil) {
            self.id = id
            self.name = name
            self.digest = digest
            self.createdAt = createdAt
            self.revokedAt = revokedAt
        }
    }

    public func addAPIToken(_ entry: TokenEntry) async throws -> NoValue {
        var tokens = try await context.state.get(Self.tokensKey, default: [])
        guard tokens.filter({ $0.revokedAt == nil }).count < 50 else {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "at most 50 live API tokens; revoke one first")
        }
        tokens.append(entry)
        context.state.set(Self.tokensKey, tokens)
        return NoValue()
    }

    public func apiTokens() async throws -> [TokenEntry] {
        try await context.state.get(Self.tokensKey, default: [])
    }

    /// Marks the token revoked here and returns it (the gateway then revokes its actor).
    public func revokeAPIToken(_ id: String) async throws -> TokenEntry {
        var tokens = try await context.state.get(Self.tokensKey, default: [])
        guard let index = tokens.firstIndex(where: { $0.id == id }) else {
            throw ActorProblem.notFound("no API token \(id)")
        }
        if tokens[index].revokedAt == nil {
            tokens[index].revokedAt = context.now
            context.state.set(Self.tokensKey, tokens)
        }
        return tokens[index]
    }
    public static let register = ActorMethod("register", UserActor.register(_:))
    public static let profile = ActorMethod("profile", UserActor.profile)
    public static let timeZone = ActorMethod("timeZone", UserActor.timeZone)
    public static let updateProfile = ActorMethod("updateProfile", UserActor.updateProfile(_:))
    public static let indexTask = ActorMethod("indexTask", UserActor.indexTask(_:))
    public static let unindexTask = ActorMethod("unindexTask", UserActor.unindexTask(_:))
    public static let listTasks = ActorMethod("listTasks", UserActor.listTasks(_:))
    public static let tags = ActorMethod("tags", UserActor.tags)
    public static let ownedTasks = ActorMethod("ownedTasks", UserActor.ownedTasks(_:))

    /// One indexed task: its summary plus what re-resolving its dates needs when the
    /// user's time zone changes. Stored with RFC 3339 dates (`UserActor+IndexEntryCoding`).
    public struct IndexEntry: Sendable, Hashable {
        public var summary: TaskSummary
        public var due: TaskDue?
        public var timeZone: String?

        /// The summary with the task's due and zone, also for entries written before the
        /// summary carried them.
        var summaryWithDue: TaskSummary {
            var summary = self.summary
            summary.due = due
            summary.timeZone = timeZone
            return summary
        }
    }

    public struct ProfileChange: Codable, Sendable {
        public var displayName: String?
        public var timeZone: String?
        public init(displayName: String? = nil, timeZone: String? = nil) {
            self.displayName = displayName
            self.timeZone = timeZone
        }
    }

    public struct TagCount: Codable, Sendable, Equatable {
        public var tag: String
        public var count: Int
        public var openCount: Int
    }

    // MARK: Profile

    public func register(_ profile: UserProfile) async throws -> UserProfile {
        if let existing = try await context.state.get(Self.profileKey) {
            if existing.email == profile.email { return existing }
            throw ActorProblem.conflict("user \(context.id) already exists")
        }
        var profile = profile
        profile.id = context.id
        context.state.set(Self.profileKey, profile)
        return profile
    }

    public func profile() async throws -> UserProfile {
        guard let profile = try await context.state.get(Self.profileKey) else {
            throw ActorProblem.notFound("user \(context.id) does not exist")
        }
        return profile
    }

    public func updateProfile(_ change: ProfileChange) async throws -> UserProfile {
        var profile = try await profile()
        if let name = change.displayName { profile.displayName = String(name.prefix(200)) }
        if let zone = change.timeZone, zone != profile.timeZone {
            do {
                profile.timeZone = try TaskFields.timeZone(zone) ?? "UTC"
            } catch {
                throw ActorProblem.unprocessable(error)
            }
            // Floating tasks and due days move with the user's zone: re-resolve every entry.
            let userZone = TimeZone(identifier: profile.timeZone) ?? .gmt
            for bucket in 0..<Self.bucketCount {
                let key = "index/\(bucket)"
                guard var entries = try await context.state.get(key, as: [String: IndexEntry].self), !entries.isEmpty else { continue }
                for (id, entry) in entries {
                    entries[id]?.summary = Self.resolve(entry, in: userZone)
                }
                context.state.set(key, entries)
            }
            context.memory.forget(Self.flatIndexMemory)
        }
        context.state.set(Self.profileKey, profile)
        return profile
    }

    // MARK: Index (called by TaskActor only)

    /// A saved change of one task, as its TaskActor projects it here after the commit.
    public struct IndexChange: Codable, Sendable {
        public var event: TaskEvent
        public init(event: TaskEvent) { self.event = event }
    }

    /// Indexes the task as the change left it, and tells live clients (`task-updates`, with
    /// the change's event id and kind). Called after the task's commit, again until it
    /// succeeds: a repeat publishes the same event id, and an older version never replaces a
    /// newer one.
    public func indexTask(_ change: IndexChange) async throws -> NoValue {
        let task = change.event.task
        let zone = try await userZone()
        let key = Self.bucket(of: task.id)
        var entries = try await context.state.get(key, as: [String: IndexEntry].self) ?? [:]
        if let indexed = entries[task.id], indexed.summary.version > task.version { return NoValue() }
        let entry = IndexEntry(summary: task.summary(userZone: zone), due: task.due, timeZone: task.timeZone)
        entries[task.id] = entry
        context.state.set(key, entries)
        context.memory.forget(Self.flatIndexMemory)
        try context.publish(TaskUpdate(event: change.event, summary: entry.summary), topic: Topics.taskUpdates, partitionKey: context.id, id: Self.updateEnvelopeID(change))
        return NoValue()
    }

    /// The user's IANA time zone.
    public func timeZone() async throws -> String {
        try await userZone().identifier
    }

    /// Removes a deleted task (after its TaskActor saved the deletion).
    public func unindexTask(_ change: IndexChange) async throws -> NoValue {
        let taskID = change.event.taskId
        let key = Self.bucket(of: taskID)
        guard var entries = try await context.state.get(key, as: [String: IndexEntry].self), entries.removeValue(forKey: taskID) != nil else {
            return NoValue()
        }
        context.state.set(key, entries)
        context.memory.forget(Self.flatIndexMemory)
        let update = TaskUpdate(event: change.event, summary: nil)
        try context.publish(update, topic: Topics.taskUpdates, partitionKey: context.id, id: Self.updateEnvelopeID(change))
        return NoValue()
    }

    /// The CloudEvent id of a change's `task-updates` message: derived from the change's
    /// event id, so a repeated projection is the same envelope, yet distinct from the
    /// `task-events` envelope (CloudEvents: `source` + `id` name one event, and both come from
    /// the same app). The payload `id` is the change's event id itself.
    static func updateEnvelopeID(_ change: IndexChange) -> String { "\(change.event.id).update" }

    // MARK: Queries

    public func listTasks(_ request: TaskListRequest) async throws -> TaskListPage {
        try request.validate()
        let zone = try await userZone()
        let filterContext = FilterContext(now: context.now, timeZone: zone)
        let filter: TaskFilter
        let sort: TaskSort
        do {
            filter = try TaskFilter(parsing: request.filter ?? "")
            sort = try TaskSort(parsing: request.sort ?? "")
        } catch {
            throw ActorProblem(status: 400, title: "Bad Request", detail: String(describing: error))
        }
        let cursor: TaskCursor?
        do {
            cursor = try request.cursor.map { try TaskCursor(encoded: $0) }
        } catch {
            throw ActorProblem(status: 400, title: "Bad Request", detail: String(describing: error))
        }
        let index = try await flatIndex()
        let result = try page(index.tasks, searchTexts: index.searchTexts, filter: filter, sort: sort, context: filterContext, limit: request.limit ?? 50, after: cursor)
        return TaskListPage(items: result.items, nextCursor: result.next?.encoded)
    }

    public func tags() async throws -> [TagCount] {
        var counts: [String: (Int, Int)] = [:]
        for task in try await flatIndex().tasks {
            for tag in task.tags {
                var count = counts[tag, default: (0, 0)]
                count.0 += 1
                if task.status == .open { count.1 += 1 }
                counts[tag] = count
            }
        }
        return counts.map { TagCount(tag: $0.key, count: $0.value.0, openCount: $0.value.1) }.sorted { ($0.count, $1.tag) > ($1.count, $0.tag) }
    }

    /// Which of these task ids belong to this user (bulk operations check ids here first).
    public func ownedTasks(_ ids: [String]) async throws -> [String] {
        var owned: [String] = []
        for id in ids where try await context.state.get(Self.bucket(of: id), as: [String: IndexEntry].self)?[id] != nil {
            owned.append(id)
        }
        return owned
    }

    // MARK: Helpers

    static func bucket(of taskID: String) -> String { "index/\(StableHash.fnv1a(taskID) % bucketCount)" }

    private func userZone() async throws -> TimeZone {
        let identifier = try await context.state.get(Self.profileKey)?.timeZone ?? "UTC"
        return TimeZone(identifier: identifier) ?? .gmt
    }

    /// Every indexed task in one array with its folded search text: what list and tags scan.
    /// Kept for the activation and forgotten by every turn that changes the index, so it is
    /// rebuilt from the (cached) buckets only after a change.
    struct FlatIndex: Sendable {
        var tasks: [TaskSummary] = []
        var searchTexts: [String] = []
    }
    static let flatIndexMemory = "flat-index"

    private func flatIndex() async throws -> FlatIndex {
        if let kept = context.memory.value(Self.flatIndexMemory, as: FlatIndex.self) { return kept }
        var index = FlatIndex()
        for bucket in 0..<Self.bucketCount {
            guard let entries = try await context.state.get("index/\(bucket)", as: [String: IndexEntry].self) else { continue }
            for entry in entries.values {
                let summary = entry.summaryWithDue
                index.tasks.append(summary)
                index.searchTexts.append(SearchText.of(summary))
            }
        }
        context.memory.set(Self.flatIndexMemory, index)
        return index
    }

    static func resolve(_ entry: IndexEntry, in userZone: TimeZone) -> TaskSummary {
        var summary = entry.summaryWithDue
        guard let due = entry.due else { return summary }
        let zone = entry.timeZone.flatMap(TimeZone.init(identifier:)) ?? userZone
        let instant = due.instant(in: zone)
        summary.dueAt = Double(instant)
        summary.dueDay = due.hasTime ? CivilTime.day(of: Double(instant), in: userZone) : due.dayNumber
        return summary
    }
}

/// A user's profile. Credentials live in the AccountActor, not here.
public struct UserProfile: Codable, Sendable, Equatable {
    public var id: String
    public var email: String
    public var displayName: String?
    public var timeZone: String
    public var createdAt: Date

    public init(id: String, email: String, displayName: String? = nil, timeZone: String = "UTC", createdAt: Date) {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.timeZone = timeZone
        self.createdAt = createdAt
    }
}

public struct TaskListRequest: Codable, Sendable {
    public var filter: String?
    public var sort: String?
    public var limit: Int?
    public var cursor: String?
    public init(filter: String? = nil, sort: String? = nil, limit: Int? = nil, cursor: String? = nil) {
        self.filter = filter
        self.sort = sort
        self.limit = limit
        self.cursor = cursor
    }

    /// Page sizes, for REST, MCP and actor invocation alike.
    public static let limitRange = 1...500

    /// The bounds every caller gets; the filter's own limits are the parser's (`FilterLimits`).
    public func validate() throws {
        if let limit { try InputBounds.check("limit", limit, in: Self.limitRange) }
        if let cursor, cursor.utf8.count > 4_096 {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "cursor: longer than 4096 bytes; it is not one this API issued")
        }
        if let sort, sort.utf8.count > 200 {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "sort: longer than 200 bytes")
        }
    }
}

public struct TaskListPage: Codable, Sendable {
    public var items: [TaskSummary]
    public var nextCursor: String?
}
