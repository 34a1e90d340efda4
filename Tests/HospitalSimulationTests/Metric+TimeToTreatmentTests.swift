import SimKernel
import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalPolicies
@testable import HospitalScenario
@testable import HospitalSimulation

/// Time to treatment (arrival to the start of the treatment step) is the quantity targets judge;
/// total queueing time (`wait`) adds every other queue, the bed's included. Each against theory.
final class MetricTimeToTreatmentTests: XCTestCase {
    /// Treatment at an M/M/3 station (load 2.4), then a queue for one of four beds (load 3.6):
    /// the doctor releases before the bed is asked for, so by Jackson's theorem the bed sees
    /// Poisson arrivals and each station is an M/M/c of its own. Time to treatment is the doctor
    /// station's Erlang C wait; the wait is both stations' waits together.
    func testTimeToTreatmentIsTheTreatmentStationsErlangCWait() {
        let r = simulate("""
            name: two steps
            time_unit: hour
            run: {horizon: "2000 day", warmup: "5 day", replications: 20, seed: 31}
            arrivals: [{name: a, rate: "2.4 per hour"}]
            classes: [{name: walk_in, share: 1, target: "1 hour"}]
            resources: [{name: doctor, capacity: 3}, {name: bed, capacity: 4}]
            pathway:
              - {use: doctor, duration: {exponential: {mean: 1}}}
              - {use: bed, duration: {exponential: {mean: 1.5}}}
            """)
        let doctor = QueueingTheory.mmc(lambda: 2.4, mu: 1, servers: 3)!
        let bed = QueueingTheory.mmc(lambda: 2.4, mu: 1 / 1.5, servers: 4)!
        assertCovers(r, "class.walk_in.time_to_treatment.mean", doctor.wq)
        assertCovers(r, "time_to_treatment.mean", doctor.wq)
        assertCovers(r, "class.walk_in.wait.mean", doctor.wq + bed.wq)
        assertCovers(r, "time_in_system.mean", doctor.w + bed.w)
        // The wait is not the time to treatment here: the bed's queue is a large part of it.
        let ttt = r.metric("time_to_treatment.mean")!, wait = r.metric("wait.mean")!
        XCTAssertGreaterThan(wait.mean - wait.halfWidth(level: 0.999), ttt.mean + ttt.halfWidth(level: 0.999) + 0.5 * bed.wq)
        // M/M/c waiting time: P(Wq > t) = C e^(-(c mu - lambda) t), so the target of one hour is
        // met by 1 - C e^(-0.6), and the 90th percentile solves C e^(-0.6 t) = 0.1.
        assertCovers(r, "class.walk_in.target_met.fraction", 1 - doctor.pWait * exp(-0.6), precision: 0.02)
        assertCovers(r, "class.walk_in.time_to_treatment.p90", log(doctor.pWait / 0.1) / 0.6)
    }

    /// M/M/1 (lambda 0.8, mu 1): the time in system is exponential with rate 0.2, so its
    /// percentiles are -ln(1 - p) / 0.2 and a stay target of 10 is met by 1 - e^(-2).
    func testTimeInSystemPercentilesAndStayTarget() {
        let r = simulate("""
            name: mm1
            run: {horizon: "100 day", warmup: "1 day", replications: 20, seed: 32}
            arrivals: [{name: a, rate: 0.8}]
            classes: [{name: all, share: 1, stay_target: 10}]
            resources: [{name: s, capacity: 1}]
            pathway: [{use: s, duration: {exponential: {mean: 1}}}]
            """)
        assertCovers(r, "class.all.time_in_system.p50", log(2) / 0.2)
        assertCovers(r, "class.all.time_in_system.p90", log(10) / 0.2)
        assertCovers(r, "time_in_system.p95", log(20) / 0.2)
        assertCovers(r, "class.all.stay_target_met.fraction", 1 - exp(-2), precision: 0.01)
        assertCovers(r, "stay_target_met.fraction", 1 - exp(-2), precision: 0.01)
        // With one station the time to treatment is the wait: P(Wq > t) = 0.8 e^(-0.2 t).
        assertCovers(r, "class.all.time_to_treatment.p90", log(8) / 0.2)
        assertCovers(r, "class.all.time_to_treatment.mean", 4)
    }

    /// Patients who leave unseen are judged against the stay target at the time they leave,
    /// and have no time to treatment: conservation of the counts behind both fractions.
    func testRenegingPatientsCountForTheStayTargetOnly() throws {
        let s = scenario("""
            name: reneging
            run: {horizon: "20 day", warmup: "1 day", replications: 4, seed: 33}
            arrivals: [{name: a, rate: 1.2}]
            classes: [{name: all, share: 1, stay_target: 5, patience: {exponential: {mean: 3}}}]
            resources: [{name: s, capacity: 1}]
            pathway: [{use: s, duration: {exponential: {mean: 1}}}]
            """)
        let r = Runner.run(CompiledModel(s), threads: 1)
        let reneged = try XCTUnwrap(r.metric("reneged.fraction")).mean
        XCTAssertGreaterThan(reneged, 0.1, "a test of reneging needs patients who renege")
        // Everyone leaves within the stay target or not: the met fraction is a proper share.
        let met = try XCTUnwrap(r.metric("stay_target_met.fraction")).mean
        XCTAssertTrue(met > 0 && met < 1)
    }
}
