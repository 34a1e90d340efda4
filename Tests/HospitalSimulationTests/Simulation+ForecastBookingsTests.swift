import SimKernel
import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalScenario
@testable import HospitalSimulation

/// A forecast with booked clinic lists: the listed patients come to the listed sessions; the
/// sessions after the last listed date are booked by the clinic's rule.
final class SimulationForecastBookingsTests: XCTestCase {
    /// Every booked patient comes, on time (no no-shows, no lateness), so arrivals are exact:
    /// from Tuesday 08:00, Wednesday's list of three (two at 09:05-10:00, one at 10:30) comes in
    /// hours 26 and 27 of every replication, and Friday's session, after the list, is booked by
    /// the rule (one patient per slot, from 09:05 every 15 minutes) in hours 74 and 75. (No
    /// appointment falls on an hour mark, where the hour it counts in would be a tie.)
    func testListedAppointmentsComeAndLaterSessionsFollowTheRule() throws {
        let s = scenario("""
            name: clinic
            time_unit: minute
            run: {horizon: "5 day", replications: 20}
            classes: [{name: opd}]
            resources: [{name: doctor, capacity: 1}]
            pathway: [{use: doctor, duration: 10}]
            clinics:
              - {name: cardiology, class: opd, booking: individual, no_show: 0,
                 sessions: [{days: [wed, fri], start: "09:05", slots: 8, slot_length: "15 min"}]}
            """)
        let bookings = try ClinicBookings.read(try EpisodeTable.parse("""
            clinic,appointment
            cardiology,2026-03-04T09:05
            cardiology,2026-03-04T09:50
            cardiology,2026-03-04T10:30
            """, file: "b.csv"), scenario: s, now: "2026-03-03T08:00")
        let result = try Study(plan: ReplicationPlan(threads: 2)).forecast(s, census: [], now: "2026-03-03T08:00", hours: 80, bookings: bookings)
        // Hour h covers h-1 to h hours after Tuesday 08:00: Wednesday 09:00 is 25 hours on.
        for h in 1...80 {
            let expected: Double = switch h {
            case 26: 2
            case 27: 1
            case 74, 75: 4  // Friday 09:05-11:05: eight slots of 15 minutes, all booked
            default: 0
            }
            XCTAssertEqual(result.arrivals.mean[h - 1], expected, "hour \(h)")
            XCTAssertEqual(result.arrivals.p05[h - 1], expected, "hour \(h), every replication")
        }
    }
}
