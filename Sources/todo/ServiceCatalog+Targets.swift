import Foundation

/// `todo serve --target`: which services one process runs. Services are modules with
/// declared dependencies, as in Loki: `all` (the default) runs every one; a comma-separated
/// list runs those; in one process (embedded) the services a requested one calls are added,
/// since there is no sidecar to reach them elsewhere; behind Dapr exactly one runs and
/// reaches the others through its sidecar.
struct ServiceSelection: Equatable {
    /// The app-ids asked for, in catalog order.
    var requested: [String]
    /// The app-ids added because a requested service calls them, in catalog order.
    var added: [String]

    /// Everything to run, in catalog order.
    var appIDs: [String] { ServiceCatalog.all.map(\.appID).filter { requested.contains($0) || added.contains($0) } }

    var services: [ServiceDefinition] { appIDs.compactMap(ServiceCatalog.named) }
}

struct TargetError: Error, CustomStringConvertible, Equatable {
    let description: String
}

extension ServiceCatalog {
    /// Reads a `--target` value. `oneProcess`: the embedded runtime (dependencies added);
    /// otherwise one service behind a sidecar.
    static func select(_ target: String, oneProcess: Bool) throws(TargetError) -> ServiceSelection {
        let names = target.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let known = all.map(\.appID)
        let valid = "the services are: all, \(known.joined(separator: ", "))"
        guard !names.contains("") else {
            throw TargetError(description: "--target '\(target)' has an empty name; give app-ids separated by commas, or all; \(valid)")
        }
        let unknown = names.filter { $0 != "all" && !known.contains($0) }
        guard unknown.isEmpty else {
            throw TargetError(description: "unknown --target \(unknown.map { "'\($0)'" }.joined(separator: ", ")); \(valid)")
        }
        if names.contains("all") {
            guard names.count == 1 else { throw TargetError(description: "--target all already names every service; give all alone, or a list of app-ids") }
            guard oneProcess else { throw TargetError(description: "--runtime dapr runs one service: pass --target <app-id>") }
            return ServiceSelection(requested: known, added: [])
        }
        let requested = known.filter(names.contains)
        guard oneProcess else {
            guard requested.count == 1 else {
                throw TargetError(description: "--runtime dapr runs one service per sidecar, not \(requested.joined(separator: ", ")): start one process per app-id")
            }
            return ServiceSelection(requested: requested, added: [])
        }
        // The dependencies' closure: a service may need one that needs another.
        var needed = Set(requested)
        var frontier = requested
        while let next = frontier.popLast() {
            for dependency in named(next)?.dependencies ?? [] where needed.insert(dependency).inserted {
                frontier.append(dependency)
            }
        }
        return ServiceSelection(requested: requested, added: known.filter { needed.contains($0) && !requested.contains($0) })
    }
}
