import SimKernel
import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalPolicies
@testable import HospitalScenario
@testable import HospitalSimulation

/// Dated arrival rates in a forecast: the rates of the dates forecast, placed by the calendar.
final class SimulationForecastDatedTests: XCTestCase {
    /// Two arrivals an hour, but ten an hour on Wednesday 2026-03-04: a forecast from Tuesday
    /// 00:00 brings 48 on Tuesday, 240 on Wednesday and 48 on Thursday, each day's mean total over
    /// 400 replications within its interval (99.9% for the three together, by Bonferroni), and
    /// every hour of Wednesday, and only those, near 10 (its standard error is 0.16). Moved a
    /// week later by `run.start`, the same table is outside the forecast: 48 a day.
    func testAForecastTakesTheRatesOfTheDatesItForecasts() throws {
        let day = "[" + Array(repeating: "10", count: 24).joined(separator: ", ") + "]"
        var s = scenario("""
            name: dated
            time_unit: hour
            run: {horizon: "3 day", replications: 400, seed: 5, start: 2026-03-02}
            arrivals:
              - name: a
                by_hour: {values: [\(Array(repeating: "2", count: 24).joined(separator: ", "))]}
                by_date: {start: 2026-03-04, values: \(day)}
            resources: [{name: bay, capacity: infinite}]
            pathway: [{use: bay, duration: 0.5}]
            """)
        s.run.warmup = 24  // Tuesday 00:00
        func forecast(_ s: Scenario) -> [[Double]] {
            let run = Runner.run(CompiledModel(s), threads: 2, indices: Array(0..<s.run.replications), stop: nil,
                                 forecast: ForecastPlan(census: [], hours: 72))
            return run.replications.map { $0.forecast!.arrivals }
        }
        func daily(_ runs: [[Double]]) -> [Summary] {
            (0..<3).map { d in Summary(of: runs.map { $0[(d * 24)..<(d * 24 + 24)].reduce(0, +) }) }
        }
        let level = 1 - 0.001 / 3
        let runs = forecast(s)
        for (d, total) in daily(runs).enumerated() {
            XCTAssertLessThanOrEqual(abs(total.mean - (d == 1 ? 240 : 48)), total.halfWidth(level: level), "day \(d)")
        }
        for h in 0..<72 {
            let mean = runs.map { $0[h] }.reduce(0, +) / Double(runs.count)
            XCTAssertTrue((24..<48).contains(h) ? mean > 9 : mean < 3, "hour \(h): \(mean)")
        }
        s.run.start = CivilDate.days(2026, 3, 9)  // the table is now the week before time 0
        for (d, total) in daily(forecast(s)).enumerated() {
            XCTAssertLessThanOrEqual(abs(total.mean - 48), total.halfWidth(level: level), "day \(d)")
        }
    }
}
