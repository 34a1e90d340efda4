import XCTest
@testable import SimKernel

final class WelchTestTests: XCTestCase {
    func testWelchPValueAgainstAHandComputedValue() {
        // t = (10 - 12) / sqrt(4/10 + 9/10) = -1.7541; df = 1.69 / (0.016/9 + 0.081/9) = 15.68
        let p = WelchTest.pValue(mean1: 10, sd1: 2, n1: 10, mean2: 12, sd2: 3, n2: 10)
        XCTAssertEqual(p, 0.0989, accuracy: 0.0005)
        XCTAssertEqual(WelchTest.pValue(mean1: 3, sd1: 0, n1: 5, mean2: 3, sd2: 0, n2: 5), 1)
    }
}
