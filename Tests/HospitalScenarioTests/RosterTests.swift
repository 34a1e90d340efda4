import SimKernel
import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalPolicies
@testable import HospitalScenario
@testable import HospitalSimulation

/// Rosters whose shifts name days repeat weekly from Monday 00:00.
final class RosterTests: XCTestCase {
    func clinic(_ shifts: String) -> String {
        """
        name: weekend
        time_unit: hour
        run: {horizon: "280 day", warmup: "7 day", replications: 10, seed: 9}
        arrivals: [{name: a, rate: 3}]
        resources:
          - name: doctor
            shifts: \(shifts)
        pathway: [{use: doctor, duration: {exponential: {mean: 1}}}]
        windows:
          weekdays: {from: "00:00", to: "00:00", days: [mon, tue, wed, thu, fri]}
          weekend: {from: "00:00", to: "00:00", days: [sat, sun]}
        """
    }

    /// Five doctors every day against five on weekdays and four at weekends, on the same
    /// patients: the weekend waits rise clearly, the weekday waits by less than a twentieth of
    /// that (only the few who arrive while Monday clears the weekend's queue are touched), and
    /// the staffed mean is the roster's: (5 x 5 + 4 x 2) / 7 = 4.714.
    func testAWeekendRosterChangesOnlyWeekendWaits() throws {
        let every = simulate(clinic(#"[{from: "00:00", to: "00:00", capacity: 5}]"#))
        let weekend = simulate(clinic("""
            [{from: "00:00", to: "00:00", capacity: 5, days: [mon, tue, wed, thu, fri]},
                         {from: "00:00", to: "00:00", capacity: 4, days: [sat, sun]}]
            """))
        let before = try XCTUnwrap(every.values("window.weekend.wait.mean"))
        let after = try XCTUnwrap(weekend.values("window.weekend.wait.mean"))
        let rise = Summary(of: zip(after, before).map { $0 - $1 })
        XCTAssertGreaterThan(rise.mean - rise.halfWidth(level: 0.999), 0, "four doctors make weekend patients wait longer")
        let weekdayChange = Summary(of: zip(try XCTUnwrap(weekend.values("window.weekdays.wait.mean")),
                                            try XCTUnwrap(every.values("window.weekdays.wait.mean"))).map { $0 - $1 })
        XCTAssertLessThan(abs(weekdayChange.mean) + weekdayChange.halfWidth(level: 0.999), rise.mean / 20,
                          "weekday waits barely move (weekday change \(weekdayChange.mean), weekend rise \(rise.mean))")
        // Utilisation is busy over staffed time: 3 busy of 4.714 staffed on average.
        assertCovers(weekend, "resource.doctor.utilization", 3.0 / (33.0 / 7), precision: 0.02)
    }

    func testTheWeekRosterChangesOnTheDaysNamed() {
        var s = scenario(clinic("""
            [{from: "08:00", to: "20:00", capacity: 3, days: [mon, tue, wed, thu, fri]},
                         {from: "20:00", to: "08:00", capacity: 2},
                         {from: "08:00", to: "20:00", capacity: 1, days: [sat, sun]}]
            """))
        s.run.warmup = 0
        let changes = Tracer.trace(s, until: 8 * 24).records.filter { $0.event == "roster" }.map { ($0.time, $0.detail) }
        // Monday 08:00 three, 20:00 two, ... Saturday (day 5) 08:00 one.
        XCTAssertTrue(changes.contains { $0.0 == 8 && $0.1 == "capacity 3" })
        XCTAssertTrue(changes.contains { $0.0 == 5 * 24 + 8 && $0.1 == "capacity 1" })
        XCTAssertFalse(changes.contains { $0.0 == 5 * 24 + 8 && $0.1 == "capacity 3" })
        XCTAssertTrue(changes.contains { $0.0 == 7 * 24 + 8 && $0.1 == "capacity 3" }, "and Monday again")
    }

    func testAGapOnAnyDayIsAnError() {
        let messages = loadMessages(clinic("""
            [{from: "00:00", to: "00:00", capacity: 5, days: [mon, tue, wed, thu, fri]},
                         {from: "00:00", to: "12:00", capacity: 4, days: [sat, sun]}]
            """))
        XCTAssertTrue(messages.contains("the roster leaves sat 12:00-sun 00:00 uncovered"), messages)
        XCTAssertTrue(loadMessages(clinic(#"[{from: "00:00", to: "00:00", capacity: 5, days: [mon, tues]}]"#)).contains("did you mean 'tue'"))
    }
}
