import Foundation
import XCTest

/// `run --set` and `compare --set` rerun one point of a sweep without copying the file.
final class RunOptionsSetTests: XCTestCase {
    func testRunWithSetIsThePointOfTheSweep() throws {
        let common = ["--replications", "3", "--horizon", "1 day", "--format", "json"]
        let sweep = try SimrunProcess.simrun(["sweep", "scenarios/mm1.yaml", "--set", "resources.server.capacity=1..2"] + common)
        let run = try SimrunProcess.simrun(["run", "scenarios/mm1.yaml", "--set", "resources.server.capacity=2"] + common)
        XCTAssertEqual(sweep.status, 0, sweep.stderr)
        XCTAssertEqual(run.status, 0, run.stderr)
        let points = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(sweep.stdout.utf8)) as? [String: Any])?["points"] as? [[String: Any]])
        let pointMetrics = try XCTUnwrap(points[1]["metrics"] as? [String: [String: Any]])
        let runMetrics = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])?["metrics"] as? [String: [String: Any]])
        XCTAssertEqual(pointMetrics.count, runMetrics.count)
        for (name, summary) in runMetrics {
            XCTAssertEqual("\(summary["mean"]!)", "\(pointMetrics[name]!["mean"]!)", name)
        }
        let compare = try SimrunProcess.simrun(["compare", "scenarios/mm1.yaml", "--set", "resources.server.capacity=2", "--policy", "priority"] + common)
        XCTAssertEqual(compare.status, 0, compare.stderr)
        let bad = try SimrunProcess.simrun(["run", "scenarios/mm1.yaml", "--set", "resources.sever.capacity=2"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("no item named 'sever'"), bad.stderr)
    }
}
