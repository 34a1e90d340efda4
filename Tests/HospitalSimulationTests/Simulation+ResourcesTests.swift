import SimKernel
import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalPolicies
@testable import HospitalScenario
@testable import HospitalSimulation

/// Beds that are cleaned between patients (turnaround) and released only within discharge
/// hours, against exact reasoning.
final class SimulationResourcesTests: XCTestCase {
    /// Erlang B is insensitive to the holding-time distribution, so a loss bed pool whose units
    /// are out of use for the stay plus a fixed turnaround blocks as Erlang B with the mean
    /// holding time extended by the turnaround; the units in turnaround average lambda (1 - B) T.
    func testLossPoolWithTurnaroundBlocksAsErlangBWithTheLongerHolding() throws {
        let yaml = """
            name: loss
            time_unit: hour
            run: {horizon: 20000, warmup: 200, replications: 12, seed: 3}
            arrivals: [{name: a, rate: 0.5}]
            resources: [{name: bed, capacity: 8, queue_capacity: 0, turnaround: {deterministic: {value: "2 hour"}}}]
            pathway: [{use: bed, duration: {lognormal: {mean: 10, sd: 6}}}]
            """
        let b = try XCTUnwrap(QueueingTheory.erlangB(servers: 8, load: 0.5 * (10 + 2)))
        let result = simulate(yaml)
        assertCovers(result, "resource.bed.blocked.fraction", b, precision: 0.1)
        assertCovers(result, "resource.bed.turnaround.mean", 0.5 * (1 - b) * 2)
        // Erlang B of the stay alone (0.070) lies far outside the interval: the turnaround counts.
        let plain = try XCTUnwrap(QueueingTheory.erlangB(servers: 8, load: 0.5 * 10))
        let blocked = try XCTUnwrap(result.metric("resource.bed.blocked.fraction"))
        XCTAssertGreaterThan(abs(blocked.mean - plain), 5 * blocked.halfWidth(level: 0.999))
        let theory = try XCTUnwrap(try? Theory.analyse(scenario(yaml)).get())
        XCTAssertEqual(theory.value("blocked.fraction")!, b, accuracy: 1e-12, "theory knows the turnaround")
    }

    /// A turnaround done by cleaners: with as many cleaners as beds it never waits, and the
    /// pool blocks exactly as with the plain turnaround (the same draws); with one cleaner beds
    /// wait for it, blocking rises, and the cleaner is busy for 2 hours per accepted patient
    /// (Little's law on the cleaner: busy = rate of cleanings x 2).
    func testATurnaroundByCleanersWaitsForThem() throws {
        func yaml(_ cleaners: Int) -> String {
            """
            name: cleaners
            time_unit: hour
            run: {horizon: 20000, warmup: 200, replications: 12, seed: 3}
            arrivals: [{name: a, rate: 0.5}]
            resources:
              - {name: bed, capacity: 8, queue_capacity: 0, turnaround: {use: cleaner, duration: {deterministic: {value: "2 hour"}}}}
              - {name: cleaner, capacity: \(cleaners)}
            pathway: [{use: bed, duration: {lognormal: {mean: 10, sd: 6}}}]
            """
        }
        let ample = simulate(yaml(8))
        let b = try XCTUnwrap(QueueingTheory.erlangB(servers: 8, load: 0.5 * (10 + 2)))
        assertCovers(ample, "resource.bed.blocked.fraction", b, precision: 0.1)
        let one = simulate(yaml(1))
        let blocked = try XCTUnwrap(one.metric("resource.bed.blocked.fraction"))
        XCTAssertGreaterThan(blocked.mean - blocked.halfWidth(level: 0.999), b, "waiting for the one cleaner blocks more")
        let cleanings = try XCTUnwrap(one.values("resource.bed.seizes"))
        let busy = try XCTUnwrap(one.values("resource.cleaner.busy.mean"))
        for (n, x) in zip(cleanings, busy) {
            XCTAssertEqual(x, n * 2 / 20000, accuracy: 0.002, "the cleaner works 2 hours per patient")
        }
        XCTAssertNil(try? Theory.analyse(scenario(yaml(1))).get(), "no formula for a turnaround that queues")
    }

    /// On an infinite-server ward, a stay ending outside the discharge hours waits for them: with
    /// Poisson arrivals the end of a stay falls uniformly in the day, so the mean extra holding
    /// is (outside hours)^2 / (2 x 24), and by Little's law the mean occupancy is
    /// lambda (E[stay] + that). Hours 10:00-17:00 leave 17 outside: 6.0208 hours.
    func testDischargeHoursAddTheExpectedWaitToTheOccupancy() throws {
        let result = simulate("""
            name: ward
            time_unit: hour
            run: {horizon: 20000, warmup: 500, replications: 12, seed: 4}
            arrivals: [{name: a, rate: 0.5}]
            resources: [{name: bed, capacity: infinite, discharge_hours: {from: "10:00", to: "17:00"}}]
            pathway: [{use: bed, duration: {exponential: {mean: 30}}}]
            """)
        let extra = 17.0 * 17 / 48
        assertCovers(result, "resource.bed.busy.mean", 0.5 * (30 + extra))
        assertCovers(result, "resource.bed.discharge_wait.mean", 0.5 * extra)
        assertCovers(result, "time_in_system.mean", 30 + extra)
        let hours = try XCTUnwrap(result.metric("resource.bed.discharge_wait.bed_hours"))
        XCTAssertEqual(hours.mean, result.metric("resource.bed.discharge_wait.mean")!.mean * 20000, accuracy: 1e-6 * hours.mean,
                       "bed-hours lost are the time average times the measured hours")
    }

    /// A window past midnight (22:00-02:00) and a release step: every patient leaves inside it.
    func testReleasesHappenOnlyWithinTheDischargeHours() throws {
        var s = scenario("""
            name: night
            run: {horizon: "10 day", replications: 1, seed: 2}
            arrivals: [{name: a, rate: "1 per hour"}]
            resources:
              - {name: bed, capacity: 200, discharge_hours: {from: "22:00", to: "02:00"}}
            pathway:
              - {seize: bed}
              - {delay: {exponential: {mean: "5 hour"}}}
              - {release: bed}
            """)
        s.run.warmup = 0
        let records = Tracer.trace(s, until: 10 * 1440).records
        let releases = records.filter { $0.event == "release" }
        XCTAssertGreaterThan(releases.count, 100)
        for r in releases {
            let minute = r.time.truncatingRemainder(dividingBy: 1440)
            XCTAssertTrue(minute >= 22 * 60 || minute < 2 * 60, "a release at minute \(minute) of the day")
        }
        XCTAssertTrue(records.contains { $0.event == "await discharge" })
    }

    func testTurnaroundAndDischargeHoursAreValidated() {
        func messages(_ resource: String) -> String {
            loadMessages("""
                name: bad
                run: {horizon: 100}
                arrivals: [{name: a, rate: 1}]
                resources: [\(resource)]
                pathway: [{use: bed, duration: 1}]
                """)
        }
        XCTAssertTrue(messages("{name: bed, capacity: infinite, turnaround: 5}").contains("resources[0].turnaround"))
        XCTAssertTrue(messages("{name: bed, capacity: 2, turnaround: {use: claener, duration: 1}}")
            .contains("the turnaround uses the resource 'claener', which is not defined"))
        XCTAssertTrue(messages("{name: bed, capacity: 2, turnaround: {use: bed, duration: 1}}").contains("cannot turn its own units"))
        XCTAssertTrue(messages("{name: bed, capacity: 2, turnaround: {use: bed}}").contains("needs the key 'duration'"))
        XCTAssertTrue(messages("{name: bed, capacity: 2, turnaround: {exponentail: {mean: 1}}}").contains("did you mean 'exponential'"))
        XCTAssertTrue(messages("{name: bed, capacity: 2, discharge_hours: {from: \"10:00\", to: \"10:00\"}}").contains("is empty or the whole day"))
        XCTAssertTrue(messages("{name: bed, capacity: 2, discharge_hours: {from: \"10:00\"}}").contains("resources[0].discharge_hours"))
        XCTAssertTrue(messages("{name: bed, capacity: 2, discharge_hour: {from: \"10:00\", to: \"17:00\"}}").contains("did you mean 'discharge_hours'"))
        XCTAssertTrue(messages("{name: bed, capacity: 2, discharge_hours: {from: \"10:00\", too: \"17:00\"}}").contains("did you mean 'to'"))
    }
}
