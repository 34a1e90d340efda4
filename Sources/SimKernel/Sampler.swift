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
    @usableFromInline
    enum Kind {
        case exponential(mean: Double)
        case deterministic(value: Double)
        case uniform(min: Double, max: Double)
        case triangular(min: Double, mode: Double, max: Double)
        case normal(mean: Double, sd: Double)
        case lognormal(zeta: Double, sigma: Double)
        case gamma(shape: Double, scale: Double)
        case weibull(shape: Double, scale: Double)
        case empirical(table: UnsafeMutablePointer<gsl_ran_discrete_t>, values: UnsafeMutablePointer<Double>)
        /// A uniform draw in [0, 1), for branches.
        case unit
    }

    @usableFromInline let kind: Kind

    @usableFromInline init(_ kind: Kind) { self.kind = kind }

    /// Uniform draws in [0, 1).
    public static let uniform01 = Sampler(.unit)

    /// One draw from the generator `rng`, as `Distribution.sample` would draw from its stream.
    /// - Complexity: O(1).
    @inlinable
    public func sample(_ rng: UnsafeMutablePointer<gsl_rng>) -> Double {
        switch kind {
        case .exponential(let mean): return gsl_ran_exponential(rng, mean)
        case .deterministic(let value): return value
        case .uniform(let lo, let hi): return lo == hi ? lo : gsl_ran_flat(rng, lo, hi)
        case .triangular(let lo, let mode, let hi):
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
        case .empirical(let table, let values): return values[gsl_ran_discrete(rng, table)]
        case .unit: return gsl_rng_uniform(rng)
        }
    }
}

extension Distribution {
    /// This distribution as a `Sampler` (see there for its lifetime).
    public var sampler: Sampler {
        switch kind {
        case .exponential(let mean): Sampler(.exponential(mean: mean))
        case .deterministic(let value): Sampler(.deterministic(value: value))
        case .uniform(let lo, let hi): Sampler(.uniform(min: lo, max: hi))
        case .triangular(let lo, let mode, let hi): Sampler(.triangular(min: lo, mode: mode, max: hi))
        case .normal(let mean, let sd): Sampler(.normal(mean: mean, sd: sd))
        case .lognormal(let zeta, let sigma): Sampler(.lognormal(zeta: zeta, sigma: sigma))
        case .gamma(let shape, let scale): Sampler(.gamma(shape: shape, scale: scale))
        case .weibull(let shape, let scale): Sampler(.weibull(shape: shape, scale: scale))
        case .empirical(let table): Sampler(.empirical(table: table.table, values: table.valueStorage))
        }
    }
}

/// The random streams of one replication, one GSL generator per purpose, each seeded exactly as
/// `RandomStream(seed:replication:purpose:)` would be; freed with the set. The event loop reads
/// the generators by index through `subscript`, which counts no references.
public final class StreamSet {
    @usableFromInline let generators: UnsafeMutablePointer<UnsafeMutablePointer<gsl_rng>>
    public let count: Int

    public init(seed: UInt64, replication: Int, purposes: [String]) {
        hospsim_gsl_quiet()
        count = purposes.count
        generators = .allocate(capacity: max(purposes.count, 1))
        for (i, purpose) in purposes.enumerated() {
            guard let rng = gsl_rng_alloc(hospsim_rng_mt19937()) else {
                fatalError("GSL could not allocate a random number generator (out of memory)")
            }
            RandomStream.seed(rng, StreamSeed.derive(seed: seed, replication: replication, purpose: purpose))
            (generators + i).initialize(to: rng)
        }
    }

    deinit {
        for i in 0..<count { gsl_rng_free(generators[i]) }
        generators.deallocate()
    }

    /// The generator of purpose `index`.
    @inlinable
    public subscript(index: Int) -> UnsafeMutablePointer<gsl_rng> { generators[index] }

    /// The generators' table, for a loop that keeps it in a local.
    @inlinable
    public var table: UnsafeMutablePointer<UnsafeMutablePointer<gsl_rng>> { generators }
}
