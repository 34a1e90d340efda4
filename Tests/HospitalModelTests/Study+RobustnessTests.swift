import HospitalTestSupport
import XCTest
import HospitalModel

/// `optimize --check-robustness` where the answer is known: two clinicians of an M/M/c station
/// (arrivals 1.6 a minute, service mean 1 minute) meet a mean wait of at most 2.5 minutes
/// (Erlang C: Wq = 1.78 at c = 2; one is unstable), then an idle second station. With each
/// input moved 10%: arrivals up (Wq = 3.43) or the service mean up (Wq = 3.78) break the limit;
/// moving them down, or the idle station's service, keeps it; the decision variable stays at
/// the recommendation, and the idle station's single server, which 10% cannot move, is named.
final class StudyRobustnessTests: XCTestCase {
    static let station = """
        name: two stations
        time_unit: minute
        run: {horizon: "10 day", warmup: "1 day", replications: 10, seed: 11}
        arrivals: [{name: p, rate: 1.6}]
        resources:
          - {name: busy, capacity: 1, cost: {staffed_per_hour: 50}}
          - {name: idle, capacity: 1}
        pathway:
          - {use: busy, duration: {exponential: {mean: 1}}}
          - {use: idle, duration: {exponential: {mean: "0.2 min"}}}
        """

    func testTheMovesThatBreakTheLimitAreThoseTheoryPredicts() throws {
        let source = ScenarioSource(file: "two.yaml", text: Self.station)
        var request = OptimizationRequest(axes: [(path: "resources.busy.capacity", values: ["1", "2", "3"])],
                                          objectives: [OptimizationGoal.Objective(metric: "cost.total", maximize: false)],
                                          constraints: [try XCTUnwrap(OptimizationGoal.Constraint.parse("wait.mean <= 2.5"))])
        request.checkRobustness = 0.1
        let found = try Study(plan: ReplicationPlan(threads: 2)).optimize(source, request)
        let r = try XCTUnwrap(found.outcome.recommended)
        XCTAssertEqual(found.outcome.points[r].settings.map(\.value), ["2"])
        let rob = try XCTUnwrap(found.robustness)
        XCTAssertEqual(rob.inputs.map(\.path), ["arrivals.0.rate", "pathway.0.duration.exponential.mean", "pathway.1.duration.exponential.mean"],
                       "resources.0.capacity is the decision (named differently) and stays at 2")
        XCTAssertEqual(rob.unmoved, ["resources.1.capacity"])
        XCTAssertEqual(rob.replications, found.outcome.points[r].replications, "paired with the recommendation's replications")
        let verdicts = rob.moves.map { $0.map(\.verdict) }
        XCTAssertEqual(verdicts, [[.holds, .breaks], [.holds, .breaks], [.holds, .holds]])
        XCTAssertEqual(rob.inputs[0].high, "1.76")
        XCTAssertEqual(rob.failing.map(\.input), [0, 1])
        // The busy station's wait after each breaking move against Erlang C: the move changed
        // what it says it did.
        for (input, side, wq) in [(0, 1, 3.43), (1, 1, 3.78)] {
            let w = try XCTUnwrap(rob.moves[input][side].result.metric("resource.busy.wait.mean"))
            XCTAssertEqual(w.mean, wq, accuracy: 3 * w.halfWidth + 0.05 * wq, "Erlang C after the move")
        }
    }

    func testAListItemByNameAndByIndexIsOneKey() {
        XCTAssertEqual(ScenarioPatch.canonical("resources.busy.capacity", in: Self.station), "resources.0.capacity")
        XCTAssertEqual(ScenarioPatch.canonical("resources.1.capacity", in: Self.station), "resources.1.capacity")
        XCTAssertEqual(ScenarioPatch.canonical("resources.nobody.capacity", in: Self.station), "resources.nobody.capacity")
    }
}
