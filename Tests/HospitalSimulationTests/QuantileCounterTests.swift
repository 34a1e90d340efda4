import Foundation
import XCTest
import SimKernel
@testable import HospitalSimulation

/// A counter hands over the sketch that adding every value to a `QuantileSketch` would have
/// made, bucket for bucket: the results of every run depend on it.
final class QuantileCounterTests: XCTestCase {
    func testTheSketchIsTheOneEveryValueWouldHaveMade() {
        let stream = RandomStream(seed: 41)
        var counter = QuantileCounter()
        var sketch = QuantileSketch()
        defer { counter.free() }
        for i in 0..<50_000 {
            // A third zero; the rest over nine decades, so that the window must grow both ways;
            // a few exactly at bucket boundaries and at the zero threshold; and some beyond both
            // ends of the bucket table's range (2^-24 to 2^40), which the expression counts.
            let x: Double = switch i % 9 {
            case 0, 3, 6: 0
            case 1: exp(Double(Int(stream.uniform() * 400) - 200) * QuantileSketch.logGamma(relativeError: 0.005))
            case 2: QuantileCounter.zeroThreshold * (1 + stream.uniform())
            case 4: exp(24 + 12 * stream.uniform())
            case 5: 1e-8 * (1 + 9 * stream.uniform())
            default: exp(-8 + 20 * stream.uniform())
            }
            counter.add(x)
            sketch.add(x)
            if i == 20_000 {  // near the largest doubles, where the window's far edge is beyond them
                counter.add(1e306)
                sketch.add(1e306)
                counter.add(.greatestFiniteMagnitude)
                sketch.add(.greatestFiniteMagnitude)
            }
            if i == 777 {  // a sketch taken part-way, and adding after it, change nothing
                XCTAssertEqual(counter.sketch().count, sketch.count)
            }
        }
        let made = counter.sketch()
        XCTAssertEqual(made.count, sketch.count)
        XCTAssertEqual(made.buckets.zeroCount, sketch.buckets.zeroCount)
        XCTAssertEqual(made.buckets.offset, sketch.buckets.offset)
        XCTAssertEqual(made.buckets.counts, sketch.buckets.counts)
        for p in [0.01, 0.25, 0.5, 0.9, 0.99, 1] { XCTAssertEqual(made.quantile(p), sketch.quantile(p)) }
    }

    func testEmptyAndZeroOnlyCountersAreEmptyAndZeroSketches() {
        var empty = QuantileCounter(), zeros = QuantileCounter()
        defer {
            empty.free()
            zeros.free()
        }
        XCTAssertEqual(empty.sketch().count, 0)
        XCTAssertTrue(empty.sketch().quantile(0.5).isNaN)
        for _ in 0..<600 { zeros.add(0) }
        XCTAssertEqual(zeros.sketch().count, 600)
        XCTAssertEqual(zeros.sketch().quantile(0.9), 0)
        XCTAssertEqual(zeros.sketch().buckets.counts, [])
    }
}
