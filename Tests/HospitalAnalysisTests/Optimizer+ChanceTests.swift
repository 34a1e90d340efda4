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

/// Chance and quantile constraints against a reference computed independently: on an M/M/c
/// station whose periods are three days, the share of periods whose mean wait exceeds a limit
/// is estimated for each staffing from 1,000 replications on another seed (the reference); the
/// optimiser's cheapest staffing with that share at most 10% is the reference's, and differs
/// from the cheapest staffing whose mean wait meets the limit.
final class OptimizerChanceTests: XCTestCase {
    static let yaml = """
        name: M/M/c in three-day periods
        time_unit: hour
        run: {horizon: "3 day", warmup: "12 hour", replications: 10, seed: 31}
        arrivals: [{name: p, rate: 9}]
        resources: [{name: doctor, capacity: 10, cost: {staffed_per_hour: 1}}]
        pathway: [{use: doctor, duration: {exponential: {mean: 1}}}]
        """
    static let limit = 0.25  // hours of mean wait in a period

    func model(_ c: Int, seed: Int? = nil) -> CompiledModel {
        var text = try! ScenarioPatch.apply([ScenarioPatch.Assignment(path: "resources.doctor.capacity", value: String(c))], to: Self.yaml).get()
        if let seed { text = text.replacingOccurrences(of: "seed: 31", with: "seed: \(seed)") }
        return CompiledModel(scenario(text))
    }

    /// The reference: each staffing's share of periods breaching the limit, with its 99.9%
    /// Clopper-Pearson interval, from 1,000 replications on seed 1031 (independent of the
    /// optimiser's streams).
    func reference(_ c: Int) -> (share: Double, lower: Double, upper: Double) {
        let r = Runner.run(model(c, seed: 1031), threads: 2, indices: Array(0..<1000), stop: nil)
        let values = r.values("wait.mean")!
        let k = values.filter { $0 > Self.limit }.count
        return (Double(k) / 1000, BinomialBound.lower(k, of: 1000, level: 0.0005), BinomialBound.upper(k, of: 1000, level: 0.0005))
    }

    func testTheChanceConstrainedChoiceIsTheReferencesAndNotTheMeanConstrainedOne() throws {
        let staffing = [10, 11, 12, 13]
        let points = staffing.map { c in ("c=\(c)", [ScenarioPatch.Assignment(path: "resources.doctor.capacity", value: String(c))], model(c)) }
        let objective = OptimizationGoal.Objective(metric: "cost.total", maximize: false)
        func choose(_ constraint: String) throws -> Int {
            let goal = OptimizationGoal(objectives: [objective], constraints: [try XCTUnwrap(OptimizationGoal.Constraint.parse(constraint))],
                                        budget: 4000, firstStage: 20)
            let outcome = Optimizer.run(points, goal: goal, threads: 2)
            return staffing[try XCTUnwrap(outcome.recommended, "\(constraint): \(outcome.ended)")]
        }
        let byMean = try choose("wait.mean <= \(Self.limit)")
        let byChance = try choose("P(wait.mean > \(Self.limit)) <= 0.10")
        let byQuantile = try choose("wait.mean@p90 <= \(Self.limit)")

        // The reference's answer: the smallest staffing whose breach share is clearly at most 10%,
        // the one below it clearly over (so the question has one answer to find).
        let shares = Dictionary(uniqueKeysWithValues: staffing.map { ($0, reference($0)) })
        let answer = try XCTUnwrap(staffing.first { shares[$0]!.upper < 0.10 }, "\(shares)")
        XCTAssertGreaterThan(try XCTUnwrap(shares[answer - 1]).lower, 0.10, "\(shares)")
        XCTAssertEqual(byChance, answer, "\(shares)")
        XCTAssertEqual(byQuantile, answer, "the 90th percentile at most the limit is the same question")
        // The mean meets the limit with fewer doctors: the periods that breach are hidden in it.
        XCTAssertLessThan(byMean, byChance)
        let meanAtMeanChoice = Runner.run(model(byMean, seed: 1031), threads: 2, indices: Array(0..<200), stop: nil).metric("wait.mean")!.mean
        XCTAssertLessThan(meanAtMeanChoice, Self.limit)
    }

    func testChanceAndQuantileConstraintsParseAndSayWhatTheyBound() throws {
        let p = try XCTUnwrap(OptimizationGoal.Constraint.parse("P(resource.ward_bed.wait.mean > 60) <= 0.10"))
        XCTAssertEqual(p.kind, .probability(threshold: 60, above: true))
        XCTAssertEqual(p.metric, "resource.ward_bed.wait.mean")
        XCTAssertEqual(p.description, "P(resource.ward_bed.wait.mean > 60) <= 0.1")
        let q = try XCTUnwrap(OptimizationGoal.Constraint.parse("resource.ward_bed.wait.mean@p90 <= 60"))
        XCTAssertEqual(q.kind, .quantile(0.9))
        let breach = try XCTUnwrap(q.breach)
        XCTAssertEqual(breach.threshold, 60)
        XCTAssertTrue(breach.above && breach.atMost, "at most 10% of the values above 60")
        XCTAssertEqual(breach.share, 0.1, accuracy: 1e-12)
        let atLeast = try XCTUnwrap(OptimizationGoal.Constraint.parse("target_met.fraction@p10 >= 0.8"))
        XCTAssertEqual(atLeast.breach?.above, false, "below 0.8 is the breach")
        XCTAssertEqual(atLeast.breach?.share ?? 0, 0.1, accuracy: 1e-12)
        XCTAssertNil(OptimizationGoal.Constraint.parse("P(wait.mean > 60) <= 1.5"), "a probability is from 0 to 1")
        XCTAssertNil(OptimizationGoal.Constraint.parse("wait.mean@p100 <= 60"))
        XCTAssertNil(OptimizationGoal.Constraint.parse("P(wait.mean) <= 0.1"))
    }

    /// The exact bounds against values computed by hand: k = 0 of n gives the upper bound
    /// 1 - level^(1/n); the order statistic bounding the median of 10 values from above at 95%
    /// is the 9th (P(Binomial(10, 0.5) <= 8) = 0.989).
    func testBinomialBoundsAgainstClosedForms() {
        XCTAssertEqual(BinomialBound.upper(0, of: 50, level: 0.05), 1 - pow(0.05, 1.0 / 50), accuracy: 1e-9)
        XCTAssertEqual(BinomialBound.lower(50, of: 50, level: 0.05), pow(0.05, 1.0 / 50), accuracy: 1e-9)
        XCTAssertEqual(BinomialBound.quantileUpperRank(0.5, of: 10, level: 0.05), 9)
        XCTAssertEqual(BinomialBound.quantileLowerRank(0.5, of: 10, level: 0.05), 2)
        XCTAssertNil(BinomialBound.quantileUpperRank(0.99, of: 10, level: 0.05), "ten values cannot bound the 99th percentile")
    }
}
