import CGSL
import XCTest
@testable import SimKernel

/// The continuous empirical distribution: its closed-form moments and CDF are those it samples,
/// and the one `simrun fit` suggests keeps a skewed sample's mean and spread.
final class ContinuousEmpiricalTableTests: XCTestCase {
    /// Mixtures that none of the five forms fits (each is checked to be rejected by KS).
    static func skewedSamples() -> [(name: String, data: [Double])] {
        let stream = RandomStream(seed: 4242)
        let n = 2_000
        let fast = try! Distribution.lognormal(mean: 18, sd: 6), slow = try! Distribution.lognormal(mean: 60, sd: 45)
        let short = try! Distribution.gamma(shape: 9, scale: 2), long = try! Distribution.weibull(shape: 0.8, scale: 90)
        let quick = try! Distribution.uniform(min: 1, max: 4), tail = try! Distribution.lognormal(mean: 40, sd: 60)
        return [
            ("two lognormals (80/20)", (0..<n).map { _ in stream.uniform() < 0.8 ? fast.sample(stream) : slow.sample(stream) }),
            ("gamma body, Weibull tail (85/15)", (0..<n).map { _ in stream.uniform() < 0.85 ? short.sample(stream) : long.sample(stream) }),
            ("quick cases and a heavy tail (50/50)", (0..<n).map { _ in stream.uniform() < 0.5 ? quick.sample(stream) : tail.sample(stream) }),
        ]
    }

    /// The suggestion's exact mean and sd lie within the sample's 95% intervals: the mean's
    /// (Student-t) and the sd's from the sample's fourth moment (var(s^2) = (m4 - s^4 (n-3)/(n-1)) / n,
    /// carried to s by the delta method), so a heavy tail widens it as it should.
    func testFittedDistributionKeepsTheSampleMeanAndSd() throws {
        for (name, data) in Self.skewedSamples() {
            let fits = DistributionFit.fitAll(data)
            XCTAssertLessThan(try XCTUnwrap(fits.first).ksP, 0.01, "\(name): some form fits, so this is no test of the fallback")
            let e = try XCTUnwrap(Distribution.continuousEmpirical(fittedTo: data))
            let n = Double(data.count)
            let mean = data.reduce(0, +) / n
            let s2 = data.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
            let m4 = data.reduce(0) { $0 + pow($1 - mean, 4) } / n
            let meanHalf = 1.96 * (s2 / n).squareRoot()
            let sdHalf = 1.96 * ((m4 - s2 * s2 * (n - 3) / (n - 1)) / n).squareRoot() / (2 * s2.squareRoot())
            XCTAssertLessThanOrEqual(abs(e.mean - mean), meanHalf, "\(name): mean \(e.mean) against \(mean) ± \(meanHalf)")
            XCTAssertLessThanOrEqual(abs(e.variance.squareRoot() - s2.squareRoot()), sdHalf,
                                     "\(name): sd \(e.variance.squareRoot()) against \(s2.squareRoot()) ± \(sdHalf)")
            // The 21 equally likely percentiles this replaces overstate the spread badly: check the
            // test can tell (their sd lies outside the same interval).
            let sorted = data.sorted()
            let percentiles = (0...20).map { sorted[Int((Double($0) / 20 * (n - 1)).rounded())] }
            let old = try Distribution.empirical(values: percentiles)
            XCTAssertGreaterThan(abs(old.variance.squareRoot() - s2.squareRoot()), sdHalf, "\(name): the old suggestion was not distorted here")
        }
    }

    /// Sampling agrees with the closed-form moments and CDF (an atom at 0 and a tail included).
    func testSamplesMatchTheClosedForms() throws {
        let d = try Distribution.continuousEmpirical(values: [0, 0, 5, 20, 30], cumulative: [0, 0.1, 0.5, 0.8, 0.9], tailMean: 12)
        // Mean by hand: 0.4 * 2.5 + 0.3 * 12.5 + 0.1 * 25 + 0.1 * (30 + 12) = 11.45.
        XCTAssertEqual(d.mean, 11.45, accuracy: 1e-12)
        XCTAssertEqual(d.cdf(0), 0.1, accuracy: 1e-12)
        XCTAssertEqual(d.cdf(12.5), 0.65, accuracy: 1e-12)
        XCTAssertEqual(d.cdf(42), 1 - 0.1 * exp(-1), accuracy: 1e-12)
        XCTAssertEqual(d.quantile(0.65), 12.5, accuracy: 1e-12)
        let stream = RandomStream(seed: 9)
        let draws = (0..<200_000).map { _ in d.sample(stream) }
        let s = Summary(of: draws)
        XCTAssertLessThanOrEqual(abs(s.mean - d.mean), Summary(of: draws, confidence: 0.999).halfWidth, "mean \(s.mean) against \(d.mean)")
        let sd = d.variance.squareRoot()
        XCTAssertEqual(s.sd, sd, accuracy: 0.02 * sd, "sd \(s.sd) against \(sd)")
        for x in [0.0, 3, 12.5, 29, 31, 60] {
            let share = Double(draws.filter { $0 <= x }.count) / Double(draws.count)
            let p = d.cdf(x)
            XCTAssertEqual(share, p, accuracy: 3.29 * (p * (1 - p) / Double(draws.count)).squareRoot() + 1e-9, "P(X <= \(x))")
        }
    }

    func testParametersAreChecked() {
        func message(_ values: [Double], _ cumulative: [Double], _ tail: Double? = nil) -> String {
            do { _ = try Distribution.continuousEmpirical(values: values, cumulative: cumulative, tailMean: tail); return "" }
            catch { return error.message }
        }
        XCTAssertEqual(message([1, 2], [0, 1]), "")
        XCTAssertTrue(message([2, 1], [0, 1]).contains("ascending"))
        XCTAssertTrue(message([1, 2], [0.1, 1]).contains("start at 0"))
        XCTAssertTrue(message([1, 2, 3], [0, 0.6, 0.5]).contains("must not decrease"))
        XCTAssertTrue(message([1, 2], [0, 0.9]).contains("give tail_mean"))
        XCTAssertTrue(message([1, 2], [0, 1], 5).contains("no tail"))
        XCTAssertTrue(message([1, 2], [0]).contains("one for one"))
    }
}
