import Foundation
import XCTest
@testable import HospitalFormats

/// Values found by key path in JSON text, and errors found after parsing placed at them.
final class JSONLocatorTests: XCTestCase {
    static let text = """
        {
          "scenario": "a \\"quoted\\" name",
          "metrics": {
            "wait.mean": {"mean": 1.5, "n": 3},
            "caf\\u00e9": {"mean": [1, {"x": "}]"}, 3], "n": 2}
          },
          "points": [
            {"replications": 4},
            {"replications": -1,
             "label": "second"}
          ]
        }
        """

    func place(_ path: [JSONLocator.Step]) -> [Int]? {
        JSONLocator.place(of: path, in: Data(Self.text.utf8)).map { [$0.line, $0.column] }
    }

    func testValuesArePlacedByTheirKeyPath() {
        XCTAssertEqual(place([]), [1, 1])
        XCTAssertEqual(place([.init(key: "scenario")]), [2, 15])
        XCTAssertEqual(place([.init(key: "metrics"), .init(key: "wait.mean"), .init(key: "n")]), [4, 37], "a key holding a dot")
        XCTAssertEqual(place([.init(key: "metrics"), .init(key: "café"), .init(key: "n")]), [5, 53], "an escaped key, past brackets inside a string")
        XCTAssertEqual(place(JSONLocator.steps(keyPath: "points[1].replications")), [9, 22])
        XCTAssertEqual(place(JSONLocator.steps(keyPath: "points[1].label")), [10, 15])
        // Where the path leaves the text: the deepest value on it.
        XCTAssertEqual(place(JSONLocator.steps(keyPath: "points[1].missing")), [9, 5])
        XCTAssertEqual(place(JSONLocator.steps(keyPath: "points[7]")), [7, 13])
        XCTAssertEqual(place([.init(key: "scenario"), .init(key: "deeper")]), [2, 15])
    }

    func testKeyPathsAsWrittenInMessages() {
        XCTAssertEqual(JSONLocator.steps(keyPath: "points[2][3].n").map { $0.index ?? -1 }, [-1, 2, 3, -1])
        XCTAssertEqual(JSONLocator.steps(keyPath: "replications").map(\.key), ["replications"])
        XCTAssertEqual(JSONLocator.steps(keyPath: ""), [])
    }

    /// A results document edited by hand: the wrong value's own line and column, not 1:1.
    func testDocumentProblemsArePlacedAtTheValue() {
        let json = """
            {
              "scenario": "q",
              "replications": 2,
              "metrics": {
                "wait.mean": {"mean": "one", "n": 2}
              }
            }
            """
        XCTAssertThrowsError(try ResultsDocument.read(Data(json.utf8), file: "r.json")) { error in
            XCTAssertTrue("\(error)".hasPrefix("r.json:5:27: "), "\(error)")
            XCTAssertTrue("\(error)".contains("(at metrics.wait.mean.mean)"), "\(error)")
        }
        let negative = json.replacingOccurrences(of: "\"replications\": 2", with: "\"replications\": 0")
            .replacingOccurrences(of: "\"one\"", with: "1")
        XCTAssertThrowsError(try ResultsDocument.read(Data(negative.utf8), file: "r.json")) { error in
            XCTAssertTrue("\(error)".hasPrefix("r.json:3:19: "), "\(error)")
        }
        let missing = json.replacingOccurrences(of: ", \"n\": 2", with: "").replacingOccurrences(of: "\"one\"", with: "1")
        XCTAssertThrowsError(try ResultsDocument.read(Data(missing.utf8), file: "r.json")) { error in
            XCTAssertTrue("\(error)".hasPrefix("r.json:5:18: "), "the object that lacks it: \(error)")
        }
    }
}
