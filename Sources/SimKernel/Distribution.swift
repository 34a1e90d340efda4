import CGSL
import Foundation

/// A probability distribution of a non-negative quantity (a duration, a patience, a gap between
/// arrivals), sampled through GSL.
///
/// Parameters are checked when the distribution is made, never when it is sampled:
/// ```swift
/// let los = try Distribution.lognormal(mean: 48, sd: 24)   // mean and sd of the variable itself
/// let stay = los.sample(stream)
/// ```
/// - Complexity: `sample` is O(1) for every kind but the continuous empirical, which is
///   O(log k) in its k points (the discrete empirical table is preprocessed once with
///   `gsl_ran_discrete_preproc`); the normal is truncated at zero by resampling, which needs at
///   most two draws on average because its mean must be positive.
public struct Distribution: Sendable, Equatable {
    @usableFromInline
    enum Kind: Sendable, Equatable {
        case exponential(mean: Double)
        case deterministic(value: Double)
        case uniform(min: Double, max: Double)
        case triangular(min: Double, mode: Double, max: Double)
        case normal(mean: Double, sd: Double)
        case lognormal(zeta: Double, sigma: Double)
        case gamma(shape: Double, scale: Double)
        case weibull(shape: Double, scale: Double)
        case empirical(EmpiricalReference)
        case continuousEmpirical(ContinuousEmpiricalReference)
    }

    /// What to draw, as a plain value (also the `Sampler`'s).
    @usableFromInline let kind: Kind
    /// Keeps an empirical distribution's table alive as long as the distribution.
    let owner: (any AnyObject & Sendable)?

    init(_ kind: Kind) {
        self.kind = kind
        owner = nil
    }

    init(_ table: EmpiricalTable) {
        kind = .empirical(EmpiricalReference(table: table))
        owner = table
    }

    init(_ table: ContinuousEmpiricalTable) {
        kind = .continuousEmpirical(ContinuousEmpiricalReference(table: table))
        owner = table
    }

    public static func == (lhs: Distribution, rhs: Distribution) -> Bool { lhs.kind == rhs.kind }

    // MARK: Making distributions (validated)

    public static func exponential(mean: Double) throws(DistributionError) -> Distribution {
        try require(mean.isFinite && mean > 0, "exponential mean must be a positive number, got \(fmt(Double(mean)))")
        return Distribution(.exponential(mean: mean))
    }

    public static func deterministic(_ value: Double) throws(DistributionError) -> Distribution {
        try require(value.isFinite && value >= 0, "a fixed value must be a number >= 0, got \(fmt(Double(value)))")
        return Distribution(.deterministic(value: value))
    }

    public static func uniform(min: Double, max: Double) throws(DistributionError) -> Distribution {
        try require(min.isFinite && max.isFinite, "uniform bounds must be finite numbers")
        try require(min >= 0, "uniform min must be >= 0, got \(fmt(Double(min)))")
        try require(min <= max, "uniform min (\(fmt(min))) must not exceed max (\(fmt(max)))")
        return Distribution(.uniform(min: min, max: max))
    }

    public static func triangular(min: Double, mode: Double, max: Double) throws(DistributionError) -> Distribution {
        try require(min.isFinite && mode.isFinite && max.isFinite, "triangular parameters must be finite numbers")
        try require(min >= 0, "triangular min must be >= 0, got \(fmt(Double(min)))")
        try require(min < max, "triangular min (\(fmt(min))) must be below max (\(fmt(max)))")
        try require(min <= mode && mode <= max,
                    "triangular mode (\(fmt(mode))) must lie between min (\(fmt(min))) and max (\(fmt(max)))")
        return Distribution(.triangular(min: min, mode: mode, max: max))
    }

    /// A normal distribution truncated at zero by resampling.
    public static func normal(mean: Double, sd: Double) throws(DistributionError) -> Distribution {
        try require(mean.isFinite && mean > 0, "normal mean must be a positive number, got \(fmt(Double(mean)))")
        try require(sd.isFinite && sd >= 0, "normal sd must be a number >= 0, got \(fmt(Double(sd)))")
        return Distribution(.normal(mean: mean, sd: sd))
    }

    /// A lognormal given the mean and standard deviation of the variable itself (not of its log).
    public static func lognormal(mean: Double, sd: Double) throws(DistributionError) -> Distribution {
        try require(mean.isFinite && mean > 0, "lognormal mean must be a positive number, got \(fmt(Double(mean)))")
        try require(sd.isFinite && sd >= 0, "lognormal sd must be a number >= 0, got \(fmt(Double(sd)))")
        let sigma2 = log1p((sd * sd) / (mean * mean))
        return Distribution(.lognormal(zeta: log(mean) - sigma2 / 2, sigma: sigma2.squareRoot()))
    }

    /// A gamma given its mean and standard deviation: shape (mean/sd)^2, scale sd^2/mean.
    public static func gamma(mean: Double, sd: Double) throws(DistributionError) -> Distribution {
        try require(mean.isFinite && mean > 0, "gamma mean must be a positive number, got \(fmt(Double(mean)))")
        try require(sd.isFinite && sd > 0, "gamma sd must be a positive number, got \(fmt(Double(sd)))")
        return Distribution(.gamma(shape: (mean * mean) / (sd * sd), scale: (sd * sd) / mean))
    }

    public static func gamma(shape: Double, scale: Double) throws(DistributionError) -> Distribution {
        try require(shape.isFinite && shape > 0, "gamma shape must be a positive number, got \(fmt(Double(shape)))")
        try require(scale.isFinite && scale > 0, "gamma scale must be a positive number, got \(fmt(Double(scale)))")
        return Distribution(.gamma(shape: shape, scale: scale))
    }

    /// The sum of `k` exponential phases with total mean `mean`.
    public static func erlang(k: Int, mean: Double) throws(DistributionError) -> Distribution {
        try require(k >= 1, "erlang k must be a whole number >= 1, got \(fmt(Double(k)))")
        try require(mean.isFinite && mean > 0, "erlang mean must be a positive number, got \(fmt(Double(mean)))")
        return Distribution(.gamma(shape: Double(k), scale: mean / Double(k)))
    }

    public static func weibull(shape: Double, scale: Double) throws(DistributionError) -> Distribution {
        try require(shape.isFinite && shape > 0, "weibull shape must be a positive number, got \(fmt(Double(shape)))")
        try require(scale.isFinite && scale > 0, "weibull scale must be a positive number, got \(fmt(Double(scale)))")
        return Distribution(.weibull(shape: shape, scale: scale))
    }

    /// One of `values`, with probabilities proportional to `weights` (equal when nil).
    public static func empirical(values: [Double], weights: [Double]? = nil) throws(DistributionError) -> Distribution {
        try require(!values.isEmpty, "empirical values must hold at least one number")
        try require(values.allSatisfy { $0.isFinite && $0 >= 0 }, "empirical values must be numbers >= 0")
        let w = weights ?? Array(repeating: 1.0, count: values.count)
        try require(w.count == values.count,
                    "empirical weights must match values one for one (\(w.count) weights, \(values.count) values)")
        try require(w.allSatisfy { $0.isFinite && $0 >= 0 }, "empirical weights must be numbers >= 0")
        try require(w.reduce(0, +) > 0, "empirical weights must sum to a positive number")
        return Distribution(EmpiricalTable(values: values, weights: w))
    }

    /// A continuous distribution given by points of its distribution function: P(X <= values[i])
    /// = cumulative[i], linear in between (each segment uniform; equal values hold the mass
    /// between their cumulative probabilities as an atom). `cumulative` starts at 0; when it ends
    /// below 1 the rest lies beyond the last value as an exponential tail whose mean excess over
    /// that value is `tailMean`.
    public static func continuousEmpirical(values: [Double], cumulative: [Double], tailMean: Double? = nil) throws(DistributionError) -> Distribution {
        try require(!values.isEmpty, "continuous_empirical values must hold at least one number")
        try require(values.count <= 100_000, "continuous_empirical takes at most 100000 points, got \(values.count)")
        try require(cumulative.count == values.count,
                    "continuous_empirical cumulative must match values one for one (\(cumulative.count) probabilities, \(values.count) values)")
        try require(values.allSatisfy { $0.isFinite && $0 >= 0 }, "continuous_empirical values must be numbers >= 0")
        try require(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }, "continuous_empirical values must be in ascending order")
        try require(cumulative.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 }, "continuous_empirical cumulative probabilities must lie in [0, 1]")
        try require(cumulative[0] == 0, "continuous_empirical cumulative must start at 0 (the smallest value), got \(fmt(cumulative[0]))")
        try require(zip(cumulative, cumulative.dropFirst()).allSatisfy { $0 <= $1 }, "continuous_empirical cumulative must not decrease")
        if cumulative.last! < 1 {
            guard let tailMean else {
                throw DistributionError(message: "continuous_empirical cumulative ends at \(fmt(cumulative.last!)) < 1: give tail_mean, the mean excess of the exponential tail beyond the last value")
            }
            try require(tailMean.isFinite && tailMean > 0, "continuous_empirical tail_mean must be a positive number, got \(fmt(tailMean))")
        } else {
            try require(tailMean == nil, "continuous_empirical tail_mean needs cumulative to end below 1 (it ends at 1: there is no tail)")
        }
        return Distribution(ContinuousEmpiricalTable(values: values, cumulative: cumulative, tailMean: cumulative.last! < 1 ? tailMean! : 0))
    }

    private static func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(DistributionError) {
        if !condition { throw DistributionError(message: message()) }
    }

    static func fmt(_ x: Double) -> String { NumberText.readable(x) }

    // MARK: Sampling

    /// One draw from `stream`.
    /// - Complexity: O(1).
    @inlinable
    public func sample(_ stream: RandomStream) -> Double { sampler.sample(stream.rng) }

    // MARK: Exact moments and CDF

    /// The exact mean (of the truncated normal, for `normal`).
    public var mean: Double {
        switch kind {
        case .exponential(let mean): return mean
        case .deterministic(let value): return value
        case .uniform(let lo, let hi): return (lo + hi) / 2
        case .triangular(let lo, let mode, let hi): return (lo + mode + hi) / 3
        case .normal(let mean, let sd):
            guard sd > 0 else { return mean }
            let a = -mean / sd
            return mean + sd * gsl_ran_ugaussian_pdf(a) / gsl_cdf_ugaussian_Q(a)
        case .lognormal(let zeta, let sigma): return exp(zeta + sigma * sigma / 2)
        case .gamma(let shape, let scale): return shape * scale
        case .weibull(let shape, let scale): return scale * tgamma(1 + 1 / shape)
        case .empirical(let ref): return ref.table.mean
        case .continuousEmpirical(let ref): return ref.table.mean
        }
    }

    /// The exact variance (of the truncated normal, for `normal`).
    public var variance: Double {
        switch kind {
        case .exponential(let mean): return mean * mean
        case .deterministic: return 0
        case .uniform(let lo, let hi): return (hi - lo) * (hi - lo) / 12
        case .triangular(let a, let c, let b): return (a * a + b * b + c * c - a * b - a * c - b * c) / 18
        case .normal(let mean, let sd):
            guard sd > 0 else { return 0 }
            let a = -mean / sd
            let ratio = gsl_ran_ugaussian_pdf(a) / gsl_cdf_ugaussian_Q(a)
            return sd * sd * (1 + a * ratio - ratio * ratio)
        case .lognormal(let zeta, let sigma):
            let s2 = sigma * sigma
            return expm1(s2) * exp(2 * zeta + s2)
        case .gamma(let shape, let scale): return shape * scale * scale
        case .weibull(let k, let lambda):
            let g1 = tgamma(1 + 1 / k)
            return lambda * lambda * (tgamma(1 + 2 / k) - g1 * g1)
        case .empirical(let ref): return ref.table.variance
        case .continuousEmpirical(let ref): return ref.table.variance
        }
    }

    /// Whether this is an exponential distribution (memoryless), as queueing formulas need.
    public var isExponential: Bool {
        if case .exponential = kind { return true }
        if case .gamma(let shape, _) = kind, shape == 1 { return true }
        return false
    }

    /// The squared coefficient of variation, variance / mean^2 (0 for a zero mean).
    public var scv: Double { mean > 0 ? variance / (mean * mean) : 0 }

    /// The cumulative distribution function P(X <= x), from GSL's `gsl_cdf_*` where it has one.
    public func cdf(_ x: Double) -> Double {
        switch kind {
        case .exponential(let mean): return gsl_cdf_exponential_P(x, mean)
        case .deterministic(let value): return x >= value ? 1 : 0
        case .uniform(let lo, let hi): return lo == hi ? (x >= lo ? 1 : 0) : gsl_cdf_flat_P(x, lo, hi)
        case .triangular(let a, let c, let b):
            if x <= a { return 0 }
            if x >= b { return 1 }
            if x <= c { return (x - a) * (x - a) / ((b - a) * (c - a)) }
            return 1 - (b - x) * (b - x) / ((b - a) * (b - c))
        case .normal(let mean, let sd):
            guard sd > 0 else { return x >= mean ? 1 : 0 }
            if x < 0 { return 0 }
            let below = gsl_cdf_gaussian_P(-mean, sd)
            return (gsl_cdf_gaussian_P(x - mean, sd) - below) / (1 - below)
        case .lognormal(let zeta, let sigma):
            return sigma == 0 ? (x >= exp(zeta) ? 1 : 0) : gsl_cdf_lognormal_P(x, zeta, sigma)
        case .gamma(let shape, let scale): return gsl_cdf_gamma_P(x, shape, scale)
        case .weibull(let shape, let scale): return gsl_cdf_weibull_P(x, scale, shape)
        case .empirical(let ref): return ref.table.cdf(x)
        case .continuousEmpirical(let ref): return ref.table.cdf(x)
        }
    }
}

extension Distribution {
    /// The p-quantile, the smallest x with P(X <= x) >= p, from GSL's `gsl_cdf_*_Pinv` where it
    /// has one; `p` in [0, 1).
    public func quantile(_ p: Double) -> Double {
        switch kind {
        case .exponential(let mean): return gsl_cdf_exponential_Pinv(p, mean)
        case .deterministic(let value): return value
        case .uniform(let lo, let hi): return lo + p * (hi - lo)
        case .triangular(let a, let c, let b):
            let span = b - a
            return p * span < c - a ? a + (p * span * (c - a)).squareRoot() : b - ((1 - p) * span * (b - c)).squareRoot()
        case .normal(let mean, let sd):
            // Truncated at zero, as sampled.
            guard sd > 0 else { return mean }
            let below = gsl_cdf_gaussian_P(-mean, sd)
            return max(0, mean + gsl_cdf_gaussian_Pinv(below + p * (1 - below), sd))
        case .lognormal(let zeta, let sigma): return sigma == 0 ? exp(zeta) : gsl_cdf_lognormal_Pinv(p, zeta, sigma)
        case .gamma(let shape, let scale): return gsl_cdf_gamma_Pinv(p, shape, scale)
        case .weibull(let shape, let scale): return gsl_cdf_weibull_Pinv(p, scale, shape)
        case .empirical(let ref):
            var cumulative = 0.0
            let order = ref.table.values.indices.sorted { ref.table.values[$0] < ref.table.values[$1] }
            for i in order {
                cumulative += ref.table.probabilities[i]
                if cumulative > p { return ref.table.values[i] }
            }
            return ref.table.values[order.last!]
        case .continuousEmpirical(let ref): return ref.table.quantile(p)
        }
    }
}

/// A parameter that a distribution cannot take, found when the distribution is made.
public struct DistributionError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// An empirical table held without counting references (the distribution that made it keeps it
/// alive), so that a `Kind` is a plain value that samplers copy freely.
@usableFromInline
struct EmpiricalReference: @unchecked Sendable, Equatable {
    @usableFromInline unowned(unsafe) let table: EmpiricalTable

    @usableFromInline static func == (a: EmpiricalReference, b: EmpiricalReference) -> Bool { a.table == b.table }
}
