import CGSL
import XCTest
@testable import SimKernel

/// The calendar model on hourly counts drawn from a known calendar: an hour-of-day shape times
/// a weekday level, a trend of 2% a week, and bank holidays at half an ordinary day's rate. The
/// fit recovers each within its interval; Poisson counts are not flagged as overdispersed,
/// counts with a day-to-day random level are, and then the negative binomial intervals cover
/// what the Poisson ones miss; the out-of-sample choice finds a trend of 5% a week.
final class CalendarArrivalModelTests: XCTestCase {
    let weekdayLevel = [1.2, 1.0, 1.0, 1.0, 1.0, 0.7, 0.6]
    var trend = 1.02
    let holidayRatio = 0.5
    let holidays: [Int] = [17, 45, 80, 101, 130, 150, 177, 190]  // days after the origin

    func shape(_ hourOfDay: Int) -> Double { 2.5 + 1.5 * sin(2 * Double.pi * Double(hourOfDay - 6) / 24) }

    /// The true mean of `hour`, for `weeks` weeks of data whose trend is 1 at their middle.
    func truth(_ hour: Int, weeks: Int) -> Double {
        let day = hour / 24
        let level = holidays.contains(day) ? holidayRatio * weekdayLevel[day % 7] : weekdayLevel[day % 7]
        return shape(hour % 24) * level * pow(trend, (Double(hour) + 0.5 - Double(weeks * 168) / 2) / 168)
    }

    /// Hourly counts over `weeks`; with `dayShape`, each day's rate is scaled by a gamma draw of
    /// mean 1 (a day-to-day level no calendar predicts).
    func counts(weeks: Int, seed: UInt64, dayShape: Double? = nil) -> [Int] {
        let stream = RandomStream(seed: seed)
        var out: [Int] = [], daily = 1.0
        for hour in 0..<(weeks * 168) {
            if hour % 24 == 0, let a = dayShape { daily = gsl_ran_gamma(stream.rng, a, 1 / a) }
            out.append(Int(gsl_ran_poisson(stream.rng, truth(hour, weeks: weeks) * daily)))
        }
        return out
    }

    var special: CalendarArrivalModel.SpecialDays {
        CalendarArrivalModel.SpecialDays(names: ["bank holiday"], days: Dictionary(uniqueKeysWithValues: holidays.map { ($0, 0) }))
    }

    func testTheTrendWeekdaysAndHolidaysAreRecoveredWithinTheirIntervals() throws {
        let model = CalendarArrivalModel(counts: counts(weeks: 26, seed: 61), firstHour: 0,
                                         specification: .init(form: .dayAndHour, trend: true), specialDays: special)
        let t = try XCTUnwrap(model.trendPerWeek)
        XCTAssertLessThan(t.lower, trend)
        XCTAssertGreaterThan(t.upper, trend)
        XCTAssertGreaterThan(t.lower, 1, "the trend is found, not just allowed")
        let ratios = model.dayRatios
        let average = weekdayLevel.reduce(0, +) / 7
        for d in 0..<7 {
            // About 180 arrivals a day over 26 days: a weekday's level has a standard error near 2%.
            XCTAssertEqual(ratios.weekdays[d], weekdayLevel[d] / average, accuracy: 0.08 * weekdayLevel[d] / average, "weekday \(d)")
        }
        // Eight holidays of about 90 arrivals: a standard error near 4% of the ratio.
        XCTAssertEqual(try XCTUnwrap(ratios.special[0]), holidayRatio, accuracy: 0.08)
        XCTAssertNil(model.size, "Poisson counts")
        XCTAssertEqual(model.dispersion, 1, accuracy: 4 * (2.0 / Double(26 * 168)).squareRoot())
    }

    func testADayToDayLevelIsFlaggedAndTheNegativeBinomialIntervalsCover() throws {
        let weeks = 30
        let data = counts(weeks: weeks, seed: 62, dayShape: 10)
        let training = 26 * 168
        let model = CalendarArrivalModel(counts: Array(data[..<training]), firstHour: 0,
                                         specification: .init(form: .dayAndHour, trend: true), specialDays: special)
        let size = try XCTUnwrap(model.size, "a gamma day level of CV 0.32 makes the counts overdispersed")
        XCTAssertLessThan(model.dispersionP, 1e-6)
        XCTAssertGreaterThan(size, 0)
        var poisson = 0.0, negativeBinomial = 0.0
        let later = training..<(weeks * 168)
        for hour in later {
            let m = model.mean(hour: hour)
            if model.inside(data[hour], mean: m, coverage: 0.95) { negativeBinomial += 1 }
            if ArrivalBacktest.inside(Double(data[hour]), rate: m, level: 0.95) { poisson += 1 }
        }
        negativeBinomial /= Double(later.count)
        poisson /= Double(later.count)
        XCTAssertGreaterThanOrEqual(negativeBinomial, 0.93)
        XCTAssertLessThan(poisson, negativeBinomial - 0.02, "the Poisson intervals are too narrow for these counts")
        let (lower, upper) = model.interval(mean: 4, coverage: 0.95)
        XCTAssertLessThan(lower, upper)
        XCTAssertTrue(model.inside(lower, mean: 4, coverage: 0.95) && model.inside(upper, mean: 4, coverage: 0.95))
    }

    func testTheOutOfSampleChoiceFindsTheTrendAndTheShape() throws {
        // A trend strong enough to matter over three weeks held out (5% a week).
        trend = 1.05
        let data = counts(weeks: 12, seed: 63)
        let selection = try XCTUnwrap(CalendarArrivalModel.select(counts: data, firstHour: 0, specialDays: special))
        let candidates = selection.candidates
        XCTAssertEqual(selection.origins, 21)
        XCTAssertLessThan(candidates[0].rmse, selection.weekProfileRMSE, "a trend the week profile cannot follow")
        XCTAssertEqual(candidates.count, 8)
        let best = candidates[0].specification
        XCTAssertTrue(best.trend, "\(candidates.map { "\($0.specification): \($0.rmse)" })")
        XCTAssertEqual(best.form, .dayAndHour, "the truth is a shape times a day level: 30 terms beat 168")
        XCTAssertEqual(candidates.map(\.rmse), candidates.map(\.rmse).sorted())
        XCTAssertNil(CalendarArrivalModel.select(counts: Array(data[..<(28 * 24)]), firstHour: 0), "four weeks leave nothing to hold out")
    }
}
