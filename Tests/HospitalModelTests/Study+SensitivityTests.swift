import HospitalTestSupport
import XCTest
import HospitalModel

/// One-at-a-time sensitivity where the true order is known: a tandem of a busy station
/// (utilisation 0.9) and an idle one (0.3). Waiting is almost all at the busy one, so its
/// service mean moves the mean wait far more than the idle station's does: the ranking puts it
/// first, with the two swings' intervals apart, and the idle station's swing near zero.
final class StudySensitivityTests: XCTestCase {
    static let tandem = """
        name: tandem
        time_unit: minute
        run: {horizon: "20 day", warmup: "1 day", replications: 12, seed: 3}
        arrivals: [{name: p, rate: 0.9}]
        resources: [{name: busy, capacity: 1}, {name: idle, capacity: 1}]
        pathway:
          - {use: busy, duration: {exponential: {mean: 1}}}
          - {use: idle, duration: {exponential: {mean: "0.333 min"}}}
        """

    func testTheBottlenecksServiceMeanRanksAboveTheIdleStations() throws {
        let source = ScenarioSource(file: "tandem.yaml", text: Self.tandem)
        XCTAssertEqual(ScenarioPatch.numericInputs(in: Self.tandem),
                       ["arrivals.0.rate", "resources.0.capacity", "resources.1.capacity",
                        "pathway.0.duration.exponential.mean", "pathway.1.duration.exponential.mean"])
        let s = try Study(plan: ReplicationPlan(threads: 2)).sensitivity(source, inputs: ["pathway.1.duration.exponential.mean", "pathway.0.duration.exponential.mean"],
                                                                         change: 0.05, metrics: ["wait.mean"])
        XCTAssertEqual(s.inputs.map(\.low), ["0.31635 min", "0.95"])
        let ranked = s.ranking[0]
        XCTAssertEqual(s.inputs[ranked[0].input].path, "pathway.0.duration.exponential.mean")
        let (busy, idle) = (ranked[0].swing, ranked[1].swing)
        XCTAssertGreaterThan(busy.mean - busy.halfWidth, idle.mean + idle.halfWidth, "the intervals are apart")
        XCTAssertGreaterThan(busy.mean, 0, "a longer service, a longer wait")
        // M/M/1 at rho 0.9: Wq = rho / (mu - lambda) = 9 minutes; ±5% of the service time moves rho
        // to 0.855 and 0.945, Wq to 5.9 and 17.2: a swing near 11 minutes (long runs are needed to
        // pin it, so only its order of magnitude is asserted).
        XCTAssertGreaterThan(busy.mean, 5)
        XCTAssertLessThan(busy.mean, 20)
        XCTAssertLessThan(abs(idle.mean), 1, "the idle station barely queues")
    }

    /// A branch arm's probability is an input only where an otherwise arm takes up the change,
    /// and it rises no further than the other arms leave room for: every variant is a valid
    /// scenario, so a study of the file as written runs.
    func testBranchProbabilitiesMoveOnlyWithinTheirBranch() throws {
        let text = """
            name: branches
            run: {horizon: "1 day", replications: 3}
            arrivals: [{name: a, rate: 0.1}]
            resources: [{name: s, capacity: 2}]
            pathway:
              - {use: s, duration: 5}
              - branch:
                  - {probability: 0.5, steps: [{delay: 3}]}
                  - {probability: 0.48, steps: [{delay: 4}]}
                  - otherwise: []
              - branch:
                  - {probability: 0.7, steps: [{delay: 1}]}
                  - {probability: 0.3, steps: [{delay: 2}]}
            """
        let inputs = ScenarioPatch.numericInputs(in: text)
        XCTAssertEqual(inputs.filter { $0.hasSuffix(".probability") }, ["pathway.1.branch.0.probability", "pathway.1.branch.1.probability"],
                       "the arms of a branch without otherwise must keep summing to one")
        XCTAssertEqual(ScenarioPatch.probabilityRoom(at: "pathway.1.branch.0.probability", in: text)!, 0.52, accuracy: 1e-12)
        let s = try Study().sensitivity(ScenarioSource(file: "b.yaml", text: text), metrics: ["patients.completed"])
        let moved = Dictionary(uniqueKeysWithValues: s.inputs.map { ($0.path, [$0.low, $0.high]) })
        XCTAssertEqual(moved["pathway.1.branch.0.probability"], ["0.45", "0.52"])
        XCTAssertEqual(moved["pathway.1.branch.1.probability"], ["0.432", "0.5"])
    }

    func testAWholeNumberMovesByAUnitAndAProfileIsScaledWhole() throws {
        let text = """
            name: profile
            run: {horizon: "2 day", replications: 4}
            arrivals: [{name: a, by_hour: {values: [\(Array(repeating: "3", count: 24).joined(separator: ", "))]}}]
            resources: [{name: bay, capacity: 2}]
            pathway: [{use: bay, duration: 15}]
            """
        let s = try Study(plan: ReplicationPlan(threads: 2)).sensitivity(ScenarioSource(file: "p.yaml", text: text), change: 0.1,
                                                                         metrics: ["patients.arrived"])
        XCTAssertEqual(s.inputs.map(\.path), ["arrivals.0.by_hour", "resources.0.capacity"], "a bare-number duration has no mean to find")
        let capacity = try XCTUnwrap(s.inputs.first { $0.path == "resources.0.capacity" })
        XCTAssertEqual([capacity.low, capacity.high], ["1", "3"], "10% of 2 is less than a unit")
        // One unit is not taken away (no variant would serve anyone); a shift's one may be.
        let single = try Study().sensitivity(ScenarioSource(file: "one.yaml", text: text.replacingOccurrences(of: "capacity: 2", with: "capacity: 1")),
                                             inputs: ["resources.0.capacity"], metrics: ["patients.completed"])
        XCTAssertEqual([single.inputs[0].low, single.inputs[0].high], ["1", "2"])
        XCTAssertEqual(single.ranking[0][0].low.mean, 0, "the low side is the scenario as written")
        let profile = try XCTUnwrap(s.ranking[0].first { s.inputs[$0.input].path == "arrivals.0.by_hour" })
        // 3 an hour over 2 days: 144 arrivals expected; the profile ±10% moves them by ±14.4.
        XCTAssertEqual(profile.swing.mean, 28.8, accuracy: 4 * profile.swing.halfWidth + 1)
    }
}
