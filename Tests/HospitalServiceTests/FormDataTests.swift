import XCTest
@testable import HospitalService

/// Forms are decoded exactly and refused when malformed, never guessed at.
final class FormDataTests: XCTestCase {
    func testDecodingAndRefusals() throws {
        let f = try FormData("name=ward+7&sql=%27%3B+DROP+TABLE+runs%3B+--&empty=&flag&utf=caf%C3%A9")
        XCTAssertEqual(f["name"], "ward 7")
        XCTAssertEqual(f["sql"], "'; DROP TABLE runs; --")
        XCTAssertEqual(f["empty"], "")
        XCTAssertEqual(f["flag"], "")
        XCTAssertEqual(f["utf"], "café")
        XCTAssertEqual(f.order, ["name", "sql", "empty", "flag", "utf"])
        XCTAssertThrowsError(try FormData("a=1&a=2"), "a field twice")
        XCTAssertThrowsError(try FormData("a=%2"), "a cut escape")
        XCTAssertThrowsError(try FormData("a=%zz"), "not hex")
        XCTAssertThrowsError(try FormData("a=%FF%FE"), "not UTF-8")
        XCTAssertThrowsError(try FormData("a=" + String(repeating: "x", count: FormData.maximumField + 1)))
        // encode and decode are inverses on any text.
        for text in ["a b&c=d", "ü/ø?#%", "'\"<>", ""] {
            XCTAssertEqual(try FormData("k=" + FormData.encode(text))["k"], text)
        }
    }
}
