import XCTest
@testable import SimKernel

/// Backtests of arrival models on arrivals drawn from a known week profile (ten weeks, a daily
/// wave of 1 to 5 an hour, weekends at half): the profiles beat the seasonal naive, their
/// Poisson intervals cover at least their level (less a margin for the estimated rates), and
/// on a strong weekly pattern the week profile beats the day profile.
final class ArrivalBacktestTests: XCTestCase {
    func rate(_ hour: Double) -> Double {
        let h = Int(hour.rounded(.down)) % 168
        let wave = 3 + 2 * sin(2 * Double.pi * Double(h % 24) / 24)
        return h >= 120 ? wave / 2 : wave
    }

    func arrivals(weeks: Int, seed: UInt64) -> [Double] {
        let stream = RandomStream(seed: seed)
        var t = 0.0, out: [Double] = []
        while true {
            t += stream.exponential(mean: 1 / 5.0)  // thinning from the peak rate
            if t >= Double(weeks * 168) { return out }
            if stream.uniform() * 5 < rate(t) { out.append(t) }
        }
    }

    func testProfilesBeatTheSeasonalNaiveAndTheirIntervalsCover() throws {
        let b = ArrivalBacktest(arrivals: arrivals(weeks: 10, seed: 2604), from: 0, to: 10 * 168)
        XCTAssertEqual(b.horizons, ArrivalBacktest.standardHorizons)
        XCTAssertEqual(b.origins, 6 * 168)
        let scores = Dictionary(uniqueKeysWithValues: b.scores.map { ($0.model, $0) })
        let week = try XCTUnwrap(scores[.weekProfile]), day = try XCTUnwrap(scores[.dayProfile]), naive = try XCTUnwrap(scores[.seasonalNaive])
        XCTAssertEqual(naive.mase, Array(repeating: 1, count: b.horizons.count))
        for i in b.horizons.indices {
            // A Poisson count against its own mean, against a copy from a week earlier: about
            // 1/sqrt(2) for large rates; estimation error adds a little.
            XCTAssertLessThan(week.mase[i], 0.85, "horizon \(b.horizons[i])")
            XCTAssertGreaterThan(week.mase[i], 0.6)
            XCTAssertGreaterThanOrEqual(week.coverage95[i], 0.93)
            XCTAssertGreaterThanOrEqual(week.coverage80[i], 0.77)
            XCTAssertLessThan(abs(week.bias[i]), 0.15, "unbiased")
            XCTAssertLessThan(week.mae[i], day.mae[i], "the weekend is half: the day profile misses it")
            XCTAssertTrue(week.rmse[i] >= week.mae[i])
        }
    }

    func testPoissonIntervalsAreCentral() {
        // Poisson(2): P(X <= 0) = 0.135, P(X <= 4) = 0.947, P(X <= 5) = 0.983.
        XCTAssertTrue(ArrivalBacktest.inside(0, rate: 2, level: 0.8))
        XCTAssertTrue(ArrivalBacktest.inside(4, rate: 2, level: 0.8))
        XCTAssertFalse(ArrivalBacktest.inside(5, rate: 2, level: 0.8))
        XCTAssertTrue(ArrivalBacktest.inside(5, rate: 2, level: 0.95))
        XCTAssertFalse(ArrivalBacktest.inside(7, rate: 2, level: 0.95))
        XCTAssertTrue(ArrivalBacktest.inside(0, rate: 0, level: 0.95))
        XCTAssertFalse(ArrivalBacktest.inside(1, rate: 0, level: 0.95))
    }

    func testTooShortDataHasNoOrigins() {
        let b = ArrivalBacktest(arrivals: arrivals(weeks: 3, seed: 1), from: 0, to: 3 * 168)
        XCTAssertEqual(b.origins, 0)
        XCTAssertEqual(b.horizons, [])
    }
}
