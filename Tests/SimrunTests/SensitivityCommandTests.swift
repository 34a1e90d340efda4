import Foundation
import XCTest

/// `simrun sensitivity` from the command line: the ranking table, the JSON, the report's
/// tornado chart, and bad input as exit status 2.
final class SensitivityCommandTests: SimrunTestCase {
    func testTableJSONAndTornado() throws {
        let json = dir.appendingPathComponent("s.json").path, html = dir.appendingPathComponent("s.html").path
        let args = ["sensitivity", "scenarios/mmc.yaml", "--metric", "wait.mean", "--metric", "resource.clinician.utilization",
                    "--replications", "4", "--horizon", "5 day"]
        let table = try simrun(args)
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.stdout.contains("wait.mean: ") && table.stdout.contains("inputs by swing (high minus low)"), table.stdout)
        // M/M/10 at 9 an hour: the capacity (9 to 11 clinicians) moves the wait most.
        let first = table.stdout.split(separator: "\n").first { $0.hasPrefix("  resources.") || $0.hasPrefix("  arrivals.") || $0.hasPrefix("  pathway.") }
        XCTAssertTrue(first?.hasPrefix("  resources.0.capacity") == true, table.stdout)
        XCTAssertEqual(try simrun(args + ["--format", "json", "--out", json]).status, 0)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        XCTAssertEqual(doc["kind"] as? String, "sensitivity")
        XCTAssertEqual((doc["inputs"] as? [[String: Any]])?.count, 3, "the rate, the capacity and the service mean")
        XCTAssertEqual(try simrun(["report", json, "-o", html]).status, 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        XCTAssertEqual(ReportCommandTests.charts(page).filter { $0.kind == "tornado" }.count, 2, "one per metric")

        let typo = try simrun(["sensitivity", "scenarios/mmc.yaml", "--metric", "wait.maen"])
        XCTAssertEqual(typo.status, 2)
        XCTAssertTrue(typo.stderr.contains("did you mean 'wait.mean'?"), typo.stderr)
        let far = try simrun(["sensitivity", "scenarios/mmc.yaml", "--metric", "wait.mean", "--change", "150%"])
        XCTAssertNotEqual(far.status, 0)
        XCTAssertTrue(far.stderr.contains("--change takes a fraction"), far.stderr)
        let notNumber = try simrun(["sensitivity", "scenarios/mmc.yaml", "--metric", "wait.mean", "--vary", "name"])
        XCTAssertEqual(notNumber.status, 2)
        XCTAssertTrue(notNumber.stderr.contains("name holds no number to vary"), notNumber.stderr)
    }
}
