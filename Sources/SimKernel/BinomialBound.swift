import CGSL

/// Distribution-free bounds from counts: exact (Clopper-Pearson) one-sided bounds on a
/// probability from k successes in n trials, and order-statistic bounds on a quantile.
///
/// ```swift
/// BinomialBound.upper(3, of: 100, level: 0.05)          // P(breach) <= this, with 95% confidence
/// BinomialBound.quantileUpperRank(0.9, of: 100, level: 0.05)  // the order statistic bounding p90 from above
/// ```
public enum BinomialBound {
    /// The exact one-sided upper bound on p: the p at which k or fewer successes have
    /// probability `level` (1 when k = n).
    public static func upper(_ k: Int, of n: Int, level: Double) -> Double {
        guard n > 0 else { return 1 }
        guard k < n else { return 1 }
        return gsl_cdf_beta_Pinv(1 - level, Double(k + 1), Double(n - k))
    }

    /// The exact one-sided lower bound on p: the p at which k or more successes have probability
    /// `level` (0 when k = 0).
    public static func lower(_ k: Int, of n: Int, level: Double) -> Double {
        guard n > 0, k > 0 else { return 0 }
        return gsl_cdf_beta_Pinv(level, Double(k), Double(n - k + 1))
    }

    /// The rank r (1-based) whose order statistic X(r) of n values is at or above the
    /// q-quantile with probability at least 1 - `level`: the smallest r with
    /// P(Binomial(n, q) <= r - 1) >= 1 - level; nil when even the largest value is not enough.
    public static func quantileUpperRank(_ q: Double, of n: Int, level: Double) -> Int? {
        guard n > 0 else { return nil }
        for r in 1...n where gsl_cdf_binomial_P(UInt32(r - 1), q, UInt32(n)) >= 1 - level { return r }
        return nil
    }

    /// The rank s whose order statistic X(s) is at or below the q-quantile with probability at
    /// least 1 - `level`: the largest s with P(Binomial(n, q) >= s) >= 1 - level; nil when even
    /// the smallest value is not enough.
    public static func quantileLowerRank(_ q: Double, of n: Int, level: Double) -> Int? {
        guard n > 0 else { return nil }
        for s in stride(from: n, through: 1, by: -1) {
            let atLeast = s == 0 ? 1 : 1 - gsl_cdf_binomial_P(UInt32(s - 1), q, UInt32(n))
            if atLeast >= 1 - level { return s }
        }
        return nil
    }
}
