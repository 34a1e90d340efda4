import Foundation
import SimKernel
import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalPolicies
@testable import HospitalScenario
@testable import HospitalSimulation

/// MSER-5 and the warm-up study: on series whose transient is known, and on systems with none.
final class WarmupTests: XCTestCase {
    func testMSERCutsAKnownTransientAndNothingFromNoise() {
        let noise = RandomStream(seed: 9)
        func gaussian() -> Double { (0..<12).reduce(0) { s, _ in s + noise.uniform() } - 6 }
        // A level of 10 reached as 10 (1 - e^(-t/20)), plus unit noise: the bias is gone by t of
        // about 60-100 (e^-3 .. e^-5 of the gap), far below it by 150.
        let transient = (0..<2000).map { t in 10 * (1 - exp(-Double(t) / 20)) + gaussian() }
        let cut = Warmup.mser5(transient).truncation
        XCTAssertGreaterThanOrEqual(cut, 30)
        XCTAssertLessThanOrEqual(cut, 150)
        XCTAssertEqual(cut % 5, 0)
        let stationary = (0..<2000).map { _ in 10 + gaussian() }
        XCTAssertLessThanOrEqual(Warmup.mser5(stationary).truncation, 50, "at most a few batches of pure noise")
    }

    func testWelchsAverageIsCentredAndShrinksAtTheStart() {
        let ys = (0..<10).map(Double.init)
        let w = Warmup.welch(ys, window: 2)
        XCTAssertEqual(w.count, 8)
        XCTAssertEqual(w[0], 0)       // just y0
        XCTAssertEqual(w[1], 1)       // (y0 + y1 + y2) / 3
        XCTAssertEqual(w[5], 5)       // y3..y7
    }

    static let mm1 = """
        name: M/M/1 at rho 0.9
        run: {horizon: "10 day", replications: 100, seed: 4}
        arrivals: [{name: p, rate: 0.9}]
        resources: [{name: s, capacity: 1}]
        pathway: [{use: s, duration: {exponential: {mean: 1}}}]
        """

    func study(after warmup: Double) -> WarmupStudy {
        var s = scenario(Self.mm1)
        s.run.warmup = warmup
        let result = Runner.run(CompiledModel(s), threads: 2, indices: Array(0..<s.run.replications), stop: nil, seriesBin: 10)
        return WarmupStudy(result: result, origin: warmup, binLength: 10, window: nil)
    }

    /// Started empty, the mean number in an M/M/1 at rho 0.9 climbs towards rho / (1 - rho) = 9:
    /// by the Kolmogorov equations it is 5.5 after an hour, 8.2 after five and 8.8 after ten.
    /// MSER-5 must cut into that climb, not beyond a day and a half, and leave a series whose
    /// mean is the stationary one.
    func testAnEmptyMM1IsCutWhereTheoryPutsItsTransient() {
        let s = study(after: 0)
        XCTAssertLessThan(s.inside[0..<6].reduce(0, +) / 6, 5, "the first hour starts from empty")
        XCTAssertGreaterThanOrEqual(s.insideCutTime, 60, "the cut removes at least the first hour")
        XCTAssertLessThanOrEqual(s.insideCutTime, 36 * 60)
        let kept = Array(s.inside[s.insideCut...])
        let mean = kept.reduce(0, +) / Double(kept.count)
        XCTAssertEqual(mean, 9, accuracy: 0.45, "after the cut the series sits at the stationary mean")
        XCTAssertGreaterThan(s.recommended, 0)
    }

    /// After a three-day warm-up (over 10 relaxation times of this queue) there is no transient
    /// left: the recommendation is near zero, a few percent of the ten days at most.
    func testASystemWithNoTransientGetsNearlyNoWarmup() {
        let s = study(after: 3 * 1440)
        XCTAssertLessThanOrEqual(s.insideCutTime, 0.05 * 10 * 1440)
        XCTAssertLessThanOrEqual(s.recommended, 0.05 * 10 * 1440)
    }

    /// A queue with more work than capacity (rho 1.1) grows without bound: MSER-5's cut runs to
    /// the end of its search, and the study says the series did not settle instead of offering
    /// that cut as a warm-up. The stationary queue above settles.
    func testAGrowingQueueIsNotSettledAndGetsNoRecommendation() {
        var s = scenario(Self.mm1.replacingOccurrences(of: "rate: 0.9", with: "rate: 1.1"))
        s.run.replications = 20
        let result = Runner.run(CompiledModel(s), threads: 2, indices: Array(0..<20), stop: nil, seriesBin: 10)
        let growing = WarmupStudy(result: result, origin: 0, binLength: 10, window: nil)
        XCTAssertFalse(growing.settled, "cut \(growing.insideCut) of \(growing.inside.count) bins")
        XCTAssertTrue(WarmupDocument(growing).json.contains("\"settled\": false"))
        XCTAssertTrue(study(after: 0).settled)
        XCTAssertTrue(study(after: 3 * 1440).settled)
        // The rule itself: the last fifth of the batches MSER-5 may drop (half of them).
        XCTAssertFalse(Warmup.atSearchEnd(truncation: 5 * 79, count: 1000), "79 of 100 droppable batches")
        XCTAssertTrue(Warmup.atSearchEnd(truncation: 5 * 80, count: 1000))
        XCTAssertFalse(Warmup.atSearchEnd(truncation: 5, count: 15), "too short a series to judge")
    }

    func testTheStudyIsTheSameOnAnyNumberOfThreads() {
        var s = scenario(Self.mm1)
        s.run.replications = 6
        let model = CompiledModel(s)
        let one = Runner.run(model, threads: 1, indices: Array(0..<6), stop: nil, seriesBin: 60)
        let four = Runner.run(model, threads: 4, indices: Array(0..<6), stop: nil, seriesBin: 60)
        XCTAssertEqual(WarmupDocument(WarmupStudy(result: one, origin: 0, binLength: 60, window: nil)).json,
                       WarmupDocument(WarmupStudy(result: four, origin: 0, binLength: 60, window: nil)).json)
    }
}
