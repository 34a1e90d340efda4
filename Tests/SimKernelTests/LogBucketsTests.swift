import Foundation
import XCTest
@testable import SimKernel

final class LogBucketsTests: XCTestCase {
    /// The bucket is the expression's, value for value: at random values over 21 decades, and at
    /// the doubles on either side of every bucket boundary in them, where a rounding could differ.
    func testTheBucketIsAlwaysTheExpressions() {
        let stream = RandomStream(seed: 29)
        var checked = 0
        for relativeError in [0.005, 0.01, 0.001, 0.05] {
            let buckets = LogBuckets(relativeError: relativeError)
            func check(_ x: Double) {
                XCTAssertEqual(buckets.bucket(of: x), QuantileSketch.bucket(of: x, logGamma: buckets.logGamma),
                               "x = \(x), relative error \(relativeError)")
                checked += 1
            }
            for _ in 0..<100_000 { check(exp(-21 + 49 * stream.uniform())) }
            var k = Int((log(1e-9) / buckets.logGamma).rounded(.down))
            while Double(k) * buckets.logGamma < log(1e12) {
                var x = exp(Double(k) * buckets.logGamma)
                for _ in 0..<4 { x = x.nextDown }
                for _ in 0..<9 {
                    check(x)
                    x = x.nextUp
                }
                k += relativeError < 0.002 ? 7 : 1  // the finest resolution: every seventh boundary
            }
            // Exponents a table would not cover, and the extremes of the doubles.
            for x in [Double.leastNonzeroMagnitude, 1e-310, Double.leastNormalMagnitude, 1e-300, 1e300, .greatestFiniteMagnitude, 1, 2, 0.5] {
                check(x)
            }
        }
        XCTAssertGreaterThan(checked, 400_000)
    }
}
