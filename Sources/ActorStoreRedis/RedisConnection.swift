#if Redis
import CHiredis
import Foundation

/// A Redis reply, copied out of hiredis's structures.
enum RedisReply: Equatable {
    case string(Data)
    case status(String)
    case integer(Int64)
    case array([RedisReply])
    case null
    case error(String)

    var data: Data? {
        if case .string(let data) = self { return data }
        return nil
    }

    init(_ pointer: UnsafeMutablePointer<redisReply>) {
        let reply = pointer.pointee
        switch reply.type {
        case REDIS_REPLY_STRING:
            self = .string(reply.str.map { Data(bytes: $0, count: reply.len) } ?? Data())
        case REDIS_REPLY_STATUS:
            self = .status(reply.str.map { String(decoding: Data(bytes: $0, count: reply.len), as: UTF8.self) } ?? "")
        case REDIS_REPLY_INTEGER:
            self = .integer(reply.integer)
        case REDIS_REPLY_ARRAY:
            self = .array((0..<reply.elements).map { RedisReply(reply.element[$0]!) })
        case REDIS_REPLY_ERROR:
            self = .error(reply.str.map { String(decoding: Data(bytes: $0, count: reply.len), as: UTF8.self) } ?? "error")
        default:
            self = .null
        }
    }
}

public struct RedisError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { "Redis: \(message)" }
}

/// One hiredis connection, used from a single serial queue (hiredis contexts are not
/// thread-safe). Commands are binary-safe argv arrays; pipelines append several commands
/// and then read all their replies.
final class RedisConnection {
    let host: String
    let port: Int
    let password: String?
    let database: Int
    private var context: UnsafeMutablePointer<redisContext>?

    init(host: String, port: Int, password: String?, database: Int) throws {
        self.host = host
        self.port = port
        self.password = password
        self.database = database
        try connect()
    }

    deinit { close() }

    func close() {
        if let context { redisFree(context) }
        context = nil
    }

    private func connect() throws {
        close()
        let timeout = timeval(tv_sec: 5, tv_usec: 0)
        guard let created = redisConnectWithTimeout(host, Int32(port), timeout) else {
            throw RedisError(message: "cannot allocate a connection to \(host):\(port)")
        }
        if created.pointee.err != 0 {
            let message = withUnsafeBytes(of: created.pointee.errstr) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            redisFree(created)
            throw RedisError(message: "cannot connect to \(host):\(port): \(message)")
        }
        redisSetTimeout(created, timeval(tv_sec: 10, tv_usec: 0))
        context = created
        if let password {
            if case .error(let message) = try command(["AUTH", password]) { throw RedisError(message: "AUTH refused: \(message)") }
        }
        if database != 0 {
            if case .error(let message) = try command(["SELECT", String(database)]) { throw RedisError(message: "SELECT \(database) refused: \(message)") }
        }
    }

    func command(_ arguments: [String]) throws -> RedisReply {
        try pipeline([arguments.map { Data($0.utf8) }])[0]
    }

    func command(_ arguments: [Data]) throws -> RedisReply {
        try pipeline([arguments])[0]
    }

    /// Sends every command, then reads every reply. On a broken connection it reconnects once
    /// and sends the whole pipeline again (callers send MULTI/EXEC blocks, so a pipeline either
    /// applied entirely or not at all).
    func pipeline(_ commands: [[Data]]) throws -> [RedisReply] {
        do {
            return try send(commands)
        } catch let error as BrokenConnection {
            try connect()
            do {
                return try send(commands)
            } catch let again as BrokenConnection {
                throw RedisError(message: "connection to \(host):\(port) failed twice: \(error.message); \(again.message)")
            }
        }
    }

    private struct BrokenConnection: Error {
        var message: String
    }

    private func send(_ commands: [[Data]]) throws -> [RedisReply] {
        guard let context else { throw BrokenConnection(message: "not connected") }
        for arguments in commands {
            let code = withArgv(arguments) { argv, lengths in
                redisAppendCommandArgv(context, Int32(arguments.count), argv, lengths)
            }
            guard code == REDIS_OK else { throw BrokenConnection(message: errorText(context)) }
        }
        var replies: [RedisReply] = []
        replies.reserveCapacity(commands.count)
        for _ in commands {
            var raw: UnsafeMutableRawPointer?
            guard redisGetReply(context, &raw) == REDIS_OK, let raw else {
                throw BrokenConnection(message: errorText(context))
            }
            let reply = raw.assumingMemoryBound(to: redisReply.self)
            replies.append(RedisReply(reply))
            freeReplyObject(raw)
        }
        return replies
    }

    private func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    /// Calls `body` with C argv/argvlen arrays over the arguments' bytes (binary safe).
    private func withArgv<R>(_ arguments: [Data], _ body: (UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> R) -> R {
        let buffers = arguments.map { data -> UnsafeMutableRawPointer in
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(1, data.count), alignment: 1)
            data.copyBytes(to: buffer.assumingMemoryBound(to: UInt8.self), count: data.count)
            return buffer
        }
        defer { buffers.forEach { $0.deallocate() } }
        var argv = buffers.map { UnsafePointer<CChar>($0.assumingMemoryBound(to: CChar.self)) as UnsafePointer<CChar>? }
        let lengths = arguments.map(\.count)
        return argv.withUnsafeMutableBufferPointer { argvBuffer in
            lengths.withUnsafeBufferPointer { lengthBuffer in
                body(argvBuffer.baseAddress!, lengthBuffer.baseAddress!)
            }
        }
    }
}
#endif
