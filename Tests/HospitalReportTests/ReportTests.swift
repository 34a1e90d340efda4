import Foundation
import HospitalTestSupport
import XCTest
@testable import HospitalReport

/// The report as front ends show it: whatever a scenario or a user names is text on the page,
/// never markup, and each chart is an SVG with its data.
final class ReportTests: XCTestCase {
    func testNamesFromInputsAreEscapedEverywhere() {
        let hostile = "<script>alert('x')</script>&\"ward\""
        var report = Report(title: hostile, facts: ["policy \(hostile)"], metricOrder: ["wait.mean"],
                            metrics: ["wait.mean": .init(mean: 4, halfWidth: 0.5, n: 10)],
                            profiles: [(hostile, (0..<24).map { Report.Value(mean: Double($0), halfWidth: 1, n: 10) })], variants: [])
        report.timeUnit = "minute"
        let page = report.html()
        XCTAssertFalse(page.contains("<script>alert"), "a name is never markup")
        XCTAssertTrue(page.contains("&lt;script&gt;alert("))
        XCTAssertTrue(page.contains("<svg"), "the profile is drawn")
        XCTAssertEqual(Report.escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;")
    }
}
