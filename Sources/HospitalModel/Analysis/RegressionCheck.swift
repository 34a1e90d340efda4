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
