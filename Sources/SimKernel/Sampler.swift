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

    /// A draw as a transform of one unit variate that a caller may make ahead, in order, when
    /// every draw on the generator has the same unit variate: the numbers are then those of
    /// `sample`, bit for bit. Nil for the other distributions (and for draws that take nothing).
    public var batched: Batched? {
        switch kind {
        case .exponential(let mean): return .exponential(mean: mean)
        case .lognormal(let zeta, let sigma) where sigma != 0: return .lognormal(zeta: zeta, sigma: sigma)
        default: return nil
        }
    }

    /// Whether a draw takes nothing from the generator (a fixed value).
    public var drawsNothing: Bool {
        switch kind {
        case .deterministic: return true
        case .lognormal(_, let sigma): return sigma == 0
        default: return false
        }
    }

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

extension Sampler {
    /// The forms of `Sampler.batched`.
    public enum Batched: Sendable, Equatable {
        /// `mean` times a unit exponential (`Unit.exponential`), as `gsl_ran_exponential`.
        case exponential(mean: Double)
        /// `exp(sigma * n + zeta)` of a standard normal n made by the polar method
        /// (`Unit.polarNormal`), as `gsl_ran_lognormal`.
        case lognormal(zeta: Double, sigma: Double)

        /// The unit variate this form transforms.
        public var unit: Unit {
            switch self {
            case .exponential: .exponential
            case .lognormal: .polarNormal
            }
        }

        /// The draw made from the unit variate `x`.
        @inlinable
        public func value(_ x: Double) -> Double {
            switch self {
            case .exponential(let mean): mean * x
            case .lognormal(let zeta, let sigma): exp(sigma * x + zeta)
            }
        }
    }

    /// A unit variate that batched draws transform.
    public enum Unit: UInt8, Sendable {
        case exponential, polarNormal

        /// One unit variate from `rng`, taking the uniforms GSL's sampler would take, in the
        /// same arithmetic, so the transform gives GSL's number exactly.
        @inlinable
        public func draw(_ rng: UnsafeMutablePointer<gsl_rng>) -> Double {
            var uniforms = Uniforms(rng)
            return draw(&uniforms)
        }

        /// As `draw(_:)`, from a generator's uniforms.
        @inlinable
        public func draw(_ uniforms: inout Uniforms) -> Double {
            switch self {
            case .exponential:
                return -log1p(-uniforms.next())
            case .polarNormal:
                // A point uniform in the unit disc (rejecting the square's corners and the
                // centre); its first coordinate scaled is normal. The second normal is dropped,
                // as GSL drops it.
                while true {
                    let x = -1 + 2 * uniforms.next()
                    let y = -1 + 2 * uniforms.next()
                    let r2 = x * x + y * y
                    if r2 <= 1, r2 != 0 { return x * (-2 * log(r2) / r2).squareRoot() }
                }
            }
        }
    }
}
