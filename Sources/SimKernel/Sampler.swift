import CGSL
import Foundation

/// A distribution made ready for an event loop: a plain value that holds no reference, so that
/// sampling it counts no references and it can be read by any number of threads at once.
///
/// ```swift
/// let service = try Distribution.exponential(mean: 5)
/// let sampler = service.sampler          // valid while `service` lives
/// let streams = StreamSet(seed: 1, replication: 0, purposes: ["service"])
/// let x = sampler.sample(streams[0])
/// ```
/// A sampler of an empirical distribution points into the distribution's table: keep the
/// `Distribution` alive as long as the sampler is used (a compiled model keeps both).
public struct Sampler: @unchecked Sendable {
    @usableFromInline let kind: Distribution.Kind

    @usableFromInline init(_ kind: Distribution.Kind) { self.kind = kind }

    /// Uniform draws in [0, 1), for branches: `gsl_ran_flat` on [0, 1) returns the generator's
    /// uniform as it is.
    public static let uniform01 = Sampler(.uniform(min: 0, max: 1))

    /// One draw from the generator `rng`.
    /// - Complexity: O(1); the normal is truncated at zero by resampling (at most two draws on
    ///   average, since its mean must be positive).
    @inlinable
    public func sample(_ rng: UnsafeMutablePointer<gsl_rng>) -> Double {
        switch kind {
        case .exponential(let mean): return gsl_ran_exponential(rng, mean)
        case .deterministic(let value): return value
        case .uniform(let lo, let hi): return lo == hi ? lo : gsl_ran_flat(rng, lo, hi)
        case .triangular(let lo, let mode, let hi):
            // Inversion of the triangular CDF.
            let u = gsl_rng_uniform(rng)
            let span = hi - lo
            if u * span < mode - lo { return lo + (u * span * (mode - lo)).squareRoot() }
            return hi - ((1 - u) * span * (hi - mode)).squareRoot()
        case .normal(let mean, let sd):
            while true {
                let x = mean + gsl_ran_gaussian(rng, sd)
                if x >= 0 { return x }
            }
        case .lognormal(let zeta, let sigma): return sigma == 0 ? exp(zeta) : gsl_ran_lognormal(rng, zeta, sigma)
        case .gamma(let shape, let scale): return gsl_ran_gamma(rng, shape, scale)
        case .weibull(let shape, let scale): return gsl_ran_weibull(rng, scale, shape)
        case .empirical(let ref): return ref.table.valueStorage[gsl_ran_discrete(rng, ref.table.table)]
        case .continuousEmpirical(let ref): return ref.table.quantile(gsl_rng_uniform(rng))
        }
    }
}

extension Distribution {
    /// This distribution as a `Sampler` (see there for its lifetime).
    public var sampler: Sampler { Sampler(kind) }
}
