/// One step of a store's schema, recorded in `schema_migrations` once applied. Steps are
/// append-only: a released step is never edited, a change is a new step.
public struct AuditMigration: Sendable {
    public var version: Int
    public var name: String
    /// Statements run in one transaction with the version's row.
    public var statements: [String]

    public init(version: Int, name: String, statements: [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }
}

extension Array where Element == AuditMigration {
    /// The steps still to apply, in order, up to `target`.
    func pending(applied: Set<Int>, upTo target: Int) -> [AuditMigration] {
        filter { $0.version <= target && !applied.contains($0.version) }.sorted { $0.version < $1.version }
    }

    var latestVersion: Int { map(\.version).max() ?? 0 }
}
