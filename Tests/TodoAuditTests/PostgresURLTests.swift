import Testing
import TodoAudit

/// Reading `TODO_AUDIT_POSTGRES_URL` (no server needed).
@Suite struct PostgresURLTests {
    @Test func urlsAreReadLikeLibpq() throws {
        let full = try PostgresURL("postgresql://au%40dit:p%3Ass@db.internal:6543/audit%20db?sslmode=require")
        #expect(full.username == "au@dit")
        #expect(full.password == "p:ss")
        #expect(full.host == "db.internal")
        #expect(full.port == 6543)
        #expect(full.database == "audit db")
        #expect(full.tls == .require)
        // TLS is off by default on loopback only.
        #expect(try PostgresURL("postgres://u@127.0.0.1/x").tls == .disable)
        #expect(try PostgresURL("postgres://u@localhost/x").tls == .disable)
        #expect(try PostgresURL("postgres://u@[::1]:5432/x").host == "::1")
        #expect(try PostgresURL("postgres://u@db/x").tls == .prefer)
        #expect(try PostgresURL("postgres://u@db").database == nil)
        #expect(throws: AuditStoreError.self) { try PostgresURL("mysql://u@db/x") }
        #expect(throws: AuditStoreError.self) { try PostgresURL("postgres://db/x") }
        #expect(throws: AuditStoreError.self) { try PostgresURL("postgres://u@db/x?sslmode=sometimes") }
        #expect(PostgresURL.redacted("postgres://u:secret@db/x") == "postgres://u:***@db/x")
    }
}
