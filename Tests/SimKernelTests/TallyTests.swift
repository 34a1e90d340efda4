import XCTest
@testable import SimKernel

final class TallyTests: XCTestCase {
    func testTallyAgainstHandComputedValues() {
        var t = Tally()
        for x in [2.0, 4, 4, 4, 5, 5, 7, 9] { t.add(x) }
        XCTAssertEqual(t.count, 8)
        XCTAssertEqual(t.mean, 5, accuracy: 1e-12)
        XCTAssertEqual(t.variance, 32.0 / 7.0, accuracy: 1e-12)  // sum of squares 32, n - 1 = 7
        XCTAssertEqual(t.min, 2)
        XCTAssertEqual(t.max, 9)
        XCTAssertTrue(Tally().meanOrNaN.isNaN)
    }
}
