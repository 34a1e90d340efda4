import XCTest
@testable import SimKernel

final class HourCycleTests: XCTestCase {
    func testRoundedDownInlineIsRoundedDownForEveryKindOfValue() {
        var values: [Double] = [0, -0.0, 0.5, 1, 1.5, 23.999999999999996, 24, 0x1p52 - 0.5, 0x1p52, 0x1p52 + 1, 0x1p53 + 2,
                                0x1p62.nextDown, 0x1p62, 0x1p63, 1e300, -0.5, -1, -1e20, .leastNonzeroMagnitude,
                                .greatestFiniteMagnitude, .infinity, -.infinity]
        var state: UInt64 = 7
        for _ in 0..<100_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            values.append(Double(bitPattern: state >> 2))  // positive doubles of every size
        }
        for x in values {
            XCTAssertEqual(x.roundedDownInline.bitPattern, x.rounded(.down).bitPattern, "x = \(x)")
        }
        XCTAssertTrue(Double.nan.roundedDownInline.isNaN)
    }
}
