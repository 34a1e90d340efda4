import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import Foundation
import SimKernel

/// `simrun check`: every baseline metric against a new run. A metric regresses when a Welch
/// two-sample t-test rejects equality at the 1% level and the relative difference exceeds its
/// tolerance (5% by default).
public struct RegressionCheck: Sendable {
    public enum Verdict: String, Sendable, CaseIterable { case ok, regression, missing }

    public struct Line: Sendable {
        public var metric: String
        public var baseline: Double
        public var now: Double
        public var difference: Double
        public var relative: Double
        public var pValue: Double
        public var tolerance: Double
        public var verdict: Verdict
    }

    public static let defaultTolerance = 0.05
    public static let level = 0.01

    public var lines: [Line]
    public var regressed: Bool { lines.contains { $0.verdict != .ok } }
    /// Constraints asked of the new run (`--constraint`), each judged by its own one-sided
    /// bound at `constraintLevel` (a mean by Student-t, a chance or quantile by exact binomial
    /// bounds): failed when the bound shows it breached.
    public var constraints: [Optimizer.ConstraintCheck] = []
    public static let constraintLevel = 0.05
    public var breached: Bool { constraints.contains { $0.verdict == .failed } }
    /// A regression, or a constraint shown breached: what fails the check.
    public var failed: Bool { regressed || breached }

    /// Also judges `constraints` on `result`.
    public init(baseline: Baseline, result: RunResult, constraints: [OptimizationGoal.Constraint]) {
        self.init(baseline: baseline, result: result)
        let goal = OptimizationGoal(objectives: [], constraints: constraints, budget: 0, tolerance: 0)
        self.constraints = Optimizer.checks(of: Optimizer.Point(label: "", settings: [], result: result), goal: goal, level: Self.constraintLevel)
    }

    public init(baseline: Baseline, result: RunResult) {
        lines = baseline.metrics.map { b in
            let tolerance = baseline.tolerances[b.name] ?? Self.defaultTolerance
            guard let now = result.metric(b.name) else {
                return Line(metric: b.name, baseline: b.mean, now: .nan, difference: .nan, relative: .nan,
                            pValue: 0, tolerance: tolerance, verdict: .missing)
            }
            let mean = now.n > 0 ? now.mean : .nan
            let difference = mean - b.mean
            let relative = b.mean != 0 ? abs(difference) / abs(b.mean) : (difference == 0 ? 0 : .infinity)
            let p = WelchTest.pValue(mean1: b.mean, sd1: b.sd, n1: b.n, mean2: mean, sd2: now.sd.isNaN ? 0 : now.sd, n2: now.n)
            let regressed = (p < Self.level && relative > tolerance) || mean.isNaN != b.mean.isNaN
            return Line(metric: b.name, baseline: b.mean, now: mean, difference: difference, relative: relative,
                        pValue: p, tolerance: tolerance, verdict: regressed ? .regression : .ok)
        }
    }
}
