import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import Foundation

/// How precise a run's estimates must be: the relative half width of the 95% interval, for the
/// headline metrics and for named ones, and the most replications to spend reaching it.
///
/// ```swift
/// let goal = try PrecisionGoal.parse(["0.05", "wait.mean=0.02"], maxReplications: 1000).get()
/// ```
public struct PrecisionGoal: Sendable, Equatable {
    /// The goal for the headline metrics (`Precision.headlineMetrics`), when given.
    public var headline: Double?
    /// Goals for named metrics, which replace the headline goal for those metrics.
    public var named: [String: Double]
    public var maxReplications: Int

    public init(headline: Double?, named: [String: Double] = [:], maxReplications: Int) {
        self.headline = headline
        self.named = named
        self.maxReplications = maxReplications
    }

    /// Reads `--precision` values: `0.05` (the headline metrics) or `METRIC=0.02`.
    public static func parse(_ specs: [String], maxReplications: Int) -> Result<PrecisionGoal, TimeTextError> {
        var goal = PrecisionGoal(headline: nil, maxReplications: maxReplications)
        for spec in specs {
            let parts = spec.split(separator: "=", maxSplits: 1).map { String($0).trimmingBlanks() }
            guard let value = parts.last.flatMap(Double.init), value > 0, value < 1, value.isFinite else {
                return .failure(TimeTextError(message: "--precision takes a relative half width between 0 and 1, such as 0.05 or wait.mean=0.02; got '\(spec)'"))
            }
            if parts.count == 2 { goal.named[parts[0]] = value } else { goal.headline = value }
        }
        return .success(goal)
    }
}
