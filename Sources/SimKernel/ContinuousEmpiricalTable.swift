import Foundation

/// A continuous empirical distribution held without counting references (the distribution that
/// made it keeps it alive), so that a `Distribution.Kind` stays a plain value.
@usableFromInline
struct ContinuousEmpiricalReference: @unchecked Sendable, Equatable {
    @usableFromInline unowned(unsafe) let table: ContinuousEmpiricalTable

    @usableFromInline static func == (a: ContinuousEmpiricalReference, b: ContinuousEmpiricalReference) -> Bool { a.table == b.table }
}

/// The points of a continuous empirical distribution function: P(X <= values[i]) = cumulative[i],
/// linear in between, and an exponential tail of mean excess `tailMean` beyond the last value
/// when the last cumulative probability is below 1. Read-only after construction, so it may be
/// shared between threads.
///
/// - Complexity: `quantile` is O(log k) in the k points (a binary search), `cdf` likewise.
public final class ContinuousEmpiricalTable: @unchecked Sendable, Equatable {
    public let values: [Double]
    public let cumulative: [Double]
    /// The mean of X - values.last given X > values.last; 0 when there is no tail.
    public let tailMean: Double
    /// `values` and `cumulative` at fixed addresses, for samplers that hold no reference.
    @usableFromInline let x: UnsafeMutablePointer<Double>
    @usableFromInline let c: UnsafeMutablePointer<Double>
    @usableFromInline let count: Int

    init(values: [Double], cumulative: [Double], tailMean: Double) {
        self.values = values
        self.cumulative = cumulative
        self.tailMean = tailMean
        count = values.count
        x = .allocate(capacity: count)
        x.initialize(from: values, count: count)
        c = .allocate(capacity: count)
        c.initialize(from: cumulative, count: count)
    }

    deinit {
        x.deallocate()
        c.deallocate()
    }

    /// The tail's probability, 1 - cumulative.last.
    @usableFromInline var tailMass: Double { 1 - c[count - 1] }

    /// The smallest x with P(X <= x) >= p, by inversion: the draw of a sampler given u = p.
    @usableFromInline
    func quantile(_ p: Double) -> Double {
        let last = count - 1
        if p >= c[last] {
            guard tailMean > 0 else { return x[last] }
            // (1 - p) / tailMass is the uniform left in the tail; -log of it is a unit exponential.
            return x[last] - tailMean * log(max((1 - p) / tailMass, .leastNonzeroMagnitude))
        }
        // The last point whose cumulative probability is <= p; its successor's is > p.
        var lo = 0, hi = last
        while hi - lo > 1 {
            let mid = (lo + hi) >> 1
            if c[mid] <= p { lo = mid } else { hi = mid }
        }
        let width = c[hi] - c[lo]
        return x[lo] + (p - c[lo]) / width * (x[hi] - x[lo])
    }

    func cdf(_ t: Double) -> Double {
        let last = count - 1
        if t < x[0] { return 0 }
        if t >= x[last] {
            guard tailMean > 0 else { return 1 }
            return 1 - tailMass * exp(-(t - x[last]) / tailMean)
        }
        // The last point at or below t.
        var lo = 0, hi = last
        while hi - lo > 1 {
            let mid = (lo + hi) >> 1
            if x[mid] <= t { lo = mid } else { hi = mid }
        }
        return c[lo] + (t - x[lo]) / (x[hi] - x[lo]) * (c[hi] - c[lo])
    }

    /// log P(X > t), exact in the tail however far out.
    func logSurvival(_ t: Double) -> Double {
        let last = count - 1
        if t >= x[last] {
            guard tailMean > 0 else { return -.infinity }
            return log(tailMass) - (t - x[last]) / tailMean
        }
        return log1p(-cdf(t))
    }

    /// Each segment is uniform, so it adds its mass times its midpoint; the tail adds its mass
    /// times the last value plus the mean excess.
    var mean: Double {
        var sum = 0.0
        for i in 1..<count { sum += (c[i] - c[i - 1]) * (x[i] + x[i - 1]) / 2 }
        return sum + tailMass * (x[count - 1] + tailMean)
    }

    /// From E[X^2]: a uniform segment on [a, b] has second moment (a^2 + ab + b^2) / 3, and the
    /// shifted exponential tail (v + E)^2 + mean^2 where E has mean `tailMean`.
    var variance: Double {
        var second = 0.0
        for i in 1..<count {
            let a = x[i - 1], b = x[i]
            second += (c[i] - c[i - 1]) * (a * a + a * b + b * b) / 3
        }
        let v = x[count - 1], m = tailMean
        second += tailMass * (v * v + 2 * v * m + 2 * m * m)
        let mu = mean
        return max(0, second - mu * mu)
    }

    public static func == (lhs: ContinuousEmpiricalTable, rhs: ContinuousEmpiricalTable) -> Bool {
        lhs.values == rhs.values && lhs.cumulative == rhs.cumulative && lhs.tailMean == rhs.tailMean
    }
}

extension Distribution {
    /// The continuous empirical distribution `simrun fit` suggests for a sample no form fits:
    /// the sample's quantiles (interpolated between order statistics) at cumulative
    /// probabilities 0, 0.025, 0.05, ... up to 1 - t, linear in between, and beyond the 1 - t
    /// quantile an exponential tail whose mean excess is the sample's mean excess there. The
    /// tail share t is 20 / n, kept within [0.01, 0.1], so the tail rests on about 20
    /// observations or more. The smallest value is the lower end: nothing below the sample's
    /// minimum is drawn. Unlike equally likely percentiles, which put 1/21 of the mass on the
    /// maximum, this keeps the sample's mean and variance (within sampling error). Nil for fewer
    /// than two values.
    public static func continuousEmpirical(fittedTo data: [Double]) -> Distribution? {
        let x = data.filter(\.isFinite).sorted()
        guard x.count >= 2, x[0] >= 0 else { return nil }
        let n = x.count
        func quantile(_ p: Double) -> Double {
            let h = p * Double(n - 1)
            let i = Int(h.rounded(.down))
            return i + 1 < n ? x[i] + (h - Double(i)) * (x[i + 1] - x[i]) : x[n - 1]
        }
        let tail = min(0.1, max(0.01, 20 / Double(n)))
        let top = 1 - tail
        var cumulative = stride(from: 0.0, to: top - 1e-9, by: 0.025).map { $0 }
        cumulative.append(top)
        var values = cumulative.map(quantile)
        let edge = values.last!
        let beyond = x.filter { $0 > edge }
        let excess = beyond.isEmpty ? 0 : beyond.reduce(0) { $0 + ($1 - edge) } / Double(beyond.count)
        if excess <= 0 {
            // Nothing lies above the top quantile (ties at the maximum): end at the maximum.
            cumulative.append(1)
            values.append(x[n - 1])
            return try? continuousEmpirical(values: values, cumulative: cumulative)
        }
        return try? continuousEmpirical(values: values, cumulative: cumulative, tailMean: excess)
    }

    /// The points of a continuous empirical distribution (values, cumulative probabilities and
    /// the tail's mean excess), or nil for any other kind.
    public var continuousEmpiricalPoints: (values: [Double], cumulative: [Double], tailMean: Double?)? {
        guard case .continuousEmpirical(let ref) = kind else { return nil }
        return (ref.table.values, ref.table.cumulative, ref.table.tailMean > 0 ? ref.table.tailMean : nil)
    }
}
