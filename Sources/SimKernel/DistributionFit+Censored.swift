import CGSL
import Foundation

/// Maximum likelihood for durations as extracts record them (`DurationSample`): a value known to
/// a resolution contributes the probability of its interval, F(upper) - F(lower), and a censored
/// value the probability of lasting longer, 1 - F(value). Zeros and ties are then data: a whole
/// minute of 0 is the interval [0, 0.5), which every positive form gives a probability.
///
/// The likelihood has no closed-form maximum, so it is maximised by GSL's Nelder-Mead simplex
/// on unconstrained parameters (logarithms of the positive ones), started from the naive fit
/// of the values as if exact; the intervals come from the observed information as for exact
/// data. Goodness of fit: for intervals, the Kolmogorov-Smirnov distance at the intervals'
/// upper ends (a grouped test, conservative); for censored data, the largest distance from the
/// Kaplan-Meier curve, with no p-value (NaN): no KS distribution holds for it.
extension DistributionFit {
    /// Every form that applies to `sample`, best AIC first. Exact samples take the closed-form
    /// fits of `fitAll(_:)`.
    public static func fitAll(_ sample: DurationSample) -> [DistributionFit] {
        GSL.quiet()
        if sample.isExact { return fitAll(sample.exact) }
        let all = sample.asIfExact
        guard sample.count >= 2, let first = all.first, first >= 0, all.last! > first, all.allSatisfy(\.isFinite) else { return [] }
        return Form.allCases.compactMap { fit($0, sample) }.sorted { $0.aic < $1.aic }
    }

    /// The maximum-likelihood fit of `form` to a sample with intervals or censored values.
    public static func fit(_ form: Form, _ sample: DurationSample) -> DistributionFit? {
        GSL.quiet()
        let ll = { (theta: [Double]) in logLikelihood(form, theta, sample) }
        guard let start = startingPoint(form, sample) else { return nil }
        let toTheta = naturalParameters(form)
        guard let u = minimise({ -ll(toTheta($0)) }, from: start) else { return nil }
        let theta = toTheta(u)
        let l = ll(theta)
        guard l.isFinite, let distribution = distribution(form, theta) else { return nil }
        let (names, reported) = reporting(form)
        let values = reported(theta)
        let cdf = { (x: Double) in probability(form, theta, below: x) }
        let d: Double, p: Double
        if sample.censored.isEmpty {
            d = groupedKSStatistic(sample, cdf: cdf)
            p = ksPValue(d, n: sample.count)
        } else {
            d = kaplanMeierDistance(sample, cdf: cdf)
            p = .nan
        }
        var fit = DistributionFit(form: form, parameters: Array(zip(names, values)), intervals: intervals(theta, ll, reported),
                                  logLikelihood: l, aic: 2 * Double(form.parameterCount) - 2 * l, ksStatistic: d, ksP: p,
                                  distribution: distribution)
        fit.method = sample.censored.isEmpty ? .interval : .censored
        return fit
    }

    /// The log-likelihood of `sample` under `form` with natural parameters `theta`.
    static func logLikelihood(_ form: Form, _ theta: [Double], _ sample: DurationSample) -> Double {
        guard valid(form, theta) else { return -.infinity }
        var sum = 0.0
        for x in sample.exact { sum += logDensity(form, theta, x) }
        for c in sample.censored { sum += log(probability(form, theta, above: c)) }
        for g in sample.intervals {
            // The smaller of the two differences, for accuracy in either tail.
            let below = probability(form, theta, below: g.upper) - probability(form, theta, below: g.lower)
            let above = probability(form, theta, above: g.lower) - probability(form, theta, above: g.upper)
            sum += Double(g.count) * log(max(min(below, above), 0))
        }
        return sum.isNaN ? -.infinity : sum
    }

    static func valid(_ form: Form, _ p: [Double]) -> Bool {
        switch form {
        case .exponential: p[0] > 0 && p[0].isFinite
        case .normal, .lognormal: p[0].isFinite && p[1] > 0 && p[1].isFinite
        case .gamma, .weibull: p[0] > 0 && p[1] > 0 && p[0].isFinite && p[1].isFinite
        }
    }

    static func logDensity(_ form: Form, _ p: [Double], _ x: Double) -> Double {
        switch form {
        case .exponential: log(gsl_ran_exponential_pdf(x, p[0]))
        case .normal: log(gsl_ran_gaussian_pdf(x - p[0], p[1]))
        case .lognormal: log(gsl_ran_lognormal_pdf(x, p[0], p[1]))
        case .gamma: log(gsl_ran_gamma_pdf(x, p[0], p[1]))
        case .weibull: log(gsl_ran_weibull_pdf(x, p[1], p[0]))
        }
    }

    /// F(x) of `form` (the normal untruncated, as fitted).
    static func probability(_ form: Form, _ p: [Double], below x: Double) -> Double {
        switch form {
        case .exponential: gsl_cdf_exponential_P(x, p[0])
        case .normal: gsl_cdf_gaussian_P(x - p[0], p[1])
        case .lognormal: x > 0 ? gsl_cdf_lognormal_P(x, p[0], p[1]) : 0
        case .gamma: gsl_cdf_gamma_P(x, p[0], p[1])
        case .weibull: gsl_cdf_weibull_P(x, p[1], p[0])
        }
    }

    /// 1 - F(x), computed directly (exact far into the tail).
    static func probability(_ form: Form, _ p: [Double], above x: Double) -> Double {
        switch form {
        case .exponential: gsl_cdf_exponential_Q(x, p[0])
        case .normal: gsl_cdf_gaussian_Q(x - p[0], p[1])
        case .lognormal: x > 0 ? gsl_cdf_lognormal_Q(x, p[0], p[1]) : 1
        case .gamma: gsl_cdf_gamma_Q(x, p[0], p[1])
        case .weibull: gsl_cdf_weibull_Q(x, p[1], p[0])
        }
    }

    /// The map from the unconstrained search space to the natural parameters.
    static func naturalParameters(_ form: Form) -> ([Double]) -> [Double] {
        switch form {
        case .exponential: { [exp($0[0])] }
        case .normal, .lognormal: { [$0[0], exp($0[1])] }
        case .gamma, .weibull: { [exp($0[0]), exp($0[1])] }
        }
    }

    /// The naive fit's parameters (values as if exact, zeros moved to half the smallest positive
    /// value), in the search space.
    static func startingPoint(_ form: Form, _ sample: DurationSample) -> [Double]? {
        var x = sample.asIfExact
        guard let smallest = x.first(where: { $0 > 0 }) else { return nil }
        x = x.map { $0 > 0 ? $0 : smallest / 2 }
        guard let naive = fit(form, sorted: x) else { return nil }
        switch naive.distribution.kind {
        case .exponential(let mean): return [log(mean)]
        case .normal(let mean, let sd): return [mean, log(sd)]
        case .lognormal(let zeta, let sigma): return [zeta, log(sigma)]
        case .gamma(let shape, let scale), .weibull(let shape, let scale): return [log(shape), log(scale)]
        default: return nil
        }
    }

    /// The minimum of `f` near `start` by the Nelder-Mead simplex, restarted once from where it
    /// stopped (a simplex can stall short of the minimum).
    static func minimise(_ f: ([Double]) -> Double, from start: [Double]) -> [Double]? {
        var point = start
        for _ in 0..<2 {
            guard let next = simplex(f, from: point) else { return nil }
            point = next
        }
        return f(point).isFinite ? point : nil
    }

    private static func simplex(_ f: ([Double]) -> Double, from start: [Double]) -> [Double]? {
        let n = start.count
        return withoutActuallyEscaping(f) { f in
            var box = f
            return withUnsafeMutablePointer(to: &box) { pointer -> [Double]? in
                var function = gsl_multimin_function(f: { v, params in
                    let size = Int(v!.pointee.size)
                    let u = (0..<size).map { gsl_vector_get(v, $0) }
                    let value = params!.assumingMemoryBound(to: (([Double]) -> Double).self).pointee(u)
                    return value.isFinite ? value : .greatestFiniteMagnitude
                }, n: n, params: UnsafeMutableRawPointer(pointer))
                guard let minimiser = gsl_multimin_fminimizer_alloc(hospsim_multimin_nmsimplex2(), n),
                      let x = gsl_vector_alloc(n), let step = gsl_vector_alloc(n) else { return nil }
                defer {
                    gsl_multimin_fminimizer_free(minimiser)
                    gsl_vector_free(x)
                    gsl_vector_free(step)
                }
                for i in 0..<n {
                    gsl_vector_set(x, i, start[i])
                    gsl_vector_set(step, i, 0.1)
                }
                guard gsl_multimin_fminimizer_set(minimiser, &function, x, step) == GSL_SUCCESS else { return nil }
                for _ in 0..<5000 {
                    guard gsl_multimin_fminimizer_iterate(minimiser) == GSL_SUCCESS else { break }
                    if gsl_multimin_test_size(gsl_multimin_fminimizer_size(minimiser), 1e-10) == GSL_SUCCESS { break }
                }
                let best = gsl_multimin_fminimizer_x(minimiser)
                return (0..<n).map { gsl_vector_get(best, $0) }
            }
        }
    }

    /// The largest distance between the sample's distribution function and `cdf` where the
    /// sample's is known: at each interval's upper end, and at each exact value.
    static func groupedKSStatistic(_ sample: DurationSample, cdf: (Double) -> Double) -> Double {
        var ends = sample.intervals.map { ($0.upper, $0.count) } + sample.exact.map { ($0, 1) }
        ends.sort { $0.0 < $1.0 }
        let n = Double(sample.count)
        var seen = 0, d = 0.0
        for (x, count) in ends {
            let before = Double(seen) / n
            seen += count
            let f = cdf(x)
            d = max(d, abs(Double(seen) / n - f))
            // An exact value is a jump: the distribution function just below it counts too.
            if sample.resolution == nil { d = max(d, abs(before - f)) }
        }
        return d
    }

    /// The largest distance between the Kaplan-Meier estimate of 1 - S and `cdf`, on either side
    /// of each step.
    static func kaplanMeierDistance(_ sample: DurationSample, cdf: (Double) -> Double) -> Double {
        let km = sample.kaplanMeier
        var previous = 1.0, d = 0.0
        for step in km.steps {
            let f = cdf(step.time)
            d = max(d, abs(1 - step.survival - f), abs(1 - previous - f))
            previous = step.survival
        }
        return d
    }
}

extension DurationSample {
    /// The Kaplan-Meier curve of the sample, intervals at their midpoints.
    public var kaplanMeier: KaplanMeier {
        var values = exact + censored
        var flags = Array(repeating: false, count: exact.count) + Array(repeating: true, count: censored.count)
        for g in intervals {
            values += repeatElement((g.lower + g.upper) / 2, count: g.count)
            flags += repeatElement(false, count: g.count)
        }
        return KaplanMeier(durations: values, censored: flags)
    }
}
