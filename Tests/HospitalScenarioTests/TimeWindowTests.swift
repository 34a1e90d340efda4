import SimKernel
import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalPolicies
@testable import HospitalScenario
@testable import HospitalSimulation

/// Metrics for a time window: patients by the hour they arrive, resources over the window's hours.
final class TimeWindowTests: XCTestCase {
    static let mm1 = """
        name: M/M/1 with windows
        run: {horizon: "20 day", warmup: "1 day", replications: 20, seed: 8}
        arrivals: [{name: p, rate: 0.8}]
        resources: [{name: s, capacity: 1}]
        pathway: [{use: s, duration: {exponential: {mean: 1}}}]
        windows:
          night: {from: "20:00", to: "08:00"}
          day: {from: "08:00", to: "20:00"}
          weekend: {from: "00:00", to: "00:00", days: [sat, sun]}
        """

    func values(_ r: RunResult, _ name: String) throws -> [Double] { try XCTUnwrap(r.values(name), name) }

    /// Day and night split the day: their patients and their hours add up to the whole, in
    /// every replication.
    func testComplementaryWindowsAddUpToTheWhole() throws {
        let r = simulate(Self.mm1)
        let arrived = try values(r, "patients.arrived"), completed = try values(r, "patients.completed")
        let wait = try values(r, "wait.mean"), busy = try values(r, "resource.s.busy.mean")
        let (dayArrived, nightArrived) = (try values(r, "window.day.patients.arrived"), try values(r, "window.night.patients.arrived"))
        let (dayDone, nightDone) = (try values(r, "window.day.patients.completed"), try values(r, "window.night.patients.completed"))
        let (dayWait, nightWait) = (try values(r, "window.day.wait.mean"), try values(r, "window.night.wait.mean"))
        let (dayBusy, nightBusy) = (try values(r, "window.day.resource.s.busy.mean"), try values(r, "window.night.resource.s.busy.mean"))
        for k in arrived.indices {
            XCTAssertEqual(dayArrived[k] + nightArrived[k], arrived[k])
            XCTAssertEqual(dayDone[k] + nightDone[k], completed[k])
            XCTAssertEqual((dayDone[k] * dayWait[k] + nightDone[k] * nightWait[k]) / completed[k], wait[k], accuracy: 1e-9 * wait[k])
            // Twelve hours each, every day: the averages weigh equally.
            XCTAssertEqual((dayBusy[k] + nightBusy[k]) / 2, busy[k], accuracy: 1e-9)
        }
    }

    /// A stationary M/M/1 looks the same at any hour: every window's mean wait covers Wq = 4 and
    /// its utilisation rho = 0.8; the weekend brings 2/7 of the arrivals.
    func testAStationaryQueueLooksTheSameInEveryWindow() {
        let r = simulate(Self.mm1.replacingOccurrences(of: "replications: 20", with: "replications: 60"))
        for w in ["night", "day", "weekend"] {
            assertCovers(r, "window.\(w).wait.mean", 4, precision: 0.12)
            assertCovers(r, "window.\(w).resource.s.utilization", 0.8, precision: 0.02)
        }
        // 20 days after a Monday warm-up day: days 2-21 hold three weekends, six days of 1440 minutes.
        assertCovers(r, "window.weekend.patients.arrived", 0.8 * 6 * 1440, precision: 0.03)
    }

    func testTheRostersHoursAreTheWindowsHours() {
        let yaml = """
            name: Roster
            run: {horizon: "10 day", warmup: "1 day", replications: 5, seed: 3}
            arrivals: [{name: p, rate: 0.5}]
            resources:
              - name: s
                shifts: [{from: "08:00", to: "20:00", capacity: 3}, {from: "20:00", to: "08:00", capacity: 1}]
            pathway: [{use: s, duration: {exponential: {mean: 1}}}]
            windows:
              day: {from: "08:00", to: "20:00"}
            """
        let r = simulate(yaml)
        // Three staffed all day long, so busy.mean / 3 is the utilisation within the window.
        let busy = r.metric("window.day.resource.s.busy.mean")!.mean
        XCTAssertEqual(r.metric("window.day.resource.s.utilization")!.mean, busy / 3, accuracy: 0.01)
        XCTAssertEqual(busy, 0.5, accuracy: 0.05, "offered load 0.5 by day")
    }

    func testBadWindowsAreLocatedErrors() {
        let base = Self.mm1
        for (bad, expected) in [("{from: \"20:30\", to: \"08:00\"}", "on the hour"),
                                ("{from: \"20:00\", to: \"08:00\", days: [sundy]}", "did you mean 'sun'"),
                                ("{from: \"20:00\", till: \"08:00\"}", "unknown key 'till'")] {
            let yaml = base.replacingOccurrences(of: "night: {from: \"20:00\", to: \"08:00\"}", with: "night: \(bad)")
            XCTAssertThrowsError(try ScenarioLoader.load(yaml: yaml, file: "w.yaml")) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error)")
                XCTAssertTrue("\(error)".contains("windows.night"), "\(error)")
            }
        }
    }

    func testWindowMembershipRunsPastMidnightFromItsStartDay() {
        let fridayNight = TimeWindow(name: "fri-night", from: 20 * 60, to: 8 * 60, days: [4])
        XCTAssertTrue(fridayNight.contains(minuteOfWeek: 4 * 1440 + 21 * 60))   // Friday 21:00
        XCTAssertTrue(fridayNight.contains(minuteOfWeek: 5 * 1440 + 7 * 60))    // Saturday 07:00
        XCTAssertFalse(fridayNight.contains(minuteOfWeek: 5 * 1440 + 21 * 60))  // Saturday 21:00
        XCTAssertFalse(fridayNight.contains(minuteOfWeek: 4 * 1440 + 7 * 60))   // Friday 07:00 (Thursday's night)
        XCTAssertEqual(fridayNight.hoursOfWeek.count, 12)
        XCTAssertEqual(TimeWindow(name: "all", from: 0, to: 0, days: nil).hoursOfWeek.count, 168)
    }
}
