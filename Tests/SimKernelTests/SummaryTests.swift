import XCTest
@testable import SimKernel

final class SummaryTests: XCTestCase {
    func testSummaryConfidenceIntervalAgainstHandComputedValues() {
        let s = Summary(of: [1, 2, 3, 4, 5, .nan])
        XCTAssertEqual(s.n, 5)
        XCTAssertEqual(s.mean, 3)
        XCTAssertEqual(s.sd, 2.5.squareRoot(), accuracy: 1e-12)
        // t(0.975, 4) = 2.776445105 (tables); 2.776445105 x sqrt(2.5) / sqrt(5)
        XCTAssertEqual(s.halfWidth, 2.776445105 * (0.5).squareRoot(), accuracy: 1e-8)
        XCTAssertTrue(Summary(of: [4]).halfWidth.isNaN)
    }
}
