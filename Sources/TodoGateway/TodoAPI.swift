import ActorRuntime
import Foundation
import OpenAPIRuntime
import TodoActors
import TodoContracts
import TodoEvents
import TodoHTTP
import TodoModel

/// The REST API (`openapi.yaml`), implemented over the actors. Handlers return only their
/// success; every failure is thrown and becomes problem details in `ProblemMiddleware`.
struct TodoAPI: APIProtocol {
    let services: GatewayServices

    // MARK: Accounts

    func signup(_ input: Operations.Signup.Input) async throws -> Operations.Signup.Output {
        guard case .json(let credentials) = input.body else { throw Self.unsupported }
        let email = try Self.normalizedEmail(credentials.email)
        try Self.checkPassword(credentials.password)
        let addressKeys = ClientAddress.throttleKeys()
        try services.loginThrottle.check(addressKeys)
        let zone: String
        do {
            zone = try TaskFields.timeZone(credentials.timeZone) ?? "UTC"
        } catch {
            throw ActorProblem.unprocessable(error)
        }
        let passwords = services.passwords, password = credentials.password
        let hash = try await services.passwordWork.run { try passwords.hash(password) }
        let profile: UserProfile
        do {
            profile = try await services.account(email).open(.init(userID: Self.newID("u"), passwordHash: hash, timeZone: zone))
        } catch let problem as ActorProblem where problem.status == 409 {
            // Probing which addresses have accounts counts as a failed attempt.
            services.loginThrottle.fail(addressKeys)
            throw problem
        }
        let session = try await services.accessTokens.issue(userID: profile.id)
        return .created(.init(body: .json(.init(token: session.token, expiresAt: session.expiresAt, user: Self.user(profile)))))
    }

    func login(_ input: Operations.Login.Input) async throws -> Operations.Login.Output {
        guard case .json(let credentials) = input.body else { throw Self.unsupported }
        let refused = ActorProblem(status: 401, title: "Unauthorized", detail: "wrong e-mail address or password")
        let addressKeys = ClientAddress.throttleKeys()
        guard let email = try? Self.normalizedEmail(credentials.email), credentials.password.utf8.count <= 1_000 else {
            services.loginThrottle.fail(addressKeys)
            throw refused
        }
        let keys = addressKeys + ["account:" + email]
        try services.loginThrottle.check(keys)
        let account: AccountActor.Account
        let passwords = services.passwords, password = credentials.password
        do {
            account = try await services.account(email).credentials()
        } catch let problem as ActorProblem where problem.status == 404 {
            // Spend the same effort as a real check, so timing does not tell which addresses exist.
            _ = try await services.passwordWork.run { passwords.verify(password, against: Self.decoyHash) }
            services.loginThrottle.fail(keys)
            throw refused
        }
        let stored = account.passwordHash
        guard try await services.passwordWork.run({ passwords.verify(password, against: stored) }) else {
            services.loginThrottle.fail(keys)
            throw refused
        }
        services.loginThrottle.succeed("account:" + email)
        let profile = try await services.user(account.userID).profile()
        let session = try await services.accessTokens.issue(userID: account.userID)
        return .ok(.init(body: .json(.init(token: session.token, expiresAt: session.expiresAt, user: Self.user(profile)))))
    }

    func listAPITokens(_ input: Operations.ListAPITokens.Input) async throws -> Operations.ListAPITokens.Output {
        let tokens = try await services.user(RequestIdentity.require()).apiTokens()
        return .ok(.init(body: .json(tokens.map { .init(id: $0.id, name: $0.name, createdAt: $0.createdAt, revokedAt: $0.revokedAt) })))
    }

    func createAPIToken(_ input: Operations.CreateAPIToken.Input) async throws -> Operations.CreateAPIToken.Output {
        let userID = try RequestIdentity.require()
        guard case .json(let request) = input.body else { throw Self.unsupported }
        let name = request.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100 else {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "name: must be 1 to 100 characters")
        }
        let secret = PersonalAccessToken.generate()
        let digest = PersonalAccessToken.digest(secret)
        let entry = UserActor.TokenEntry(id: Self.newID("tok"), name: name, digest: digest, createdAt: Date())
        try await services.user(userID).addAPIToken(entry)
        _ = try await services.apiToken(digest).issue(.init(id: entry.id, userID: userID, name: name, createdAt: entry.createdAt))
        return .created(.init(body: .json(.init(id: entry.id, name: name, createdAt: entry.createdAt, token: secret))))
    }

    func revokeAPIToken(_ input: Operations.RevokeAPIToken.Input) async throws -> Operations.RevokeAPIToken.Output {
        let userID = try RequestIdentity.require()
        let entry = try await services.user(userID).revokeAPIToken(input.path.tokenId)
        _ = try await services.apiToken(entry.digest).revoke(userID)
        services.authenticator.forgetAPIToken(digest: entry.digest)
        return .noContent(.init())
    }

    func getProfile(_ input: Operations.GetProfile.Input) async throws -> Operations.GetProfile.Output {
        .ok(.init(body: .json(Self.user(try await services.user(RequestIdentity.require()).profile()))))
    }

    func updateProfile(_ input: Operations.UpdateProfile.Input) async throws -> Operations.UpdateProfile.Output {
        guard case .json(let change) = input.body else { throw Self.unsupported }
        let profile = try await services.user(RequestIdentity.require()).updateProfile(.init(displayName: change.displayName, timeZone: change.timeZone))
        return .ok(.init(body: .json(Self.user(profile))))
    }

    // MARK: Tasks

    func listTasks(_ input: Operations.ListTasks.Input) async throws -> Operations.ListTasks.Output {
        let userID = try RequestIdentity.require()
        let request = try Self.listRequest(filter: input.query.filter, words: input.query.q, sort: input.query.sort, limit: input.query.limit, cursor: input.query.cursor)
        let page = try await services.user(userID).listTasks(request)
        return .ok(.init(body: .json(.init(items: page.items.map(Self.summary), nextCursor: page.nextCursor))))
    }

    /// A list query as the index takes it: free-text words become a `search:` term of the
    /// filter. Shared with the tool set's list_tasks.
    static func listRequest(filter: String?, words: String?, sort: String?, limit: Int?, cursor: String?) throws -> TaskListRequest {
        var filter = filter ?? ""
        if let words = words?.trimmingCharacters(in: .whitespaces), !words.isEmpty {
            let search = "search: " + words.filter { !"&|()".contains($0) }
            filter = filter.trimmingCharacters(in: .whitespaces).isEmpty ? search : "(\(filter)) & \(search)"
        }
        let request = TaskListRequest(filter: filter, sort: sort, limit: limit ?? 50, cursor: cursor)
        try request.validate()
        return request
    }

    func createTask(_ input: Operations.CreateTask.Input) async throws -> Operations.CreateTask.Output {
        let userID = try RequestIdentity.require()
        guard case .json(let body) = input.body else { throw Self.unsupported }
        let draft = try await draft(from: body, userID: userID)
        // An Idempotency-Key names the task: a retried create finds the task it made.
        let taskID = input.headers.idempotencyKey.map { Self.idempotentID(userID: userID, key: $0) } ?? Self.newID("t")
        let task: TaskRecord
        do {
            task = try await services.task(taskID).create(.init(userID: userID, draft: draft))
        } catch let problem as ActorProblem where problem.status == 409 && input.headers.idempotencyKey != nil {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "this Idempotency-Key was already used for a different task")
        }
        return .created(.init(headers: .init(eTag: Self.etag(task)), body: .json(Self.task(task))))
    }

    func getTask(_ input: Operations.GetTask.Input) async throws -> Operations.GetTask.Output {
        let task = try await services.task(input.path.taskId).get(.init(userID: RequestIdentity.require()))
        return .ok(.init(headers: .init(eTag: Self.etag(task)), body: .json(Self.task(task))))
    }

    func updateTask(_ input: Operations.UpdateTask.Input) async throws -> Operations.UpdateTask.Output {
        let userID = try RequestIdentity.require()
        guard case .json(let body) = input.body else { throw Self.unsupported }
        let patch = try await patch(from: body, userID: userID)
        let task = try await services.task(input.path.taskId).update(.init(userID: userID, patch: patch, ifVersion: try Self.version(input.headers.ifMatch), idempotencyKey: input.headers.idempotencyKey))
        return .ok(.init(headers: .init(eTag: Self.etag(task)), body: .json(Self.task(task))))
    }

    func deleteTask(_ input: Operations.DeleteTask.Input) async throws -> Operations.DeleteTask.Output {
        _ = try await services.task(input.path.taskId).delete(.init(userID: RequestIdentity.require(), ifVersion: try Self.version(input.headers.ifMatch)))
        return .noContent(.init())
    }

    func completeTask(_ input: Operations.CompleteTask.Input) async throws -> Operations.CompleteTask.Output {
        var completedAt: Date?
        if case .json(let body) = input.body { completedAt = body.completedAt }
        var task = try await services.task(input.path.taskId).complete(.init(userID: RequestIdentity.require(), completedAt: completedAt, ifVersion: try Self.version(input.headers.ifMatch)))
        if let next = await services.tellSeries(.completed, task)?.nextOccurrenceID { task.nextOccurrenceID = next }
        return .ok(.init(body: .json(Self.task(task))))
    }

    func reopenTask(_ input: Operations.ReopenTask.Input) async throws -> Operations.ReopenTask.Output {
        var task = try await services.task(input.path.taskId).reopen(.init(userID: RequestIdentity.require(), ifVersion: try Self.version(input.headers.ifMatch)))
        if let outcome = await services.tellSeries(.reopened, task), outcome.retractedTaskID != nil { task.nextOccurrenceID = nil }
        return .ok(.init(body: .json(Self.task(task))))
    }

    func snoozeTask(_ input: Operations.SnoozeTask.Input) async throws -> Operations.SnoozeTask.Output {
        guard case .json(let body) = input.body else { throw Self.unsupported }
        let task = try await services.task(input.path.taskId).snooze(.init(userID: RequestIdentity.require(), minutes: body.minutes))
        return .ok(.init(body: .json(Self.task(task))))
    }

    func skipOccurrence(_ input: Operations.SkipOccurrence.Input) async throws -> Operations.SkipOccurrence.Output {
        let task = try await services.task(input.path.taskId).skip(.init(userID: RequestIdentity.require(), ifVersion: try Self.version(input.headers.ifMatch)))
        _ = await services.tellSeries(.updated, task)
        return .ok(.init(body: .json(Self.task(task))))
    }

    func listOccurrences(_ input: Operations.ListOccurrences.Input) async throws -> Operations.ListOccurrences.Output {
        let request = TaskActor.OccurrencesRequest(userID: try RequestIdentity.require(), count: input.query.count ?? 10)
        try request.validate()
        let occurrences = try await services.task(input.path.taskId).occurrences(request)
        return .ok(.init(body: .json(occurrences.map { .init(due: $0.due.description, at: $0.at) })))
    }

    func listTags(_ input: Operations.ListTags.Input) async throws -> Operations.ListTags.Output {
        let tags = try await services.user(RequestIdentity.require()).tags()
        return .ok(.init(body: .json(tags.map { .init(tag: $0.tag, count: $0.count, openCount: $0.openCount) })))
    }

    func bulkTasks(_ input: Operations.BulkTasks.Input) async throws -> Operations.BulkTasks.Output {
        guard case .json(let request) = input.body else { throw Self.unsupported }
        return .ok(.init(body: .json(try await BulkOperation(services: services, userID: RequestIdentity.require(), request: request).run())))
    }

    func invokeActor(_ input: Operations.InvokeActor.Input) async throws -> Operations.InvokeActor.Output {
        var body: OpenAPIValueContainer?
        if case .json(let value) = input.body { body = value }
        let result = try await ActorGate(services: services, userID: RequestIdentity.require()).invoke(type: input.path.actorType, id: input.path.actorId, method: input.path.method, body: body)
        return .ok(.init(body: .json(result)))
    }
}
