import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
import HospitalModel
@testable import HospitalScenario

/// The census and occupancy rebuilt from an event log, against a log written by hand: who was
/// at which step, for how long, at chosen moments.
final class PatientHistoryTests: XCTestCase {
    let ward = scenario("""
        name: ward
        run: {horizon: "1 day"}
        arrivals: [{name: a, rate: "2 per hour"}]
        classes: [{name: urgent, share: 0.5}, {name: minor, share: 0.5}]
        resources: [{name: doctor, capacity: 2}, {name: ward_bed, capacity: 3}]
        pathway:
          - use: doctor
            duration: 20
          - branch:
              - probability: 0.5
                steps: [{seize: ward_bed}, {delay: "2 day"}, {release: ward_bed}]
              - otherwise: []
        """)

    /// Patient 1 sees a doctor 0-30, waits for a bed 30-60 and has it from 60; patient 2 waits
    /// for a doctor 5-30 and is seen 30-50, then goes home; patient 3 arrives at 100.
    let log = """
        entity_id,pathway,event_type,event,time,resource_id,run
        1,urgent,arrival_departure,arrival,0,,0
        1,urgent,queue,doctor_wait_begins,0,,0
        1,urgent,resource_use,doctor_begins,0,1,0
        2,minor,arrival_departure,arrival,5,,0
        2,minor,queue,doctor_wait_begins,5,,0
        1,urgent,resource_use_end,doctor_complete,30,1,0
        1,urgent,queue,ward_bed_wait_begins,30,,0
        2,minor,resource_use,doctor_begins,30,1,0
        2,minor,resource_use_end,doctor_complete,50,1,0
        2,minor,arrival_departure,depart,50,,0
        1,urgent,note,triage done,55,,0
        1,urgent,resource_use,ward_bed_begins,60,1,0
        3,minor,arrival_departure,arrival,100,,0
        3,minor,queue,doctor_wait_begins,100,,0
        3,minor,resource_use,doctor_begins,100,2,0
        9,minor,arrival_departure,arrival,1,,1
        """

    func history(_ text: String) throws(EpisodeTable.Failure) -> PatientHistory {
        try PatientHistory(try EpisodeTable.parse(text, file: "log.csv"), scenario: ward)
    }

    func testTheCensusAtAMomentIsWhoWasWhere() throws {
        let h = try history(log)
        XCTAssertEqual(h.census(at: 10).csv, "id,class,step,status,elapsed,waited\n1,urgent,1,in_service,10,\n2,minor,1,queued,5,5\n")
        XCTAssertEqual(h.census(at: 40).csv, "id,class,step,status,elapsed,waited\n1,urgent,2.1.1,queued,10,10\n2,minor,1,in_service,10,\n")
        XCTAssertEqual(h.census(at: 120).csv, "id,class,step,status,elapsed,waited\n1,urgent,2.1.2,in_service,60,\n3,minor,1,in_service,20,\n")
        XCTAssertEqual(h.census(at: 120).unplaced, 0)
        XCTAssertEqual([0, 10, 35, 55, 60, 120].map { h.occupancy(0, at: $0) }, [1, 1, 1, 0, 0, 1])
        XCTAssertEqual([59, 60, 1000].map { h.occupancy(1, at: $0) }, [0, 1, 1])
        XCTAssertEqual(h.end, 100, "run 0 only: the row of run 1 is left out")
        // The census reads back as a census of the scenario.
        XCTAssertEqual(try Census.check(try EpisodeTable.parse(h.census(at: 120).csv, file: "c.csv"), scenario: ward).map(\.stepText), ["2.1.2", "1"])
        XCTAssertEqual(h.iso(60 * 24 * 7 + 90), "2001-01-08T01:30", "numeric times: a Monday origin")
    }

    func testMistakesAreLocated() {
        func message(_ text: String) -> String {
            do { _ = try history(text); return "" } catch { return error.description }
        }
        let header = "entity_id,pathway,event_type,event,time\n1,urgent,arrival_departure,arrival,0\n"
        XCTAssertEqual(message(header + "1,urgent,queue,docter_wait_begins,1\n"),
                       "log.csv:3:16: error: unknown resource 'docter'; did you mean 'doctor'? (at event)")
        XCTAssertEqual(message(header + "1,urgent,queu,doctor_wait_begins,1\n"),
                       "log.csv:3:10: error: unknown event_type 'queu'; did you mean 'queue'? (at event_type)")
        XCTAssertEqual(message("entity_id,pathway,event_type,event,time\n1,urgnt,arrival_departure,arrival,0\n"),
                       "log.csv:2:3: error: unknown class 'urgnt'; did you mean 'urgent'? (at pathway)")
        XCTAssertEqual(message(header + "1,urgent,resource_use_end,doctor_complete,1\n"),
                       "log.csv:3:27: error: patient '1' ends a use of 'doctor' it had not begun (at event)")
        XCTAssertTrue(message("entity_id,pathway,event_type,time\n").contains("no column 'event'"))
    }
}
