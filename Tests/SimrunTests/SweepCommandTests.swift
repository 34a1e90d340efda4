import Foundation
import XCTest

/// `simrun sweep`: a grid of scenarios on the same patients.
final class SweepCommandTests: SimrunTestCase {
    func testSweepRunsTheGridOnTheSamePatients() throws {
        let r = try simrun(["sweep", "scenarios/erlang-loss.yaml", "--set", "resources.bed.capacity=6..9",
                            "--set", "run.seed=3", "--replications", "4", "--horizon", "60 day", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let points = try XCTUnwrap(doc["points"] as? [[String: Any]])
        XCTAssertEqual(points.count, 4)
        XCTAssertEqual(points.map { ($0["set"] as? [String: String])?["resources.bed.capacity"] }, ["6", "7", "8", "9"])
        let arrived = points.map { (($0["metrics"] as? [String: [String: Any]])?["patients.arrived"]?["mean"] as? NSNumber)?.doubleValue }
        XCTAssertEqual(Set(arrived).count, 1, "every point sees the same arrivals")
        let blocked = points.map { (($0["metrics"] as? [String: [String: Any]])?["blocked.fraction"]?["mean"] as? NSNumber)?.doubleValue ?? 0 }
        XCTAssertEqual(blocked, blocked.sorted(by: >), "more beds, less blocking, on the same patients")
        let bad = try simrun(["sweep", "scenarios/erlang-loss.yaml", "--set", "resources.cot.capacity=3"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("no item named 'cot'"), bad.stderr)
    }
}
