import XCTest
@testable import SimKernel

final class QuantileSketchTests: XCTestCase {
    func testQuantileSketchIsWithinItsStatedRelativeError() {
        let stream = RandomStream(seed: 11)
        var sketch = QuantileSketch(relativeError: 0.005)
        var xs: [Double] = []
        for i in 0..<50_000 {
            let x = i % 5 == 0 ? 0 : stream.exponential(mean: 30)  // a fifth wait zero
            xs.append(x)
            sketch.add(x)
        }
        xs.sort()
        for p in [0.1, 0.2, 0.5, 0.9, 0.95, 0.99] {
            let exact = xs[Int((p * Double(xs.count)).rounded(.up)) - 1]
            let estimate = sketch.quantile(p)
            if exact == 0 { XCTAssertEqual(estimate, 0) } else {
                XCTAssertLessThanOrEqual(abs(estimate - exact) / exact, 0.005 + 1e-12, "p = \(p)")
            }
        }
    }

    /// Merged sketches answer as one sketch fed every observation, and survive being written
    /// out as numbers and read back.
    func testQuantileSketchesMergeAndRoundTrip() {
        let stream = RandomStream(seed: 3)
        var a = QuantileSketch(), b = QuantileSketch(), both = QuantileSketch()
        for i in 0..<20_000 {
            let x = i % 7 == 0 ? 0 : stream.exponential(mean: i % 2 == 0 ? 5 : 500)
            if i % 3 == 0 { a.add(x) } else { b.add(x) }
            both.add(x)
        }
        var merged = a
        merged.merge(b)
        XCTAssertEqual(merged.count, both.count)
        for p in stride(from: 0.0, through: 1.0, by: 0.05) { XCTAssertEqual(merged.quantile(p), both.quantile(p), "p = \(p)") }
        let buckets = merged.buckets
        let back = QuantileSketch(zeroCount: buckets.zeroCount, offset: buckets.offset, counts: buckets.counts)
        XCTAssertEqual(back.count, both.count)
        for x in [0.0, 0.1, 3, 40, 900] { XCTAssertEqual(back.fraction(atMost: x), both.fraction(atMost: x)) }
        XCTAssertEqual(both.fraction(atMost: 0), Double(20_000 / 7 + 1) / 20_000, accuracy: 1e-12)
    }
}
