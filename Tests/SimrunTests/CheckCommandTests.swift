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
        XCTAssertTrue(bad.stderr.contains("broken.json:1:13: error:"), bad.stderr)  // at the value
    }

    /// Constraints on the new run: M/M/10 at 9 arrivals an hour waits 0.67 hours on average
    /// (Erlang C; a 100-day period's mean varies with sd 0.1), so 'wait.mean <= 1' is met,
    /// 'P(wait.mean > 0.3) <= 0.05' is breached in every one of six periods (exact lower bound
    /// 0.05^(1/6) = 0.61 > 0.05: exit 1, a JUnit failure), and six periods cannot bound a 90th
    /// percentile at 95%, so that one is not settled.
    func testConstraintsOnTheRunAreJudgedAndABreachFailsTheCheck() throws {
        let baseline = dir.appendingPathComponent("c.json").path
        XCTAssertEqual(try simrun(["baseline", "scenarios/mmc.yaml", "-o", baseline, "--replications", "6"]).status, 0)
        let junit = dir.appendingPathComponent("c.xml").path, json = dir.appendingPathComponent("c-out.json").path
        let args = ["check", "scenarios/mmc.yaml", "--baseline", baseline, "--constraint", "wait.mean <= 1",
                    "--constraint", "P(wait.mean > 0.3) <= 0.05", "--constraint", "wait.mean@p90 <= 5"]
        let r = try simrun(args + ["--junit", junit])
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.hasPrefix("wait.mean <= 1 ") && $0.hasSuffix("met") }, r.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("P(wait.mean > 0.3) <= 0.05 ") && $0.hasSuffix("BREACHED") }, r.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("wait.mean@p90 <= 5 ") && $0.hasSuffix("not settled") }, r.stdout)
        XCTAssertTrue(r.stdout.contains("constraints: 1 met, 1 breached, 1 not settled"), r.stdout)
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        XCTAssertEqual(xml.components(separatedBy: "<failure type=\"constraint\"").count - 1, 1, xml)
        XCTAssertEqual(try simrun(args + ["--format", "json", "--out", json]).status, 1)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        XCTAssertEqual(doc["regressed"] as? Bool, false, "the model is the baseline's")
        XCTAssertEqual(doc["breached"] as? Bool, true)
        let checks = try XCTUnwrap(doc["constraints"] as? [[String: Any]])
        XCTAssertEqual(checks.map { $0["verdict"] as? String }, ["met", "failed", "undecided"])
        XCTAssertEqual(try XCTUnwrap(checks[1]["mean"] as? Double), 1, "every period breached")
        let typo = try simrun(["check", "scenarios/mmc.yaml", "--baseline", baseline, "--constraint", "P(wait.maen > 1) <= 0.1"])
        XCTAssertEqual(typo.status, 2)
        XCTAssertTrue(typo.stderr.contains("did you mean 'wait.mean'?"), typo.stderr)
        let malformed = try simrun(["check", "scenarios/mmc.yaml", "--baseline", baseline, "--constraint", "P(wait.mean > 1) <= 2"])
        XCTAssertNotEqual(malformed.status, 0)
        XCTAssertTrue(malformed.stderr.contains("--constraint takes"), malformed.stderr)
    }
}
