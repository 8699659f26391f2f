import Crypto
import _CryptoExtras
import Foundation

/// Password hashes with scrypt (memory-hard), stored as PHC strings:
/// `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64 without padding). The cost is part of the
/// string, so raising it later still verifies old hashes.
public struct PasswordHasher: Sendable {
    /// log2 of scrypt's N. 15 (32 MiB, ~0.1 s) in production; tests lower it.
    public var logN: Int
    public var blockSize = 8
    public var parallelism = 1

    public init(logN: Int = 15) {
        self.logN = logN
    }

    public func hash(_ password: String) throws -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = UInt8.random(in: .min ... .max, using: &generator) }
        let key = try derive(password, salt: salt, logN: logN, blockSize: blockSize, parallelism: parallelism)
        return "$scrypt$ln=\(logN),r=\(blockSize),p=\(parallelism)$\(Self.encode(salt))$\(Self.encode(key))"
    }

    /// Constant-time comparison against a stored hash; false for anything malformed.
    public func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: true)
        guard parts.count == 4, parts[0] == "scrypt" else { return false }
        var parameters: [String: Int] = [:]
        for pair in parts[1].split(separator: ",") {
            let keyValue = pair.split(separator: "=")
            guard keyValue.count == 2, let value = Int(keyValue[1]) else { return false }
            parameters[String(keyValue[0])] = value
        }
        guard let logN = parameters["ln"], let blockSize = parameters["r"], let parallelism = parameters["p"],
              (1...20).contains(logN), let salt = Self.decode(String(parts[2])), let expected = Self.decode(String(parts[3])),
              let actual = try? derive(password, salt: salt, logN: logN, blockSize: blockSize, parallelism: parallelism, length: expected.count) else {
            return false
        }
        var difference: UInt8 = 0
        for (left, right) in zip(actual, expected) { difference |= left ^ right }
        return difference == 0 && actual.count == expected.count
    }

    private func derive(_ password: String, salt: [UInt8], logN: Int, blockSize: Int, parallelism: Int, length: Int = 32) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: salt, outputByteCount: length, rounds: 1 << logN, blockSize: blockSize, parallelism: parallelism, maxMemory: 256 << 20)
        return key.withUnsafeBytes { Array($0) }
    }

    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> [UInt8]? {
        let padded = text + String(repeating: "=", count: (4 - text.count % 4) % 4)
        return Data(base64Encoded: padded).map(Array.init)
    }
}
