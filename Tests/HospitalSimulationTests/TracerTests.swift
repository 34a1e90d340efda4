import HospitalTestSupport
import XCTest
@testable import HospitalScenario
@testable import HospitalSimulation

/// The tracer's bound: the replication stops once the rows asked for are certain, and those
/// rows are the first rows of the whole history.
final class TracerTests: XCTestCase {
    func testATraceStopsAfterTheRowsAskedFor() throws {
        let s = try ScenarioLoader.load(yaml: """
            name: queue
            time_unit: minute
            run: {horizon: "1 day", replications: 1, seed: 3}
            arrivals: [{name: p, rate: 0.9}]
            resources: [{name: server, capacity: 1}]
            pathway: [{use: server, duration: {exponential: {mean: 1}}}]
            """, file: "q.yaml").scenario
        let whole = Tracer.trace(s, until: 600)
        XCTAssertFalse(whole.cut)
        XCTAssertGreaterThan(whole.records.count, 500)
        XCTAssertTrue(whole.records.contains { $0.event == "handover" }, "rows joined by hand-overs are counted after joining")
        for rows in [1, 7, 100] {
            let first = Tracer.trace(s, until: 1e6, rows: rows)
            XCTAssertTrue(first.cut)
            XCTAssertEqual(first.records.count, rows)
            XCTAssertEqual(first.records.map(\.time), whole.records.prefix(rows).map(\.time))
            XCTAssertEqual(first.records.map(\.event), whole.records.prefix(rows).map(\.event))
        }
        XCTAssertFalse(Tracer.trace(s, until: 600, rows: whole.records.count).cut, "exactly as many rows as there are")
    }
}
