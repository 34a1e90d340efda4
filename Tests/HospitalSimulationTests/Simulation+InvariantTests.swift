import SimKernel
import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalPolicies
@testable import HospitalScenario
@testable import HospitalSimulation

/// Invariants that hold for any model: conservation of patients, Little's law, determinism,
/// common random numbers, and rosters that staff what they say.
final class SimulationInvariantTests: XCTestCase {
    /// A model with every mechanism at once: classes, reneging, blocking, branches, a roster,
    /// seize/release across steps and preemption.
    static let busyModel = """
        name: everything
        run: {horizon: "10 day", warmup: "1 day", replications: 8, seed: 5}
        arrivals:
          - name: walk-in
            by_hour: {unit: per hour, values: [3, 3, 3, 3, 3, 3, 6, 9, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 9, 6, 6, 3, 3, 3]}
          - name: ambulance
            interarrival: {gamma: {mean: 20, sd: 10}}
            classes: {red: 0.5, amber: 0.5}
        classes:
          - {name: red, share: 0.1, priority: 1, target: 5 min}
          - {name: amber, share: 0.3, priority: 2, target: 30 min, patience: {exponential: {mean: 60}}}
          - {name: green, share: 0.6, priority: 3, target: 120 min, patience: {uniform: {min: 5, max: 60}}}
        resources:
          - {name: nurse, capacity: 1, queue_capacity: 3}
          - name: doctor
            shifts: [{from: "08:00", to: "20:00", capacity: 3}, {from: "20:00", to: "08:00", capacity: 2}]
            discipline: preemptive
            cost: {staffed_per_hour: 100, per_use: 20}
          - {name: cubicle, capacity: 8, cost: {busy_per_hour: 10}}
          - {name: xray, capacity: infinite, cost: {per_use: 50}}
        pathway:
          - use: nurse
            duration: {triangular: {min: 2, mode: 4, max: 10}}
          - seize: cubicle
          - use: doctor
            treatment: true
            duration: {erlang: {k: 2, mean: 10}}
          - branch:
              - probability: {red: 0.6, amber: 0.3, green: 0.1}
                steps:
                  - use: xray
                    duration: {weibull: {shape: 1.5, scale: 20}}
                  - use: doctor
                    duration: 5
              - probability: 0.05
                steps: [{release: cubicle}, {leave: true}]
          - release: cubicle
        """

    func testConservationOfPatientsInEveryReplication() {
        let r = simulate(Self.busyModel)
        let arrived = r.values("patients.arrived")!, completed = r.values("patients.completed")!
        let reneged = r.values("patients.reneged")!, blocked = r.values("patients.blocked")!
        let inside = r.values("patients.in_system.end")!, left = r.values("patients.left")!
        for k in arrived.indices {
            XCTAssertEqual(arrived[k], completed[k] + left[k] + reneged[k] + blocked[k] + inside[k], "replication \(k)")
        }
        // Those leaving by the 5% leave arm are counted apart from the completed.
        XCTAssertGreaterThan(r.metric("patients.left")!.mean, 10)
        // The mechanisms were really exercised.
        XCTAssertGreaterThan(r.metric("patients.reneged")!.mean, 10)
        XCTAssertGreaterThan(r.metric("patients.blocked")!.mean, 10)
        XCTAssertGreaterThan(r.metric("resource.xray.busy.mean")!.mean, 0)
    }

    /// Little's law, L = lambda W, for each resource's queue: the time-average number waiting
    /// against the rate of seizes times their mean wait. The two differ in a finite run only by
    /// the patients waiting at the start and end of the window, so the interval of their
    /// per-replication difference must lie within 2% of the queue length. (Without reneging:
    /// patients who renege spend time in the queue but never seize.)
    func testLittlesLawForEveryResourceQueue() {
        let withoutPatience = Self.busyModel
            .replacingOccurrences(of: ", patience: {exponential: {mean: 60}}", with: "")
            .replacingOccurrences(of: ", patience: {uniform: {min: 5, max: 60}}", with: "")
            .replacingOccurrences(of: "{name: nurse, capacity: 1, queue_capacity: 3}", with: "{name: nurse, capacity: 2}")
            .replacingOccurrences(of: "{name: cubicle, capacity: 8,", with: "{name: cubicle, capacity: 6,")
        XCTAssertFalse(withoutPatience.contains("patience"))
        let r = simulate(withoutPatience)
        let horizon = 10.0 * 1440
        for resource in ["nurse", "doctor", "cubicle"] {
            let lq = r.values("resource.\(resource).queue.mean")!
            let seizes = r.values("resource.\(resource).seizes")!
            let w = r.values("resource.\(resource).wait.mean")!
            let differences = lq.indices.map { lq[$0] - seizes[$0] / horizon * w[$0] }
            let d = Summary(of: differences)
            let level = Summary(of: lq).mean
            XCTAssertGreaterThan(level, 0.05, "\(resource): the queue should not be empty")
            XCTAssertLessThanOrEqual(abs(d.mean), d.halfWidth(level: 0.999) + 0.02 * level,
                                     "\(resource): L = \(level), L - lambda W = \(d.mean) ± \(d.halfWidth)")
        }
    }

    func testSameNumbersForAnyThreadCount() {
        let model = CompiledModel(scenario(Self.busyModel))
        let one = Runner.run(model, threads: 1)
        let many = Runner.run(model, threads: 5)
        XCTAssertEqual(one.replications.map(\.metrics).flatMap { $0 }.map(\.bitPattern),
                       many.replications.map(\.metrics).flatMap { $0 }.map(\.bitPattern))
        XCTAssertEqual(ResultsDocument.json(one), ResultsDocument.json(many))
        // ... and a replication's numbers do not depend on the others being run.
        let alone = Runner.run(model, threads: 1, replications: 5..<6)
        XCTAssertEqual(alone.replications[0].metrics.map(\.bitPattern), one.replications[5].metrics.map(\.bitPattern))
    }

    /// Under common random numbers every policy sees the same patients: the same arrivals and
    /// classes, and (with all servers busy identically in a loss system) the same work.
    func testPoliciesSeeTheSamePatients() {
        let s = scenario(Self.busyModel)
        let fifo = Runner.run(compiled(s, policy: "fifo"), threads: 2)
        let priority = Runner.run(compiled(s, policy: "priority"), threads: 2)
        XCTAssertEqual(fifo.values("patients.arrived"), priority.values("patients.arrived"))
        XCTAssertNotEqual(fifo.values("class.red.wait.mean"), priority.values("class.red.wait.mean"))
        let again = Runner.run(compiled(s, policy: "fifo"), threads: 2)
        XCTAssertEqual(ResultsDocument.json(fifo), ResultsDocument.json(again))
    }

    /// A saturated resource is busy exactly as the roster staffs it, hour by hour, and staffed
    /// time is charged exactly.
    func testRosterStaffsWhatItSays() {
        let r = simulate("""
            name: roster
            run: {horizon: "5 day", warmup: "1 day", replications: 3, seed: 9}
            arrivals: [{name: a, rate: 50}]
            resources:
              - name: doctor
                shifts: [{from: "08:00", to: "20:00", capacity: 5}, {from: "20:00", to: "08:00", capacity: 2}]
                cost: {staffed_per_hour: 100}
            pathway: [{use: doctor, duration: 0.5}]
            """)
        let busy = r.profiles.first { $0.name == "resource.doctor.busy.by_hour" }!.hours
        for h in 0..<24 {
            let staffed = (8..<20).contains(h) ? 5.0 : 2.0
            XCTAssertEqual(busy[h].mean, staffed, accuracy: 0.02, "hour \(h)")
        }
        // Staffed unit-hours a day: 12 x 5 + 12 x 2 = 84, for 5 days, at 100 an hour; units
        // finishing a patient after their shift add at most half a minute each change.
        XCTAssertEqual(r.metric("cost.total")!.mean, 84 * 5 * 100, accuracy: 84 * 5 * 100 * 0.001)
        XCTAssertEqual(r.metric("resource.doctor.utilization")!.mean, 1, accuracy: 1e-3)
    }

    /// Costs add up from their parts, busy time and staffed time; charges per use are income
    /// (`revenue.total`), not cost.
    func testCostModel() {
        let r = simulate("""
            name: costs
            time_unit: hour
            run: {horizon: "100 day", replications: 5, seed: 10}
            arrivals: [{name: a, rate: 2}]
            resources: [{name: s, capacity: 4, cost: {staffed_per_hour: 10, busy_per_hour: 7, per_use: 3}}]
            pathway: [{use: s, duration: {exponential: {mean: 1}}}]
            """)
        for k in 0..<5 {
            let busy = r.values("resource.s.busy.mean")![k], seizes = r.values("resource.s.seizes")![k]
            let expected = 10 * 4 * 2400 + 7 * busy * 2400
            XCTAssertEqual(r.values("cost.total")![k], expected, accuracy: 1e-6 * expected)
            XCTAssertEqual(r.values("revenue.total")![k], 3 * seizes, accuracy: 1e-9)
        }
        // A patient's bill is what it is charged: 3 for its one use (busy time is a wage).
        XCTAssertEqual(r.metric("bill.mean")!.mean, 3, accuracy: 1e-12)
    }
}
