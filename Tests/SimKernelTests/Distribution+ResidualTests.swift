import CGSL
import XCTest
@testable import SimKernel

/// What is left of a duration that has lasted e, far into the tail: the mean residual life and
/// the share still going an hour later, against the exact conditional law S(e + t) / S(e)
/// computed from GSL's upper-tail functions and integrated numerically.
final class DistributionResidualTests: XCTestCase {
    /// Each form (in hours) with its survival function from GSL's `gsl_cdf_*_Q`, independent of
    /// `Distribution.logSurvival`, and its upper-tail quantile.
    nonisolated(unsafe) static let forms: [(name: String, d: Distribution, survival: (Double) -> Double, upperQuantile: (Double) -> Double)] = {
        let ln = try! Distribution.lognormal(mean: 24, sd: 12)
        let sigma = (log1p(0.25)).squareRoot(), zeta = log(24.0) - log1p(0.25) / 2
        let normalBelow = gsl_cdf_gaussian_P(-30, 10)
        return [
            ("lognormal", ln, { gsl_cdf_lognormal_Q($0, zeta, sigma) }, { gsl_cdf_lognormal_Qinv($0, zeta, sigma) }),
            ("gamma", try! .gamma(shape: 2, scale: 12), { gsl_cdf_gamma_Q($0, 2, 12) }, { gsl_cdf_gamma_Qinv($0, 2, 12) }),
            ("gamma shape 0.5", try! .gamma(shape: 0.5, scale: 40), { gsl_cdf_gamma_Q($0, 0.5, 40) }, { gsl_cdf_gamma_Qinv($0, 0.5, 40) }),
            ("weibull", try! .weibull(shape: 1.5, scale: 48), { gsl_cdf_weibull_Q($0, 48, 1.5) }, { gsl_cdf_weibull_Qinv($0, 48, 1.5) }),
            ("weibull shape 0.7", try! .weibull(shape: 0.7, scale: 30), { gsl_cdf_weibull_Q($0, 30, 0.7) }, { gsl_cdf_weibull_Qinv($0, 30, 0.7) }),
            ("normal", try! .normal(mean: 30, sd: 10), { gsl_cdf_gaussian_Q($0 - 30, 10) / (1 - normalBelow) },
             { 30 + gsl_cdf_gaussian_Qinv($0 * (1 - normalBelow), 10) }),
            ("exponential", try! .exponential(mean: 20), { exp(-$0 / 20) }, { -20 * log($0) }),
            ("continuous empirical", try! .continuousEmpirical(values: [0, 4, 10, 30], cumulative: [0, 0.3, 0.7, 0.9], tailMean: 15),
             { x in x >= 30 ? 0.1 * exp(-(x - 30) / 15) : 1 - (x < 4 ? 0.3 * x / 4 : x < 10 ? 0.3 + 0.4 * (x - 4) / 6 : 0.7 + 0.2 * (x - 10) / 20) },
             { q in q <= 0.1 ? 30 - 15 * log(q / 0.1) : q <= 0.3 ? 10 + 20 * (0.3 - q) / 0.2 : q <= 0.7 ? 4 + 6 * (0.7 - q) / 0.4 : 4 * (1 - q) / 0.3 }),
        ]
    }()

    /// The mean of S(e + t) / S(e) over t >= 0 by Simpson's rule on [0, T], T doubled until
    /// the ratio is below 1e-13 (what lies beyond is negligible next to the tolerance).
    func meanResidual(_ survival: (Double) -> Double, after e: Double) -> Double {
        let base = survival(e)
        var end = 1.0
        while survival(e + end) / base > 1e-13 { end *= 2 }
        let steps = 200_000, h = end / Double(steps)
        var sum = 0.0
        for i in 0...steps {
            let w: Double = i == 0 || i == steps ? 1 : (i % 2 == 1 ? 4 : 2)
            sum += w * survival(e + Double(i) * h) / base
        }
        return sum * h / 3
    }

    /// From the median to the 1 - 1e-15 quantile: the residuals drawn at u = (i + 1/2) / N
    /// average to the exact mean residual life (relative 0.2%), and the draw at
    /// u = 1 - S(e + 1) / S(e) is exactly one hour (the share still in after an hour).
    func testResidualLifeFarIntoTheTail() {
        let n = 20_000
        for form in Self.forms {
            for tail in [0.5, 1e-3, 1e-6, 1e-9, 1e-12, 1e-15] {
                let e = form.upperQuantile(tail)
                let exactMean = meanResidual(form.survival, after: e)
                let drawn = (0..<n).reduce(0.0) { $0 + form.d.residual(after: e, u: (Double($1) + 0.5) / Double(n)) } / Double(n)
                XCTAssertEqual(drawn, exactMean, accuracy: 2e-3 * exactMean, "\(form.name), P(X > e) = \(tail), e = \(e): mean residual")
                let stillIn = form.survival(e + 1) / form.survival(e)
                XCTAssertGreaterThan(stillIn, 0.01, "\(form.name): the hour is not a test at \(tail)")
                let r = form.d.residual(after: e, u: 1 - stillIn)
                XCTAssertEqual(r, 1, accuracy: 1e-6, "\(form.name), P(X > e) = \(tail): the share still in after an hour, \(stillIn)")
            }
        }
    }

    /// Log survival far beyond where S underflows to 0 stays finite and decreasing, and residuals
    /// there stay positive (a stay of a year is still a stay).
    func testBeyondUnderflow() {
        for form in Self.forms where form.name != "continuous empirical" && form.name != "exponential" {
            let far = form.upperQuantile(1e-300) * 3
            let a = form.d.logSurvival(far), b = form.d.logSurvival(far * 1.01)
            XCTAssertTrue(a.isFinite && b.isFinite && b < a, "\(form.name): log S at \(far) = \(a), at 1.01x = \(b)")
            let r = form.d.residual(after: far, u: 0.5)
            XCTAssertTrue(r > 0 && r.isFinite, "\(form.name): residual after \(far) = \(r)")
        }
    }
}
