import Foundation
import XCTest

/// `simrun check` against a baseline.
final class CheckCommandTests: SimrunTestCase {
    func testCheckPassesAnUnchangedModelAndCatchesARegression() throws {
        let baseline = dir.appendingPathComponent("b.json").path
        let made = try simrun(["baseline", "scenarios/mmc.yaml", "-o", baseline, "--replications", "6", "--tolerance", "wait.mean=0.2"])
        XCTAssertEqual(made.status, 0, made.stderr)
        let junit = dir.appendingPathComponent("ok.xml").path
        let same = try simrun(["check", "scenarios/mmc.yaml", "--baseline", baseline, "--junit", junit])
        XCTAssertEqual(same.status, 0, same.stdout + same.stderr)
        XCTAssertTrue(same.stdout.contains("metrics within tolerance"), same.stdout)
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        XCTAssertEqual(xml.components(separatedBy: "<testcase ").count - 1, same.stdout.split(separator: "\n").count - 2)  // header, summary
        XCTAssertFalse(xml.contains("<failure"))

        // One clinician fewer: waits rise far beyond any tolerance.
        let text = try String(contentsOf: SimrunProcess.packageRoot.appendingPathComponent("scenarios/mmc.yaml"), encoding: .utf8)
        let worse = dir.appendingPathComponent("mmc.yaml")
        try text.replacingOccurrences(of: "capacity: 10", with: "capacity: 9\n    queue_capacity: 50").write(to: worse, atomically: true, encoding: .utf8)
        let failing = dir.appendingPathComponent("fail.xml").path
        let regressed = try simrun(["check", worse.path, "--baseline", baseline, "--junit", failing])
        XCTAssertEqual(regressed.status, 1, regressed.stdout + regressed.stderr)
        let waitLine = regressed.stdout.split(separator: "\n").first { $0.hasPrefix("wait.mean ") }
        XCTAssertTrue(waitLine?.hasSuffix("REGRESSION") ?? false, String(waitLine ?? ""))
        let failed = try String(contentsOfFile: failing, encoding: .utf8)
        XCTAssertTrue(failed.contains("<failure type=\"regression\" message=\"wait.mean: baseline"), failed)

        let broken = dir.appendingPathComponent("broken.json")
        try "{\"metrics\": 3}".write(to: broken, atomically: true, encoding: .utf8)
        let bad = try simrun(["check", "scenarios/mmc.yaml", "--baseline", broken.path])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("broken.json:1:1: error:"), bad.stderr)
    }
}
