import HospitalTestSupport
import XCTest
@testable import HospitalScenario

/// Dated arrival rates (`by_date`) and the run's calendar start (`run.start`) as the loader
/// reads them: placed, checked, and every mistake a located message.
final class ArrivalStreamDatedTests: XCTestCase {
    func yaml(run: String = "{horizon: \"7 day\", start: 2026-03-02}", byDate: String) -> String {
        """
        name: dated
        run: \(run)
        arrivals:
          - name: a
            by_hour: {values: [\(Array(repeating: "2", count: 24).joined(separator: ", "))]}
            by_date: \(byDate)
        resources: [{name: bay, capacity: 4}]
        pathway: [{use: bay, duration: 30}]
        """
    }

    let day = "[" + Array(repeating: "10", count: 24).joined(separator: ", ") + "]"

    func testADatedTableIsReadInTheScenariosUnits() throws {
        let s = try ScenarioLoader.load(yaml: yaml(byDate: "{start: 2026-03-04, unit: per hour, values: \(day)}"), file: "d.yaml").scenario
        XCTAssertEqual(s.run.start, CivilDate.days(2026, 3, 2))
        let dated = try XCTUnwrap(s.arrivals[0].dated)
        XCTAssertEqual(dated.startDay, CivilDate.days(2026, 3, 4))
        XCTAssertEqual(dated.ratesPerHour, Array(repeating: 10.0 / 60, count: 24), "per minute, the scenario's unit")
    }

    func testMistakesAreLocatedWithWhatToDo() {
        XCTAssertTrue(loadMessages(yaml(run: "{horizon: \"7 day\"}", byDate: "{start: 2026-03-04, values: \(day)}"))
            .contains("bad.yaml:6:14: error: dated rates need run.start, the Monday at simulated time 0, to place their dates (simrun forecast sets it from --now) (at arrivals[0].by_date)"))
        XCTAssertTrue(loadMessages(yaml(run: "{horizon: \"7 day\", start: 2026-03-04}", byDate: "{start: 2026-03-04, values: \(day)}"))
            .contains("error: start must be a Monday (simulated time 0 is a Monday 00:00, where hour-of-week profiles and rosters begin); 2026-03-04 is not: use 2026-03-02 (at run.start)"))
        XCTAssertTrue(loadMessages(yaml(byDate: "{start: 2026-02-30, values: \(day)}")).contains("error: start must be a date such as 2026-03-02 (the rates begin at its midnight), got '2026-02-30' (at arrivals[0].by_date.start)"))
        XCTAssertTrue(loadMessages(yaml(byDate: "{start: 2026-03-04, values: [1, 2, 3]}")).contains("by_date needs whole days of 24 hourly values (at most 366 days), got 3 values"))
        XCTAssertTrue(loadMessages(yaml(byDate: "{start: 2026-03-04, valeus: \(day)}")).contains("did you mean 'values'?"))
        let alone = """
            name: dated
            run: {horizon: "7 day", start: 2026-03-02}
            arrivals: [{name: a, rate: 2, by_date: {start: 2026-03-04, values: \(day)}}]
            resources: [{name: bay, capacity: 4}]
            pathway: [{use: bay, duration: 30}]
            """
        XCTAssertTrue(loadMessages(alone).contains("by_date needs by_hour beside it: the rates of the hours outside its dates"))
    }

    func testCivilDatesAreCheckedDayByDay() {
        XCTAssertEqual(CivilDate.days(isoDate: "1970-01-01"), 0)
        XCTAssertEqual(CivilDate.days(isoDate: "2024-02-29"), CivilDate.days(2024, 2, 29))
        XCTAssertNil(CivilDate.days(isoDate: "2025-02-29"))
        XCTAssertNil(CivilDate.days(isoDate: "2025-2-28"))
        XCTAssertNil(CivilDate.days(isoDate: "2025-13-01"))
        XCTAssertEqual(CivilDate.isoDate(CivilDate.days(2026, 3, 2)), "2026-03-02")
        XCTAssertEqual(CivilDate.weekday(CivilDate.days(2026, 3, 2)), 0, "a Monday")
    }
}
