import CGSL
import Foundation

extension Distribution {
    /// log P(X > x), accurate far into the upper tail: where P(X > x) is 1e-15 or 1e-300 or
    /// would underflow, this is still its logarithm to near machine precision (so a stay that
    /// has lasted months is still a stay with a future).
    public func logSurvival(_ x: Double) -> Double {
        switch kind {
        case .exponential(let mean): return x <= 0 ? 0 : -x / mean
        case .deterministic(let value): return x < value ? 0 : -.infinity
        case .uniform(let lo, let hi):
            if x < lo { return 0 }
            return x >= hi ? -.infinity : log((hi - x) / (hi - lo))
        case .triangular(let a, let c, let b):
            if x <= a { return 0 }
            if x >= b { return -.infinity }
            if x <= c { return log1p(-(x - a) * (x - a) / ((b - a) * (c - a))) }
            return 2 * log(b - x) - log((b - a) * (b - c))
        case .normal(let mean, let sd):
            if x <= 0 { return 0 }
            guard sd > 0 else { return x < mean ? 0 : -.infinity }
            return Self.logUpperGaussian((x - mean) / sd) - Self.logUpperGaussian(-mean / sd)
        case .lognormal(let zeta, let sigma):
            if x <= 0 { return 0 }
            guard sigma > 0 else { return x < exp(zeta) ? 0 : -.infinity }
            return Self.logUpperGaussian((log(x) - zeta) / sigma)
        case .gamma(let shape, let scale): return x <= 0 ? 0 : Self.logUpperGamma(shape, x / scale)
        case .weibull(let shape, let scale): return x <= 0 ? 0 : -pow(x / scale, shape)
        case .empirical(let ref): return log1p(-ref.table.cdf(x))
        case .continuousEmpirical(let ref): return ref.table.logSurvival(x)
        }
    }

    /// What is left of a duration that has already lasted `elapsed`, drawn by inversion from the
    /// distribution conditioned on X > elapsed with the uniform `u`: for a patient five days
    /// into a stay, the rest of a stay known to be longer than five days. Solved on the log
    /// survival function, log S(elapsed + r) = log S(elapsed) + log(1 - u), so it keeps its
    /// precision where S(elapsed) is 1e-15 or smaller. 0 when elapsed is at or past every value
    /// the distribution takes.
    public func residual(after elapsed: Double, u: Double) -> Double {
        guard elapsed > 0 else { return quantile(u) }
        let logLeft = log1p(-min(u, 1 - 0x1p-53))  // log(1 - u), finite
        switch kind {
        case .exponential(let mean): return -mean * logLeft
        case .deterministic(let value): return max(0, value - elapsed)
        case .uniform(let lo, let hi):
            guard elapsed < hi else { return 0 }
            let from = max(lo, elapsed)
            return from - elapsed + u * (hi - from)
        case .weibull(let shape, let scale):
            // S(x) = exp(-(x/scale)^shape) inverts in closed form.
            let z = pow(elapsed / scale, shape) - logLeft
            return max(0, scale * pow(z, 1 / shape) - elapsed)
        case .empirical(let ref):
            let f = ref.table.cdf(elapsed)
            guard f < 1 else { return 0 }
            return max(0, quantile(f + u * (1 - f)) - elapsed)
        case .continuousEmpirical(let ref):
            let table = ref.table
            let top = table.values[table.count - 1]
            // Past the last point only the exponential tail is left: memoryless.
            if elapsed >= top { return table.tailMean > 0 ? -table.tailMean * logLeft : 0 }
            let f = table.cdf(elapsed)
            return max(0, table.quantile(f + u * (1 - f)) - elapsed)
        case .normal, .lognormal, .gamma, .triangular:
            let start = logSurvival(elapsed)
            guard start > -.infinity else { return 0 }
            return max(0, solveLogSurvival(start + logLeft, above: elapsed) - elapsed)
        }
    }

    /// The x > `low` with log S(x) = `target` (< log S(low)), by Newton's method on log S
    /// (whose slope is minus the hazard) kept inside a bracket that bisection narrows when a
    /// step would leave it.
    func solveLogSurvival(_ target: Double, above low: Double) -> Double {
        var lo = low, hi = low
        // Widen until the target is bracketed; steps grow from the distribution's own scale.
        var step = max(mean, low * 1e-3, .leastNormalMagnitude)
        for _ in 0..<2_000 {
            hi = lo + step
            if !(logSurvival(hi) > target) { break }
            lo = hi
            step *= 2
        }
        var x = (lo + hi) / 2
        for _ in 0..<200 {
            let g = logSurvival(x) - target
            if g == 0 { return x }
            if g > 0 { lo = x } else { hi = x }
            let hazard = exp(logDensity(x) - logSurvival(x))
            var next = x + g / hazard
            if !(next > lo && next < hi) || !next.isFinite { next = (lo + hi) / 2 }
            if abs(next - x) <= 1e-15 * max(abs(x), 1e-300) || hi - lo <= 4 * hi.ulp { return next }
            x = next
        }
        return x
    }

    /// log f(x), for the hazard of the forms solved by `solveLogSurvival`.
    func logDensity(_ x: Double) -> Double {
        switch kind {
        case .normal(let mean, let sd):
            let z = (x - mean) / sd
            return -z * z / 2 - log(sd * (2 * Double.pi).squareRoot()) - Self.logUpperGaussian(-mean / sd)
        case .lognormal(let zeta, let sigma):
            let z = (log(x) - zeta) / sigma
            return -z * z / 2 - log(x * sigma * (2 * Double.pi).squareRoot())
        case .gamma(let shape, let scale):
            return (shape - 1) * log(x / scale) - x / scale - lgamma(shape) - log(scale)
        case .triangular(let a, let c, let b):
            let f = x <= c ? 2 * (x - a) / ((b - a) * (c - a)) : 2 * (b - x) / ((b - a) * (b - c))
            return log(f)
        default:
            let p = cdf(x)
            // A numerical derivative is enough for forms that are not solved this way.
            let h = max(abs(x) * 1e-6, 1e-9)
            return log(max((cdf(x + h) - p) / h, .leastNormalMagnitude))
        }
    }

    /// log P(Z > z) for a standard normal Z, from GSL's log erfc (exact where erfc underflows).
    static func logUpperGaussian(_ z: Double) -> Double {
        gsl_sf_log_erfc(z / 2.0.squareRoot()) - log(2.0)
    }

    /// log Q(a, x), the regularised upper incomplete gamma function: GSL's Q where it is
    /// comfortably above underflow, else the continued fraction for Γ(a, x) in logarithms.
    static func logUpperGamma(_ a: Double, _ x: Double) -> Double {
        if x < a + 1 { return log(gsl_sf_gamma_inc_Q(a, x)) }
        // Γ(a, x) = e^{-x} x^a / (x + 1 - a - 1(1 - a) / (x + 3 - a - 2(2 - a) / (x + 5 - a - ...))),
        // evaluated by the modified Lentz method; it converges quickly for x > a + 1.
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...500 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return -x + a * log(x) - lgamma(a) + log(h)
    }
}
