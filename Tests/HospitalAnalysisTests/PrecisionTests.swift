import SimKernel
import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalPolicies
@testable import HospitalScenario
@testable import HospitalSimulation

/// Replications to a precision: the goal holds when the run says so, the decisions do not
/// depend on threads, and a run resumed from part of its replications ends where it would have.
final class PrecisionTests: XCTestCase {
    static let mm1 = """
        name: M/M/1
        run: {horizon: "5 day", warmup: "1 day", replications: 10, seed: 5}
        arrivals: [{name: patients, rate: 0.8}]
        resources: [{name: server, capacity: 1}]
        pathway: [{use: server, duration: {exponential: {mean: 1}}}]
        """

    func testParsing() throws {
        let goal = try PrecisionGoal.parse(["0.05", "wait.mean=0.02"], maxReplications: 500).get()
        XCTAssertEqual(goal.headline, 0.05)
        XCTAssertEqual(goal.named, ["wait.mean": 0.02])
        for bad in ["0", "1.5", "wait.mean=", "x", "wait.mean=-0.1", "nan"] {
            if case .success = PrecisionGoal.parse([bad], maxReplications: 500) { XCTFail("accepted \(bad)") }
        }
    }

    func testBatchesGrowByTheProjectionButAtMostDouble() {
        func verdict(_ n: Int, projected: Int) -> PrecisionVerdict {
            PrecisionVerdict(reached: false, decidedBy: "m", relativeHalfWidth: 0.1, goal: 0.05, replications: n, projected: projected)
        }
        XCTAssertEqual(Precision.nextTotal(after: verdict(10, projected: 40), batch: 10, maximum: 1000), 20)
        XCTAssertEqual(Precision.nextTotal(after: verdict(40, projected: 55), batch: 10, maximum: 1000), 60)
        XCTAssertEqual(Precision.nextTotal(after: verdict(40, projected: 41), batch: 10, maximum: 1000), 50)
        XCTAssertEqual(Precision.nextTotal(after: verdict(600, projected: Int.max), batch: 10, maximum: 1000), 1000)
    }

    func run(_ yaml: String, _ specs: [String], max: Int = 1000, threads: Int = 2,
             kept: [[ReplicationResult]]? = nil) throws -> (result: RunResult, verdict: PrecisionVerdict, goals: [(metric: String, goal: Double)]) {
        let model = CompiledModel(scenario(yaml))
        let goal = try PrecisionGoal.parse(specs, maxReplications: max).get()
        let goals = Precision.goals(goal, catalog: MetricCatalog(model)).goals
        let outcome = Precision.run([model], goal: goal, threads: threads, kept: kept) {
            Precision.assess(Precision.items($0[0], goals: goals), replications: $0[0].replications.count)
        }
        return (outcome.results[0], outcome.verdict, goals)
    }

    func testTheGoalHoldsForEveryJudgedMetricWhenReached() throws {
        let (result, verdict, goals) = try run(Self.mm1, ["0.02"])
        XCTAssertTrue(verdict.reached)
        XCTAssertEqual(Set(goals.map(\.metric)), ["wait.mean", "cost.total", "resource.server.utilization"])
        XCTAssertEqual(verdict.replications, result.replications.count)
        XCTAssertEqual(result.replications.count % 10, 0, "whole batches of the scenario's replications")
        XCTAssertGreaterThan(result.replications.count, 10)
        for metric in ["wait.mean", "resource.server.utilization"] {
            let s = try XCTUnwrap(result.metric(metric))
            XCTAssertLessThanOrEqual(s.halfWidth / s.mean, 0.02, metric)
        }
    }

    func testTheSameDecisionsOnAnyNumberOfThreads() throws {
        let one = try run(Self.mm1, ["wait.mean=0.03"], threads: 1), four = try run(Self.mm1, ["wait.mean=0.03"], threads: 4)
        XCTAssertEqual(one.verdict, four.verdict)
        XCTAssertEqual(ResultsDocument.json(one.result), ResultsDocument.json(four.result))
    }

    func testAResumedRunEndsWhereTheWholeRunDid() throws {
        let whole = try run(Self.mm1, ["wait.mean=0.03"])
        let some = Array(whole.result.replications.prefix(whole.result.replications.count / 2 + 3))
        let resumed = try run(Self.mm1, ["wait.mean=0.03"], kept: [some])
        XCTAssertEqual(ResultsDocument.json(whole.result), ResultsDocument.json(resumed.result))
    }

    func testTheMaximumStopsAnUnreachableGoal() throws {
        let (result, verdict, _) = try run(Self.mm1, ["wait.mean=0.001"], max: 40)
        XCTAssertFalse(verdict.reached)
        XCTAssertEqual(result.replications.count, 40)
        XCTAssertGreaterThan(verdict.projected, 40)
    }

    func testAntitheticRunsGrowInPairs() throws {
        let pairs = Self.mm1.replacingOccurrences(of: "seed: 5}", with: "seed: 5, antithetic: true}")
        let (result, verdict, _) = try run(pairs, ["wait.mean=0.03"])
        XCTAssertTrue(verdict.reached)
        XCTAssertEqual(result.replications.count % 2, 0)
        XCTAssertEqual(result.metric("wait.mean")?.n, result.replications.count / 2)
    }

    /// For a comparison the goal is on the paired differences, which common random numbers make
    /// far narrower than either variant's own interval.
    func testAComparisonIsJudgedOnItsPairedDifferences() throws {
        let s = scenario(Self.mm1.replacingOccurrences(of: "capacity: 1}", with: "capacity: 2}"))
        let models = [CompiledModel(s), CompiledModel(s, policy: try ScenarioLoader.policy("priority", for: s))]
        let goal = try PrecisionGoal.parse(["wait.mean=0.05"], maxReplications: 1000).get()
        let goals = Precision.goals(goal, catalog: MetricCatalog(models[0])).goals
        let outcome = Precision.run(models, goal: goal, threads: 2) { results in
            let c = Comparison(zip(["fifo", "priority"], results).map { (label: $0, result: $1) })
            return Precision.assess(Precision.items(c, goals: goals), replications: results[0].replications.count)
        }
        XCTAssertTrue(outcome.verdict.reached)
        XCTAssertEqual(outcome.verdict.decidedBy, "wait.mean [priority - fifo]")
    }
}
