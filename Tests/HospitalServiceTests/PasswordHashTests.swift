import XCTest
@testable import HospitalService

/// Argon2id hashes: the right password verifies, any other does not, every hash has its own salt
/// and carries its cost, and a malformed or foreign hash never verifies.
final class PasswordHashTests: XCTestCase {
    func testHashesVerifyOnlyTheirPasswordAndCarryTheirCost() throws {
        let a = try PasswordHash.make("correct horse battery"), b = try PasswordHash.make("correct horse battery")
        XCTAssertTrue(a.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"), a)
        XCTAssertNotEqual(a, b, "each hash has its own salt")
        XCTAssertTrue(PasswordHash.verify("correct horse battery", against: a))
        XCTAssertTrue(PasswordHash.verify("correct horse battery", against: b))
        XCTAssertFalse(PasswordHash.verify("correct horse batterY", against: a))
        XCTAssertFalse(PasswordHash.verify("", against: a))
        XCTAssertFalse(PasswordHash.verify("correct horse battery", against: "$argon2i$v=19$m=19456,t=2,p=1$abc$def"), "only Argon2id")
        XCTAssertFalse(PasswordHash.verify("x", against: "not a hash"))
        XCTAssertFalse(PasswordHash.verify("x", against: ""))
        XCTAssertThrowsError(try PasswordHash.make(String(repeating: "x", count: 257)))
        // Not Unicode-normalised: the bytes are the password.
        let e = try PasswordHash.make("caf\u{e9}")
        XCTAssertFalse(PasswordHash.verify("cafe\u{301}", against: e))
    }
}
