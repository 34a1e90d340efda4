import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalScenario
@testable import SimKernel

/// The calendar model of arrivals on the example extract `scenarios/data/ed-arrivals-2025.csv`,
/// whose truth `scripts/make-arrivals-year.py` states: the hour-of-day shape times the weekday
/// level, a trend of 0.5% a week, bank holidays at 0.8 of an ordinary day, and a day-to-day
/// level of coefficient of variation 0.16. Each is recovered within its sampling error; the
/// extract's last day is followed by a bank holiday, which the dated rates carry.
final class EpisodeFitCalendarTests: XCTestCase {
    func fit(backtest: Bool = false) throws -> EpisodeFit {
        let table = try EpisodeTable.read(path: repositoryFile("scenarios/data/ed-arrivals-2025.csv"))
        let holidays = try EpisodeTable.read(path: repositoryFile("scenarios/data/bank-holidays.csv"))
        return try EpisodeFit(table, arrival: "arrived_at", classColumn: nil, durations: [], timeUnit: .minute, backtest: backtest,
                              calendar: EpisodeFit.CalendarRequest(holidays: holidays, ahead: 7))
    }

    func testTheCalendarsTermsAreRecovered() throws {
        let c = try XCTUnwrap(try fit().calendar)
        let m = c.model
        XCTAssertEqual(c.selection.best.form, .dayAndHour, "the truth is a shape times a day level")
        let trend = try XCTUnwrap(m.trendPerWeek, "chosen out of sample: a 0.5% weekly trend shows over three held-out weeks")
        XCTAssertTrue(trend.lower < 1.005 && 1.005 < trend.upper, "\(trend)")
        let scale = [1.3, 1.1, 1.0, 1.0, 1.05, 0.75, 0.7]
        let average = scale.reduce(0, +) / 7
        // 25 days of each weekday with a day level of CV 0.16: a standard error near 3.2%.
        for d in 0..<7 { XCTAssertEqual(m.dayRatios.weekdays[d], scale[d] / average, accuracy: 0.13 * scale[d] / average, "weekday \(d)") }
        // Four bank holidays in the data: a standard error near 8% of the ratio.
        let holiday = try XCTUnwrap(c.special.first)
        XCTAssertEqual(holiday.name, "bank holiday")
        XCTAssertEqual(holiday.daysInData, 4)
        XCTAssertEqual(holiday.daysAhead, 1)
        XCTAssertEqual(try XCTUnwrap(holiday.ratio), 0.8, accuracy: 0.25 * 0.8)
        XCTAssertNotNil(m.size, "the day-to-day level makes the hourly counts overdispersed")
        XCTAssertLessThan(m.dispersionP, 0.01)
        // The dated rates: a week from Monday 2025-08-25, a bank holiday. Mondays are the busiest
        // ordinary day, but this one is forecast below the Tuesday after it.
        XCTAssertEqual(c.aheadStart, "2025-08-25")
        XCTAssertEqual(c.rates.count, 7 * 24)
        let days = (0..<7).map { d in c.rates[(d * 24)..<(d * 24 + 24)].reduce(0, +) }
        XCTAssertGreaterThan(m.dayRatios.weekdays[0], m.dayRatios.weekdays[1])
        XCTAssertLessThan(days[0], days[1])
        for h in c.rates.indices { XCTAssertTrue(Double(c.lower[h]) <= c.rates[h] && c.rates[h] <= Double(c.upper[h])) }
    }

    /// Scored by rolling origins over the extract, the calendar model beats the week profile at
    /// every horizon (the week profile has 168 rates and no trend).
    func testTheCalendarModelBeatsTheWeekProfileInTheBacktest() throws {
        let b = try XCTUnwrap(try fit(backtest: true).backtest)
        let scores = Dictionary(uniqueKeysWithValues: b.scores.map { ($0.model, $0) })
        let calendar = try XCTUnwrap(scores[.calendar]), week = try XCTUnwrap(scores[.weekProfile])
        for i in b.horizons.indices {
            XCTAssertLessThan(calendar.mase[i], week.mase[i], "horizon \(b.horizons[i])")
            XCTAssertGreaterThanOrEqual(calendar.coverage95[i], 0.95, "negative binomial intervals")
        }
    }

    func testBadHolidaysAreLocatedErrors() throws {
        let table = try EpisodeTable.read(path: repositoryFile("scenarios/data/ed-arrivals-2025.csv"))
        func message(_ csv: String) -> String {
            do {
                _ = try EpisodeFit(table, arrival: "arrived_at", classColumn: nil, durations: [], timeUnit: .minute,
                                   calendar: EpisodeFit.CalendarRequest(holidays: try EpisodeTable.parse(csv, file: "h.csv")))
                return ""
            } catch { return error.description }
        }
        XCTAssertEqual(message("date\n2025-04-31\n"), "h.csv:2:1: error: '2025-04-31' is not a date such as 2026-12-25 (at date)")
        XCTAssertEqual(message("date\n2025-04-18\n2025-04-18\n"), "h.csv:3:1: error: 2025-04-18 is listed twice (at date)")
        XCTAssertTrue(message("day\n2025-04-18\n").hasPrefix("h.csv:1:1: error: no column 'date'"))
    }
}
