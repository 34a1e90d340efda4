import Foundation
import XCTest

/// `simrun theory`, and the theory column of a run.
final class TheoryCommandTests: SimrunTestCase {
    func testTheoryCommandAndTheoryColumn() throws {
        let t = try simrun(["theory", "scenarios/mmc.yaml"])
        XCTAssertEqual(t.status, 0, t.stderr)
        XCTAssertTrue(t.stdout.contains("M/M/10"), t.stdout)
        XCTAssertTrue(t.stdout.contains("0.6687"), t.stdout)  // Erlang C wait, hours
        let none = try simrun(["theory", "scenarios/emergency-department.yaml"])
        XCTAssertEqual(none.status, 2)
        XCTAssertTrue(none.stderr.contains("theory does not apply"), none.stderr)
        let run = try simrun(["run", "scenarios/erlang-loss.yaml", "--replications", "3"])
        XCTAssertTrue(run.stdout.contains("theory: M/M/8/8"), run.stdout)
    }
}
