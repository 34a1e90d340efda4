import XCTest
@testable import SimKernel

/// Durations as extracts record them, drawn from known laws: the interval and censored fits
/// recover the truth within their 95% intervals where the naive fit of the same numbers does not.
final class DistributionFitCensoredTests: XCTestCase {
    func parameter(_ fit: DistributionFit, _ name: String) -> (value: Double, lower: Double, upper: Double) {
        let i = fit.parameters.firstIndex { $0.name == name }!
        return (fit.parameters[i].value, fit.intervals[i].lower, fit.intervals[i].upper)
    }

    /// Gamma durations (shape 1.6, scale 3 minutes) recorded in whole minutes: about one in thirty
    /// rounds to 0, so the naive fit has no gamma at all; the interval fit recovers both
    /// parameters, and its grouped KS test does not reject the truth's form.
    func testWholeMinutesAreIntervalsAndZerosAreData() throws {
        let stream = RandomStream(seed: 2601)
        let recorded = (0..<3000).map { _ in (Distribution.gammaSample(shape: 1.6, scale: 3, stream)).rounded() }
        let zeros = recorded.filter { $0 == 0 }.count
        XCTAssertGreaterThan(zeros, 50)
        XCTAssertTrue(DurationSample.allWhole(recorded))

        let naive = DistributionFit.fitAll(recorded)
        XCTAssertNil(naive.first { $0.form == .gamma }, "zeros leave the gamma out of the naive fit")
        XCTAssertNotEqual(naive.first?.form, .gamma)

        let fits = DistributionFit.fitAll(DurationSample(values: recorded, resolution: 1))
        let gamma = try XCTUnwrap(fits.first { $0.form == .gamma })
        XCTAssertEqual(gamma.method, .interval)
        for (name, truth) in [("shape", 1.6), ("scale", 3.0)] {
            let p = parameter(gamma, name)
            XCTAssertTrue(p.lower <= truth && truth <= p.upper, "\(name) \(p)")
        }
        XCTAssertEqual(fits.first?.form, .gamma, "the true form has the best AIC")
        XCTAssertGreaterThan(gamma.ksP, 0.01)
    }

    /// Lengths of stay (lognormal, mean 3 days, sd 2.5) of patients admitted uniformly over 60
    /// days, extracted on day 60: stays not finished are censored at their time so far. Fitting
    /// the finished stays alone biases the mean down, beyond its interval; the censored fit covers
    /// the truth.
    func testStaysStillUnderWayAreCensoredNotDropped() throws {
        let stream = RandomStream(seed: 2602)
        let truth = try Distribution.lognormal(mean: 3, sd: 2.5)
        var values: [Double] = [], open: [Bool] = []
        for _ in 0..<3000 {
            let admitted = 60 * stream.uniform()
            let stay = truth.sample(stream)
            values.append(min(stay, 60 - admitted))
            open.append(admitted + stay > 60)
        }
        let censored = open.filter { $0 }.count
        XCTAssertGreaterThan(censored, 100)

        let finished = zip(values, open).filter { !$0.1 }.map(\.0).sorted()
        let naive = try XCTUnwrap(DistributionFit.fit(.lognormal, sorted: finished))
        let naiveMean = parameter(naive, "mean")
        XCTAssertLessThan(naiveMean.upper, 3, "the finished stays alone understate the mean: \(naiveMean)")

        let fit = try XCTUnwrap(DistributionFit.fit(.lognormal, DurationSample(values: values, censored: open)))
        XCTAssertEqual(fit.method, .censored)
        for (name, value) in [("mean", 3.0), ("sd", 2.5)] {
            let p = parameter(fit, name)
            XCTAssertTrue(p.lower <= value && value <= p.upper, "\(name) \(p)")
        }
        XCTAssertTrue(fit.ksP.isNaN, "no KS p-value for censored data")
        XCTAssertLessThan(fit.ksStatistic, 0.03, "the fit follows the Kaplan-Meier curve")
    }

    /// Kaplan-Meier against a hand computation: times 1, 2+, 3, 3, 4+, 5 (+ censored).
    func testKaplanMeierByHand() {
        let km = KaplanMeier(durations: [1, 2, 3, 3, 4, 5], censored: [false, true, false, false, true, false])
        XCTAssertEqual(km.steps.map(\.time), [1, 3, 5])
        XCTAssertEqual(km.steps.map(\.atRisk), [6, 4, 1])
        XCTAssertEqual(km.steps[0].survival, 5.0 / 6, accuracy: 1e-12)
        XCTAssertEqual(km.steps[1].survival, 5.0 / 6 * 2 / 4, accuracy: 1e-12)
        XCTAssertEqual(km.steps[2].survival, 0, accuracy: 1e-12)
        XCTAssertEqual(km.survival(at: 4), 5.0 / 12, accuracy: 1e-12)
        XCTAssertTrue(km.steps[0].lower < km.steps[0].survival && km.steps[0].survival < km.steps[0].upper)
        XCTAssertEqual(km.censoredCount, 2)
    }

    /// With nothing censored and nothing rounded, the sample takes the closed-form fits.
    func testExactSamplesKeepTheClosedFormFits() throws {
        let stream = RandomStream(seed: 2603)
        let x = (0..<500).map { _ in stream.exponential(mean: 5) }
        let a = DistributionFit.fitAll(x), b = DistributionFit.fitAll(DurationSample(values: x))
        XCTAssertEqual(a.map(\.aic), b.map(\.aic))
        XCTAssertTrue(b.allSatisfy { $0.method == .exact })
    }
}

extension Distribution {
    static func gammaSample(shape: Double, scale: Double, _ stream: RandomStream) -> Double {
        (try! Distribution.gamma(shape: shape, scale: scale)).sample(stream)
    }
}
