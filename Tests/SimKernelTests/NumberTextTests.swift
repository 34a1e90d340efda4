import Foundation
import XCTest
@testable import SimKernel

/// The number formatters write what `String(format:)` wrote before them, character for
/// character: documents, tables and baselines stay byte-stable.
final class NumberTextTests: XCTestCase {
    /// Values at every scale, rounding ties, negative zero, the edges of the double range and
    /// the non-finite ones.
    static var values: [Double] {
        var xs: [Double] = [0, -0.0, 0.5, 1.5, 2.5, 0.0005, 0.0015, 1.0005, 2.675, 1e-300, 5e-324, 1e300, .greatestFiniteMagnitude,
                            -.greatestFiniteMagnitude, .nan, -.nan, .infinity, -.infinity, 999.9995, 9.9995, 0.00099995]
        var x = 1.234567890123e-12
        while x < 1e20 {
            xs += [x, -x, x.nextUp, x.nextDown, (x * 1000).rounded() / 1000]
            x *= 3.7
        }
        return xs
    }

    func testACountTakesItsNounInTheRightNumber() {
        XCTAssertEqual(NumberText.counted(1, "replication"), "1 replication")
        XCTAssertEqual(NumberText.counted(0, "replication"), "0 replications")
        XCTAssertEqual(NumberText.counted(20, "replication"), "20 replications")
    }

    func testPrintfWritesWhatFoundationWrites() {
        let formats = ["%.0f", "%.1f", "%.2f", "%.3f", "%.4f", "%.6f", "%.2e", "%.3g", "%.4g", "%.6g", "%.12g", "%g"]
        var compared = 0
        for format in formats {
            for x in Self.values {
                XCTAssertEqual(NumberText.printf(format, x), String(format: format, x), "\(format) of \(x)")
                compared += 1
            }
        }
        XCTAssertEqual(compared, formats.count * Self.values.count)
        // 309 digits before the point: longer than the first buffer.
        XCTAssertEqual(NumberText.printf("%.3f", 1e308).count, 313)
    }
}
