import HospitalTestSupport
import XCTest
@testable import HospitalScenario

/// Booked clinic lists as `simrun forecast --bookings` reads them: placed on the forecast's
/// clock, covering their clinics up to the last listed date, and every mistake located.
final class ClinicBookingsTests: XCTestCase {
    let clinic = scenario("""
        name: clinic
        run: {horizon: "1 day"}
        classes: [{name: opd}]
        resources: [{name: doctor, capacity: 1}]
        pathway: [{use: doctor, duration: 10}]
        clinics:
          - {name: cardiology, class: opd, sessions: [{days: [mon, wed], start: "09:00", slots: 4, slot_length: "15 min"}]}
        """)

    func read(_ csv: String, now: String = "2026-03-03T08:00") throws(EpisodeTable.Failure) -> ClinicBookings {
        try ClinicBookings.read(try EpisodeTable.parse(csv, file: "b.csv"), scenario: clinic, now: now)
    }

    func testAppointmentsArePlacedOnTheForecastsClock() throws {
        // Now is Tuesday 2026-03-03; time 0 is Monday 2026-03-02 00:00; minutes.
        let b = try read("clinic,appointment\ncardiology,2026-03-04T09:15\ncardiology,2026-03-04T09:00\n")
        XCTAssertEqual(b.appointments[0], [2 * 1440 + 540, 2 * 1440 + 555])
        XCTAssertEqual(b.until[0], 3 * 1440, "to the end of Wednesday")
    }

    func testMistakesAreLocated() {
        func message(_ csv: String) -> String {
            do { _ = try read(csv); return "" } catch { return error.description }
        }
        XCTAssertEqual(message("clinic,appointment\ncardiolgy,2026-03-04T09:00\n"),
                       "b.csv:2:1: error: unknown clinic 'cardiolgy'; did you mean 'cardiology'? (clinics: cardiology) (at clinic)")
        XCTAssertEqual(message("clinic,appointment\ncardiology,2026-03-04T10:00\n"),
                       "b.csv:2:12: error: 2026-03-04T10:00 is in no session of 'cardiology' on that day (sessions: 09:00 for 60 min) (at appointment)")
        XCTAssertEqual(message("clinic,appointment\ncardiology,2026-03-05T09:00\n"),
                       "b.csv:2:12: error: 2026-03-05T09:00 is in no session of 'cardiology' on that day (it holds none then) (at appointment)")
        XCTAssertEqual(message("clinic,appointment\ncardiology,2026-03-02T09:00\n"),
                       "b.csv:2:12: error: 2026-03-02T09:00 is before now (2026-03-03T08:00) (at appointment)")
        XCTAssertEqual(message("clinic,appointment\ncardiology,tomorrow\n"),
                       "b.csv:2:12: error: 'tomorrow' is not an ISO 8601 date-time such as 2026-03-04T09:15 (at appointment)")
        XCTAssertTrue(message("clinic,when\n").contains("no column 'appointment'"))
    }
}
