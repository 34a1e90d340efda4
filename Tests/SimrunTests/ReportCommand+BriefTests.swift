import Foundation
import XCTest

/// `simrun report --brief`: one printable page for a board from an optimisation (and a
/// sensitivity study): the question, the answer with intervals, the risk of breach, the
/// alternatives, the ranking and the evidence, printed by headless Chromium to one A4 page.
final class ReportCommandBriefTests: SimrunTestCase {
    func testTheBriefSaysWhatABoardAsksAndPrintsOnOnePage() throws {
        let chromium = try ReportCommandTests.chromium()
        let opt = dir.appendingPathComponent("o.json").path, sens = dir.appendingPathComponent("s.json").path
        let brief = dir.appendingPathComponent("brief.html").path, pdf = dir.appendingPathComponent("brief.pdf").path
        XCTAssertEqual(try simrun(["optimize", "scenarios/mmc.yaml", "--vary", "resources.clinician.capacity=10..13", "--minimize", "cost.total",
                                   "--constraint", "wait.mean <= 0.3", "--constraint", "P(wait.mean > 0.5) <= 0.2", "--horizon", "5 day",
                                   "--check-robustness", "--format", "json", "--out", opt]).status, 0)
        XCTAssertEqual(try simrun(["sensitivity", "scenarios/mmc.yaml", "--metric", "wait.mean", "--replications", "4", "--horizon", "5 day",
                                   "--format", "json", "--out", sens]).status, 0)
        let r = try simrun(["report", opt, "--brief", "--sensitivity", sens, "-o", brief])
        XCTAssertEqual(r.status, 0, r.stderr)
        let page = try String(contentsOfFile: brief, encoding: .utf8)
        for heading in ["The question", "The recommendation", "The risk of breaching each constraint", "Equally good alternatives",
                        "Which assumptions matter most", "The evidence"] {
            XCTAssertTrue(page.contains("<h2>\(heading)</h2>"), heading)
        }
        XCTAssertTrue(page.contains("resources.clinician.capacity over 10, 11, 12, 13"), "what was varied")
        XCTAssertTrue(page.contains("P(wait.mean &gt; 0.5) &lt;= 0.2"), "the chance constraint as asked")
        XCTAssertTrue(page.contains(" of ") && page.contains("periods beyond the limit"), "the risk, counted over periods")
        XCTAssertTrue(page.contains("resources.0.capacity"), "the sensitivity ranking")
        XCTAssertTrue(page.contains("Robustness: each input but the decisions moved 10% down and up"), "the robustness check")
        XCTAssertTrue(page.contains("the model is M/M/1"), "the theory check of the recommendation (M/M/11 to M/M/13)")
        XCTAssertFalse(page.contains("<script"))

        let print = Process()
        print.executableURL = URL(fileURLWithPath: chromium)
        print.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--print-to-pdf=" + pdf, "--no-pdf-header-footer", "file://" + brief]
        print.standardOutput = FileHandle.nullDevice
        print.standardError = FileHandle.nullDevice
        try print.run()
        print.waitUntilExit()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: pdf))
        let text = String(decoding: bytes, as: UTF8.self)
        let pages = text.components(separatedBy: "/Type /Page").count - 1 - (text.components(separatedBy: "/Type /Pages").count - 1)
        XCTAssertEqual(pages, 1, "the brief fits one printed page")

        let notOptimisation = try simrun(["report", sens, "--brief", "-o", dir.appendingPathComponent("x.html").path])
        XCTAssertEqual(notOptimisation.status, 2)
        XCTAssertTrue(notOptimisation.stderr.contains("--brief is written for an optimisation document"), notOptimisation.stderr)
    }
}
