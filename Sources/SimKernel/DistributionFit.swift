import CGSL
import Foundation

/// Maximum-likelihood fits of the duration distributions a scenario can name, ranked by AIC, each
/// with its Kolmogorov-Smirnov statistic and 95% intervals for its parameters.
///
/// ```swift
/// let fits = DistributionFit.fitAll(lengthsOfStay)   // best (lowest AIC) first
/// fits[0].form          // "lognormal"
/// fits[0].parameters    // [("mean", 2871.3), ("sd", 1490.2)]
/// ```
/// Shapes without a closed form (gamma, Weibull) are fitted on their profile likelihood with
/// GSL's Brent minimiser; the CDFs are GSL's. The KS p-value treats the parameters as known, so
/// it is optimistic for parameters estimated from the same data (a poor fit is still poor).
public struct DistributionFit: Sendable {
    public enum Form: String, Sendable, CaseIterable {
        case exponential, gamma, lognormal, weibull, normal
        /// Parameters estimated: the AIC's penalty.
        var parameterCount: Int { self == .exponential ? 1 : 2 }
    }

    public let form: Form
    /// In the scenario format's own syntax for the form (`{lognormal: {mean, sd}}`, ...), in order.
    public let parameters: [(name: String, value: Double)]
    /// 95% intervals of the same parameters, from the observed information (delta method).
    public let intervals: [(lower: Double, upper: Double)]
    public let logLikelihood: Double
    public let aic: Double
    public let ksStatistic: Double
    public let ksP: Double
    /// The fitted distribution, to sample or evaluate.
    public let distribution: Distribution
    /// How the likelihood treated the data: exact values, values known to a resolution, or
    /// with right-censored values (`DistributionFit+Censored.swift`).
    public var method: Method = .exact

    public enum Method: String, Sendable {
        case exact, interval, censored
    }

    /// Every form that applies to `data` (those needing positive values are left out when some
    /// value is 0), best AIC first. Needs at least two distinct finite values >= 0.
    public static func fitAll(_ data: [Double]) -> [DistributionFit] {
        GSL.quiet()
        let x = data.sorted()
        guard x.count >= 2, let first = x.first, first >= 0, x.last! > first, x.allSatisfy(\.isFinite) else { return [] }
        return Form.allCases.compactMap { fit($0, sorted: x) }.sorted { $0.aic < $1.aic }
    }

    /// The maximum-likelihood fit of `form` to `sorted` (ascending), or nil where it does not apply.
    public static func fit(_ form: Form, sorted x: [Double]) -> DistributionFit? {
        GSL.quiet()
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        let positive = x[0] > 0
        let sumLog = positive ? x.reduce(0) { $0 + log($1) } : -.infinity
        // Each form: its natural parameters at the maximum, its log-likelihood as a function of
        // them, and the map from them to the format's parameters.
        let theta: [Double]
        let logLikelihood: ([Double]) -> Double
        let (names, reported) = Self.reporting(form)
        switch form {
        case .exponential:
            theta = [mean]
            logLikelihood = { p in p[0] > 0 ? -n * log(p[0]) - n * mean / p[0] : -.infinity }
        case .normal:
            let sd = (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
            theta = [mean, sd]
            let sumSq = x.reduce(0) { $0 + $1 * $1 }
            logLikelihood = { p in
                guard p[1] > 0 else { return -.infinity }
                let ss = sumSq - 2 * p[0] * n * mean + n * p[0] * p[0]
                return -n * log(p[1]) - 0.5 * n * log(2 * .pi) - ss / (2 * p[1] * p[1])
            }
        case .lognormal:
            guard positive else { return nil }
            let mu = sumLog / n
            let sumLogSq = x.reduce(0) { $0 + log($1) * log($1) }
            let sigma = max(sumLogSq / n - mu * mu, 0).squareRoot()
            guard sigma > 0 else { return nil }
            theta = [mu, sigma]
            logLikelihood = { p in
                guard p[1] > 0 else { return -.infinity }
                let ss = sumLogSq - 2 * p[0] * sumLog + n * p[0] * p[0]
                return -sumLog - n * log(p[1]) - 0.5 * n * log(2 * .pi) - ss / (2 * p[1] * p[1])
            }
        case .gamma:
            guard positive else { return nil }
            func ll(_ p: [Double]) -> Double {
                let (k, scale) = (p[0], p[1])
                guard k > 0, scale > 0 else { return -.infinity }
                return (k - 1) * sumLog - n * mean / scale - n * k * log(scale) - n * gsl_sf_lngamma(k)
            }
            // Profile: for a shape k the best scale is mean / k.
            guard let k = minimiseOverLogShape({ k in -ll([k, mean / k]) }) else { return nil }
            theta = [k, mean / k]
            logLikelihood = ll
        case .weibull:
            guard positive else { return nil }
            func ll(_ p: [Double]) -> Double {
                let (k, scale) = (p[0], p[1])
                guard k > 0, scale > 0 else { return -.infinity }
                let sumPow = x.reduce(0) { $0 + pow($1 / scale, k) }
                return n * log(k) - n * k * log(scale) + (k - 1) * sumLog - sumPow
            }
            // Profile: for a shape k the best scale is (mean of x^k)^(1/k).
            func scale(_ k: Double) -> Double { pow(x.reduce(0) { $0 + pow($1, k) } / n, 1 / k) }
            guard let k = minimiseOverLogShape({ k in -ll([k, scale(k)]) }) else { return nil }
            theta = [k, scale(k)]
            logLikelihood = ll
        }
        let l = logLikelihood(theta)
        guard l.isFinite else { return nil }
        let values = reported(theta)
        let intervals = Self.intervals(theta, logLikelihood, reported)
        guard let distribution = Self.distribution(form, theta) else { return nil }
        // KS against the fitted CDF; the normal is fitted and tested without the simulator's
        // truncation at 0, as the data were.
        let d: Double
        if form == .normal {
            let (mu, sd) = (theta[0], theta[1])
            d = ksStatistic(sorted: x) { gsl_cdf_gaussian_P($0 - mu, sd) }
        } else {
            d = ksStatistic(sorted: x) { distribution.cdf($0) }
        }
        return DistributionFit(form: form, parameters: Array(zip(names, values)), intervals: intervals, logLikelihood: l,
                               aic: 2 * Double(form.parameterCount) - 2 * l, ksStatistic: d, ksP: ksPValue(d, n: x.count),
                               distribution: distribution)
    }

    /// The format's names of `form`'s parameters, and the map to them from its natural ones
    /// (the format gives a lognormal by the mean and sd of the variable itself).
    static func reporting(_ form: Form) -> (names: [String], map: ([Double]) -> [Double]) {
        switch form {
        case .exponential: (["mean"], { $0 })
        case .normal: (["mean", "sd"], { $0 })
        case .lognormal: (["mean", "sd"], { p in
            let m = exp(p[0] + p[1] * p[1] / 2)
            return [m, m * (exp(p[1] * p[1]) - 1).squareRoot()]
        })
        case .gamma, .weibull: (["shape", "scale"], { $0 })
        }
    }

    static func distribution(_ form: Form, _ p: [Double]) -> Distribution? {
        switch form {
        case .exponential: try? .exponential(mean: p[0])
        case .normal: p[0] > 0 ? try? .normal(mean: p[0], sd: p[1]) : nil
        case .lognormal: try? .lognormal(mean: exp(p[0] + p[1] * p[1] / 2), sd: exp(p[0] + p[1] * p[1] / 2) * (exp(p[1] * p[1]) - 1).squareRoot())
        case .gamma: try? .gamma(shape: p[0], scale: p[1])
        case .weibull: try? .weibull(shape: p[0], scale: p[1])
        }
    }

    /// The shape k > 0 minimising `f`, searched on log k in [log 0.01, log 500]: a grid finds the
    /// bracket, GSL's Brent minimiser the point.
    static func minimiseOverLogShape(_ f: (Double) -> Double) -> Double? {
        let lo = log(0.01), hi = log(500.0)
        let grid = (0...60).map { lo + (hi - lo) * Double($0) / 60 }
        let values = grid.map { f(exp($0)) }
        guard let best = values.indices.filter({ values[$0].isFinite }).min(by: { values[$0] < values[$1] }) else { return nil }
        guard best > 0, best < grid.count - 1 else { return exp(grid[best]) }
        return withoutActuallyEscaping(f) { f in
            var box = f
            return withUnsafeMutablePointer(to: &box) { pointer -> Double? in
                var function = gsl_function(function: { u, params in
                    params!.assumingMemoryBound(to: ((Double) -> Double).self).pointee(exp(u))
                }, params: UnsafeMutableRawPointer(pointer))
                guard let minimiser = gsl_min_fminimizer_alloc(hospsim_min_brent()) else { return nil }
                defer { gsl_min_fminimizer_free(minimiser) }
                guard gsl_min_fminimizer_set_with_values(minimiser, &function, grid[best], values[best], grid[best - 1], values[best - 1],
                                                         grid[best + 1], values[best + 1]) == GSL_SUCCESS else { return exp(grid[best]) }
                for _ in 0..<200 {
                    guard gsl_min_fminimizer_iterate(minimiser) == GSL_SUCCESS else { break }
                    let a = gsl_min_fminimizer_x_lower(minimiser), b = gsl_min_fminimizer_x_upper(minimiser)
                    if gsl_min_test_interval(a, b, 1e-10, 0) == GSL_SUCCESS { break }
                }
                return exp(gsl_min_fminimizer_x_minimum(minimiser))
            }
        }
    }

    /// 95% intervals of `reported(theta)`: the covariance of theta is the inverse of the observed
    /// information (the negative Hessian of the log-likelihood, by central differences), carried
    /// to the reported parameters by their Jacobian.
    static func intervals(_ theta: [Double], _ ll: ([Double]) -> Double, _ reported: ([Double]) -> [Double]) -> [(lower: Double, upper: Double)] {
        let k = theta.count
        let h = theta.map { max(abs($0), 1e-8) * 1e-4 }
        func at(_ i: Int, _ di: Double, _ j: Int, _ dj: Double) -> Double {
            var p = theta
            p[i] += di
            p[j] += dj
            return ll(p)
        }
        var info = Array(repeating: Array(repeating: 0.0, count: k), count: k)
        for i in 0..<k {
            for j in 0..<k {
                let second = i == j
                    ? (at(i, h[i], i, 0) - 2 * ll(theta) + at(i, -h[i], i, 0)) / (h[i] * h[i])
                    : (at(i, h[i], j, h[j]) - at(i, h[i], j, -h[j]) - at(i, -h[i], j, h[j]) + at(i, -h[i], j, -h[j])) / (4 * h[i] * h[j])
                info[i][j] = -second
            }
        }
        let cov: [[Double]]
        if k == 1 {
            cov = [[1 / info[0][0]]]
        } else {
            let det = info[0][0] * info[1][1] - info[0][1] * info[1][0]
            cov = [[info[1][1] / det, -info[0][1] / det], [-info[1][0] / det, info[0][0] / det]]
        }
        let base = reported(theta)
        // Jacobian of the reported parameters, by central differences.
        var jacobian = Array(repeating: Array(repeating: 0.0, count: k), count: base.count)
        for j in 0..<k {
            var up = theta, down = theta
            up[j] += h[j]
            down[j] -= h[j]
            let (a, b) = (reported(up), reported(down))
            for i in base.indices { jacobian[i][j] = (a[i] - b[i]) / (2 * h[j]) }
        }
        return base.indices.map { i in
            var variance = 0.0
            for a in 0..<k { for b in 0..<k { variance += jacobian[i][a] * cov[a][b] * jacobian[i][b] } }
            let half = 1.959963984540054 * max(variance, 0).squareRoot()
            return (base[i] - half, base[i] + half)
        }
    }

    /// The largest distance between the sample's distribution function and `cdf`.
    public static func ksStatistic(sorted x: [Double], cdf: (Double) -> Double) -> Double {
        let n = Double(x.count)
        var d = 0.0
        for (i, value) in x.enumerated() {
            let f = cdf(value)
            d = max(d, f - Double(i) / n, Double(i + 1) / n - f)
        }
        return d
    }

    /// P(D >= d) for n observations from the hypothesised distribution: Kolmogorov's limiting
    /// distribution at (sqrt(n) + 0.12 + 0.11 / sqrt(n)) d, Stephens' small-sample correction.
    public static func ksPValue(_ d: Double, n: Int) -> Double {
        let root = Double(n).squareRoot()
        let lambda = (root + 0.12 + 0.11 / root) * d
        guard lambda > 0.2 else { return 1 }
        var sum = 0.0
        var sign = 1.0
        for j in 1...100 {
            let term = sign * exp(-2 * Double(j * j) * lambda * lambda)
            sum += term
            if abs(term) < 1e-12 * abs(sum) { break }
            sign = -sign
        }
        return min(max(2 * sum, 0), 1)
    }
}
