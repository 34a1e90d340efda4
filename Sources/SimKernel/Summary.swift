import CGSL

/// Mean, spread and 95% Student-t confidence interval of one metric across replications.
///
/// ```swift
/// let s = Summary(of: [41.0, 39.5, 44.2])
/// s.mean - s.halfWidth ... s.mean + s.halfWidth   // the 95% interval
/// ```
/// NaN values (a metric undefined in a replication, such as the mean wait of a class that never
/// arrived) are left out, so `n` may be below the number of replications.
public struct Summary: Sendable, Equatable {
    /// The q-quantile of `sorted` values as one of them: the nearest-rank order statistic (the
    /// smallest value with at least a fraction q of the values at or below it); NaN when empty.
    public static func nearestRank(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Swift.max(1, Int((q * Double(sorted.count)).rounded(.up)))
        return sorted[Swift.min(rank, sorted.count) - 1]
    }

    public let n: Int
    public let mean: Double
    /// The sample standard deviation over replications (NaN when n < 2).
    public let sd: Double
    /// Half width of the 95% Student-t confidence interval of the mean (NaN when n < 2).
    public let halfWidth: Double
    public let min: Double
    public let max: Double

    public init(of values: [Double], confidence: Double = 0.95) {
        var t = Tally()
        for v in values where !v.isNaN { t.add(v) }
        n = t.count
        mean = t.meanOrNaN
        sd = t.standardDeviation
        min = n > 0 ? t.min : .nan
        max = n > 0 ? t.max : .nan
        if n >= 2 {
            let q = Summary.studentQuantile((1 + confidence) / 2, degreesOfFreedom: n - 1)
            halfWidth = sd == 0 ? 0 : q * sd / Double(n).squareRoot()
        } else {
            halfWidth = .nan
        }
    }

    /// The quantile of Student's t distribution (`gsl_cdf_tdist_Pinv`).
    public static func studentQuantile(_ p: Double, degreesOfFreedom nu: Int) -> Double {
        gsl_cdf_tdist_Pinv(p, Double(nu))
    }

    /// Whether `value` lies in the confidence interval, optionally widened by `slack`.
    public func covers(_ value: Double, slack: Double = 0) -> Bool {
        abs(value - mean) <= halfWidth + slack
    }
}
