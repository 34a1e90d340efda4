import HospitalTestSupport
import SimKernel
import XCTest
@testable import HospitalModel
@testable import HospitalScenario

/// The cheapest extra staffing for a resource at risk in a forecast: what it promises holds when
/// the action is simulated on its own, one unit fewer over the same hours does not do, and the
/// roster it writes staffs exactly the hours it names.
final class StudyReliefTests: XCTestCase {
    static let ward = """
        name: relief ward
        time_unit: hour
        run: {horizon: 1 day, replications: 400, seed: 11}
        arrivals: [{name: patients, rate: 1.2}]
        resources: [{name: bed, capacity: 6}]
        pathway:
          - {seize: bed}
          - {delay: {exponential: {mean: 5}}}
          - {release: bed}
        """

    func testReliefHoldsAndOneUnitFewerDoesNot() throws {
        let s = scenario(Self.ward)
        // Six patients in the six beds now: full at once, and likely full again within a day.
        let census = (0..<6).map { CensusPatient(id: "p\($0)", classIndex: 0, step: [1], status: .inService, elapsed: 1, waited: 0, holds: [0]) }
        let study = Study(plan: ReplicationPlan(threads: 2))
        let now = "2026-03-04T10:00"
        let forecast = try study.forecast(s, census: census, now: now, hours: 24)
        XCTAssertGreaterThan(forecast.fullWithin[0].last!, 0.9)
        let threshold = 0.2
        for measure in ForecastRelief.Measure.allCases {
            let relief = try XCTUnwrap(try study.relief(s, resource: 0, forecast: forecast, census: census, measure: measure,
                                                        threshold: threshold, unitHourCost: 10), "\(measure)")
            XCTAssertLessThanOrEqual(relief.afterUpper, threshold)
            XCTAssertEqual(relief.before, Study.risk(forecast, resource: 0, measure: measure).value)
            XCTAssertEqual(relief.cost, Double(relief.extra * relief.hours) * 10)
            XCTAssertTrue(zip(relief.windows, relief.windows.dropFirst()).allSatisfy { $0.upperBound < $1.lowerBound }, "apart and in order")
            XCTAssertGreaterThanOrEqual(relief.evaluated, relief.extra)
            // The action simulated on its own gives what the relief says (same replications).
            func withExtra(_ k: Int) throws -> (value: Double, upper: Double) {
                var changed = s
                let unit = s.timeUnit.minutes
                for w in relief.windows {
                    let from = w.lowerBound == 0 ? -60.0 : Double(w.lowerBound) * 60
                    let to = w.upperBound == 24 ? 25.0 * 60 : Double(w.upperBound) * 60 + 1
                    changed.resources[0] = Study.adding(k, to: changed.resources[0], fromMinute: max(0, forecast.start * unit + from),
                                                        toMinute: forecast.start * unit + to)
                }
                return Study.risk(try study.forecast(changed, census: census, now: now, hours: 24), resource: 0, measure: measure)
            }
            let alone = try withExtra(relief.extra)
            XCTAssertEqual(alone.value, relief.after)
            XCTAssertEqual(alone.upper, relief.afterUpper)
            if relief.extra > 1 {
                XCTAssertGreaterThan(try withExtra(relief.extra - 1).upper, threshold,
                                     "\(measure): one unit fewer over the same hours would have been cheaper and enough")
            }
        }
        // The horizon measure is the stricter: it never asks for fewer units.
        let hourly = try XCTUnwrap(try study.relief(s, resource: 0, forecast: forecast, census: census, measure: .hourly, threshold: threshold, unitHourCost: 10))
        let horizon = try XCTUnwrap(try study.relief(s, resource: 0, forecast: forecast, census: census, measure: .withinHorizon, threshold: threshold, unitHourCost: 10))
        XCTAssertLessThanOrEqual(hourly.cost, horizon.cost)
    }

    /// Staff needed at night only: a night shift of one where a second is needed at the night's
    /// busy hours gets extra units at night, not around the clock (cheaper than the horizon).
    func testNightsOnlyWhenOnlyNightsAreAtRisk() throws {
        let s = scenario("""
            name: nights
            time_unit: hour
            run: {horizon: 1 day, replications: 400, seed: 5}
            arrivals: [{name: calls, rate: 1.5}]
            resources:
              - name: doctor
                shifts:
                  - {from: "08:00", to: "20:00", capacity: 4}
                  - {from: "20:00", to: "08:00", capacity: 1}
            pathway: [{use: doctor, duration: {exponential: {mean: "30 min"}}}]
            """)
        let study = Study(plan: ReplicationPlan(threads: 2))
        let forecast = try study.forecast(s, census: [], now: "2026-03-04T10:00", hours: 48)
        let relief = try XCTUnwrap(try study.relief(s, resource: 0, forecast: forecast, census: [], threshold: 0.2, unitHourCost: 100))
        XCTAssertEqual(relief.windows.count, 2, "two nights: \(relief.windows)")
        XCTAssertLessThan(relief.hours, 30, "nights only, not the 48 hours")
        for w in relief.windows {
            // Each night runs from 20:00 (10 hours after 10:00) to 08:00 (22 hours after), give or take the hour marks.
            XCTAssertTrue((9...11).contains(w.lowerBound % 24), "\(w)")
        }
        XCTAssertLessThanOrEqual(relief.afterUpper, 0.2)
    }

    /// The roster written for k extra units from one time to another: base + k inside, base
    /// outside, over a window that crosses midnights.
    func testTheExtraUnitsStaffExactlyTheirHours() {
        let base = scenario(Self.ward).resources[0]
        let from = 2 * 1440 + 7 * 60 + 30, to = 4 * 1440 + 3 * 60   // Wed 07:30 to Fri 03:00
        let changed = Study.adding(3, to: base, fromMinute: Double(from), toMinute: Double(to))
        XCTAssertEqual(changed.capacity, 9)
        let minutes = Roster.minuteCapacities(changed.shifts!)
        XCTAssertEqual(minutes.count, 7 * 1440)
        for m in stride(from: 0, to: 7 * 1440, by: 15) {
            XCTAssertEqual(minutes[m], (from..<to).contains(m) ? 9 : 6, "minute \(m)")
        }
    }
}
