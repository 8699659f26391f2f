import ActorRuntime
import Foundation
import TodoActors
import TodoModel

/// `/series/{id}`: a recurring series as its SeriesActor keeps it (recurring-task-service).
/// The actor checks ownership itself; another user's series does not exist (404).
extension TodoAPI {
    func getSeries(_ input: Operations.GetSeries.Input) async throws -> Operations.GetSeries.Output {
        let userID = try RequestIdentity.require()
        let series = try await services.series(input.path.seriesId).get(.init(userID: userID))
        return .ok(.init(body: .json(try await seriesView(series, userID: userID))))
    }

    func updateSeries(_ input: Operations.UpdateSeries.Input) async throws -> Operations.UpdateSeries.Output {
        let userID = try RequestIdentity.require()
        guard case .json(let body) = input.body else { throw Self.unsupported }
        var edit = SeriesActor.Edit(
            userID: userID, title: body.title, notes: body.notes,
            priority: body.priority.flatMap { Priority(flexible: $0.rawValue) }, tags: body.tags,
            reminders: try body.reminders.map(Self.reminders),
            recurrence: body.recurrence.map { TaskRecurrence(rrule: $0.rrule, anchor: $0.anchor == .completion ? .completion : .schedule) }
        )
        if (body.clear ?? []).contains(.timeZone) {
            if body.timeZone != nil { throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "timeZone is both set and listed in clear") }
            edit.clearTimeZone = true
        } else if let zone = body.timeZone {
            edit.timeZone = zone
        }
        let series = try await services.series(input.path.seriesId).edit(edit)
        return .ok(.init(body: .json(try await seriesView(series, userID: userID))))
    }

    func deleteSeries(_ input: Operations.DeleteSeries.Input) async throws -> Operations.DeleteSeries.Output {
        _ = try await services.series(input.path.seriesId).delete(.init(userID: RequestIdentity.require()))
        return .noContent(.init())
    }

    func pauseSeries(_ input: Operations.PauseSeries.Input) async throws -> Operations.PauseSeries.Output {
        let userID = try RequestIdentity.require()
        let series = try await services.series(input.path.seriesId).pause(.init(userID: userID))
        return .ok(.init(body: .json(try await seriesView(series, userID: userID))))
    }

    func resumeSeries(_ input: Operations.ResumeSeries.Input) async throws -> Operations.ResumeSeries.Output {
        let userID = try RequestIdentity.require()
        let series = try await services.series(input.path.seriesId).resume(.init(userID: userID))
        return .ok(.init(body: .json(try await seriesView(series, userID: userID))))
    }

    func seriesView(_ series: SeriesRecord, userID: String) async throws -> Components.Schemas.Series {
        let upcoming = try await services.series(series.id).upcoming(.init(userID: userID, count: 5))
        let template = series.template
        return .init(
            id: series.id,
            status: Components.Schemas.Series.StatusPayload(rawValue: series.status.rawValue) ?? .ended,
            title: template.title, notes: template.notes,
            priority: Components.Schemas.Priority(rawValue: template.priority.rawValue) ?? .none,
            tags: template.tags,
            reminders: template.reminders.map { .init(id: $0.id, at: $0.at, minutesBefore: $0.minutesBefore) },
            timeZone: template.timeZone,
            recurrence: .init(rrule: series.recurrence.rrule, anchor: series.recurrence.anchor == .completion ? .completion : .schedule),
            start: series.start.description,
            openTaskId: series.openTaskID, openDue: series.openDue?.description,
            counter: series.counter, nextCheckAt: series.nextCheckAt,
            missedCount: series.missedCount,
            missed: series.missed.map { .init(due: $0.due.description, at: $0.at, openTaskId: $0.openTaskID) },
            overrides: series.overrides.sorted { $0.key < $1.key }.map { .init(taskId: $0.key, fields: $0.value) },
            upcoming: upcoming.map { .init(due: $0.due.description, at: $0.at) },
            createdAt: series.createdAt, updatedAt: series.updatedAt, version: series.version
        )
    }
}
