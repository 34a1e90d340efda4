import CArgon2
import Foundation

/// Passwords kept as Argon2id hashes (the reference library), in the PHC string form that
/// carries its own salt and cost: `$argon2id$v=19$m=19456,t=2,p=1$SALT$HASH`. The cost is the
/// OWASP recommendation for Argon2id (19 MiB of memory, two passes, one lane): memory-hard, so
/// a stolen accounts file is slow to attack on graphics cards, and about 30 ms per hash here.
public enum PasswordHash {
    public static let memoryKiB: UInt32 = 19_456
    public static let passes: UInt32 = 2
    public static let lanes: UInt32 = 1
    static let saltBytes = 16
    static let hashBytes = 32
    /// Passwords longer than this are refused (hashing them is still cheap; the limit keeps
    /// forms and files small).
    public static let maximumLength = 256

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// A new hash of `password` with a fresh random salt.
    public static func make(_ password: String) throws -> String {
        guard password.utf8.count <= maximumLength else { throw Failure(description: "a password has at most \(maximumLength) bytes") }
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<saltBytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let length = argon2_encodedlen(passes, memoryKiB, lanes, UInt32(saltBytes), UInt32(hashBytes), Argon2_id)
        var encoded = [CChar](repeating: 0, count: length)
        let bytes = Array(password.utf8)
        let status = argon2id_hash_encoded(passes, memoryKiB, lanes, bytes, bytes.count, salt, salt.count, hashBytes, &encoded, length)
        guard status == ARGON2_OK.rawValue else {
            throw Failure(description: "cannot hash the password: " + String(cString: argon2_error_message(status)))
        }
        return String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `password` is the one `encoded` was made from (false for a malformed hash).
    public static func verify(_ password: String, against encoded: String) -> Bool {
        guard encoded.hasPrefix("$argon2id$"), password.utf8.count <= maximumLength else { return false }
        let bytes = Array(password.utf8)
        return argon2id_verify(encoded, bytes, bytes.count) == ARGON2_OK.rawValue
    }
}
