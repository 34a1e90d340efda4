import CGSL
import XCTest
@testable import SimKernel

/// A batched draw (a unit variate made ahead, then transformed) is the sampler's own draw,
/// bit for bit, and only the distributions that allow it say they do.
final class SamplerTests: XCTestCase {
    func testBatchedFormsGiveTheSamplersNumbersExactly() throws {
        let cases: [(String, Distribution)] = [
            ("exponential", try .exponential(mean: 7.5)),
            ("lognormal", try .lognormal(mean: 30, sd: 20)),
            ("lognormal, wide", try .lognormal(mean: 48, sd: 96)),
        ]
        for (name, distribution) in cases {
            let sampler = distribution.sampler
            let form = try XCTUnwrap(sampler.batched, name)
            for antithetic in [false, true] {
                let units = StreamSet(seed: 9, replication: 2, purposes: [name], antithetic: antithetic)
                let direct = StreamSet(seed: 9, replication: 2, purposes: [name], antithetic: antithetic)
                for k in 0..<20_000 {
                    let batched = form.value(form.unit.draw(units[0]))
                    let drawn = sampler.sample(direct[0])
                    XCTAssertEqual(batched.bitPattern, drawn.bitPattern, "\(name), draw \(k), antithetic \(antithetic)")
                    if batched.bitPattern != drawn.bitPattern { break }
                }
                // Both generators took the same number of uniforms.
                XCTAssertEqual(gsl_rng_get(units[0]), gsl_rng_get(direct[0]), name)
            }
        }
    }

    func testOnlyExponentialAndLognormalDrawsAreBatched() throws {
        XCTAssertEqual(try Distribution.exponential(mean: 2).sampler.batched, .exponential(mean: 2))
        XCTAssertEqual(try Distribution.lognormal(mean: 10, sd: 5).sampler.batched?.unit, .polarNormal)
        for other in [try Distribution.uniform(min: 1, max: 2), try .triangular(min: 1, mode: 2, max: 4), try .normal(mean: 3, sd: 1),
                      try .gamma(mean: 4, sd: 2), try .weibull(shape: 2, scale: 3), try .empirical(values: [1, 2], weights: [1, 1])] {
            XCTAssertNil(other.sampler.batched, "\(other)")
            XCTAssertFalse(other.sampler.drawsNothing, "\(other)")
        }
        XCTAssertTrue(try Distribution.deterministic(4).sampler.drawsNothing)
        XCTAssertNil(try Distribution.deterministic(4).sampler.batched)
        XCTAssertTrue(try Distribution.lognormal(mean: 5, sd: 0).sampler.drawsNothing, "a lognormal of sd 0 is its mean")
    }
}
