import Foundation
import SimKernel
import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalPolicies
@testable import HospitalScenario
@testable import HospitalSimulation

/// Staffing robust to demand, against Erlang C: an M/M/c station (8 arrivals an hour at base
/// demand, an hour's service, a cost per server) must keep its mean wait at most 0.12 hours.
/// At base demand that needs the smallest c with Erlang C's Wq(8) <= 0.12; under demand 15%
/// higher too, the smallest c with Wq(9.2) <= 0.12 as well. The search finds each, on common
/// random numbers across the scenarios, and names the base-only choice with what it breaches.
final class OptimizerDemandTests: XCTestCase {
    static let yaml = """
        name: M/M/c under demand scenarios
        time_unit: hour
        run: {horizon: "20 day", warmup: "1 day", replications: 10, seed: 23}
        arrivals: [{name: p, rate: 8}]
        resources: [{name: doctor, capacity: 10, cost: {staffed_per_hour: 1}}]
        pathway: [{use: doctor, duration: {exponential: {mean: 1}}}]
        """

    func smallest(lambda: Double, limit: Double) throws -> Int {
        try XCTUnwrap((9...16).first { QueueingTheory.mmc(lambda: lambda, mu: 1, servers: $0).map { $0.wq <= limit } ?? false })
    }

    func testTheRobustChoiceMeetsTheLimitUnderEveryDemandAndTheBaseChoiceIsNamed() throws {
        let source = ScenarioSource(file: "mmc.yaml", text: Self.yaml)
        var request = OptimizationRequest(axes: [("resources.doctor.capacity", (10...15).map(String.init))],
                                          objectives: [.init(metric: "cost.total", maximize: false)],
                                          constraints: [try XCTUnwrap(OptimizationGoal.Constraint.parse("wait.mean <= 0.12"))],
                                          budget: 6000, firstStage: 10)
        request.demands = [DemandScenario(name: "low", multiplier: 0.9), DemandScenario(name: "base", multiplier: 1),
                           DemandScenario(name: "high", multiplier: 1.15)]
        let study = Study(plan: ReplicationPlan(threads: 2))
        let robust = try study.optimize(source, request)
        let chosen = try XCTUnwrap(robust.outcome.recommended)
        let c = 10 + chosen
        XCTAssertEqual(c, max(try smallest(lambda: 8, limit: 0.12), try smallest(lambda: 9.2, limit: 0.12)))
        let base = try XCTUnwrap(robust.outcome.baseChoice)
        XCTAssertEqual(10 + base, try smallest(lambda: 8, limit: 0.12), "choosing for base demand alone")
        XCTAssertLessThan(base, chosen, "robustness costs servers here")
        // Common random numbers across the scenarios: the same replications, one result each.
        let point = robust.outcome.points[chosen]
        XCTAssertEqual(point.demandResults.count, 3)
        XCTAssertTrue(point.demandResults.allSatisfy { $0.replications.count == point.replications })
        let waits = point.demandResults.map { $0.metric("wait.mean")!.mean }
        XCTAssertTrue(waits[0] < waits[1] && waits[1] < waits[2], "more demand, longer waits: \(waits)")
        // The base-only choice, run under high demand on its replications, breaches there.
        XCTAssertEqual(robust.outcome.baseChoiceChecks[2].first?.verdict, .failed)
        XCTAssertEqual(robust.outcome.baseChoiceChecks[1].first?.verdict, .met)

        request.robustToAll = false
        let baseOnly = try study.optimize(source, request)
        XCTAssertEqual(10 + (try XCTUnwrap(baseOnly.outcome.recommended)), try smallest(lambda: 8, limit: 0.12))

        let doc = OptimizationDocument(robust.outcome, goal: robust.goal, scenario: "mmc", seed: 23, timeUnit: .hour)
        XCTAssertEqual(doc.demand?.map(\.name), ["low", "base", "high"])
        XCTAssertEqual(doc.robust, "all")
        XCTAssertEqual(doc.baseChoice?.settings["resources.doctor.capacity"], String(10 + base))
        XCTAssertEqual(doc.recommended?.byDemand?["high"]?.constraints?.first?.verdict, "met")
    }

    func testDemandScenariosAreReadAndScaleEveryRate() throws {
        guard case .success(let list) = DemandScenario.parse("low=0.9,base=1,high=1.15") else { return XCTFail() }
        XCTAssertEqual(list.map(\.multiplier), [0.9, 1, 1.15])
        for bad in ["low=0", "low", "low=0.9,low=1", "=1"] {
            guard case .failure = DemandScenario.parse(bad) else { return XCTFail(bad) }
        }
        let s = scenario("""
            name: streams
            run: {horizon: "1 day", start: 2026-03-02}
            arrivals:
              - {name: a, rate: 2}
              - name: b
                by_hour: {values: [\(Array(repeating: "1", count: 24).joined(separator: ", "))]}
                by_date: {start: 2026-03-03, values: [\(Array(repeating: "3", count: 24).joined(separator: ", "))]}
            resources: [{name: bay, capacity: 2}]
            pathway: [{use: bay, duration: 5}]
            """)
        guard case .success(let scaled) = s.scalingDemand(by: 1.5) else { return XCTFail() }
        XCTAssertEqual(scaled.arrivals[0].meanRate(timeUnit: .minute), 3, accuracy: 1e-12)
        XCTAssertEqual(scaled.arrivals[1].meanRate(timeUnit: .minute), 1.5 / 60, accuracy: 1e-12)
        XCTAssertEqual(scaled.arrivals[1].dated?.ratesPerHour.first ?? 0, 4.5 / 60, accuracy: 1e-12)
        let renewal = scenario("""
            name: renewal
            run: {horizon: "1 day"}
            arrivals: [{name: r, interarrival: {gamma: {mean: 5, sd: 2}}}]
            resources: [{name: bay, capacity: 2}]
            pathway: [{use: bay, duration: 5}]
            """)
        guard case .failure(let problem) = renewal.scalingDemand(by: 1.1) else { return XCTFail() }
        XCTAssertTrue(problem.message.contains("'r' draws its gaps from a distribution"), problem.message)
    }
}
