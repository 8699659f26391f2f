import CSQLite3
import Foundation

/// A thin owner of one `sqlite3*` with a cache of prepared statements. Not thread-safe: each
/// store uses it from its one serial queue only. Public so the audit store shares this binding.
public final class SQLiteConnection {
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]

    public init(path: String) throws(SQLiteError) {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            throw SQLiteError(code: code, message: "\(message) (\(path))")
        }
        handle = db
        sqlite3_busy_timeout(db, 5_000)
    }

    deinit { close() }

    public func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements = [:]
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    public func execute(_ sql: String) throws(SQLiteError) {
        var error: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &error)
        if code != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? "error \(code)"
            sqlite3_free(error)
            throw SQLiteError(code: code, message: "\(message) in: \(sql.prefix(80))")
        }
    }

    /// Runs a cached statement with `bindings`, calling `row` for each result row.
    public func run(_ sql: String, _ bindings: [SQLiteValue] = [], row: ((SQLiteRow) throws -> Void)? = nil) throws {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (index, value) in bindings.enumerated() {
            let position = Int32(index + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(statement, position)
            case .integer(let integer): code = sqlite3_bind_int64(statement, position, integer)
            case .real(let real): code = sqlite3_bind_double(statement, position, real)
            case .text(let text): code = sqlite3_bind_text(statement, position, text, -1, SQLiteConnection.transient)
            case .blob(let data):
                code = data.withUnsafeBytes { bytes in
                    sqlite3_bind_blob(statement, position, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), SQLiteConnection.transient)
                }
            }
            guard code == SQLITE_OK else { throw error(code) }
        }
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw error(code) }
            try row?(SQLiteRow(statement: statement))
        }
    }

    public var userVersion: Int {
        get throws {
            var version = 0
            try run("PRAGMA user_version") { version = Int($0.integer(0)) }
            return version
        }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE (0 for an `INSERT OR IGNORE` that
    /// met an existing key).
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// Runs `body` in one write transaction, rolled back when it throws. `BEGIN IMMEDIATE`
    /// takes the write lock up front, so another writer makes it wait (busy timeout) instead
    /// of failing half-way when a read would be upgraded to a write.
    public func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func prepared(_ sql: String) throws(SQLiteError) -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else { throw error(code) }
        statements[sql] = statement
        return statement
    }

    private func error(_ code: Int32) -> SQLiteError {
        SQLiteError(code: code, message: handle.map { String(cString: sqlite3_errmsg($0)) } ?? "closed")
    }

    /// SQLITE_TRANSIENT: SQLite copies bound buffers before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

public enum SQLiteValue: Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

public struct SQLiteRow {
    let statement: OpaquePointer

    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }
    public func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    public func real(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }
    public func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(statement, column) else { return "" }
        return String(cString: pointer)
    }
    public func blob(_ column: Int32) -> Data {
        let count = Int(sqlite3_column_bytes(statement, column))
        guard count > 0, let pointer = sqlite3_column_blob(statement, column) else { return Data() }
        return Data(bytes: pointer, count: count)
    }
}

public struct SQLiteError: Error, CustomStringConvertible {
    public var code: Int32
    public var message: String
    public var description: String { "SQLite error \(code): \(message)" }
}
