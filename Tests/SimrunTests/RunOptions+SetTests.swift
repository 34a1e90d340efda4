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
        XCTAssertTrue(bad.stderr.contains("no item named 'sever' in this list; did you mean 'server'? (its items: server)"), bad.stderr)
        for (set, words) in [("rn.seed=3", "no key 'rn' here; did you mean 'run'?"),
                             ("resources.4.capacity=2", "no item '4' in this list of 1 (items are numbered from 0)")] {
            let r = try SimrunProcess.simrun(["run", "scenarios/mm1.yaml", "--set", set])
            XCTAssertEqual(r.status, 2, set)
            XCTAssertTrue(r.stderr.contains(words), r.stderr)
        }
    }
}
