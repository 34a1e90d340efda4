import CGSL

/// One independent stream of uniform random numbers, backed by a GSL generator
/// (Mersenne Twister MT19937 by default), freed when the stream goes.
///
/// ```swift
/// let arrivals = RandomStream(seed: StreamSeed.derive(seed: 1, replication: 0, purpose: "arrivals"))
/// let u = arrivals.uniform()
/// ```
/// MT19937 in GSL takes a 32-bit seed, so the derived 64-bit seed is folded to 32 bits by xor of
/// its halves; the streams of one run are thus distinct with probability about 1 - k^2 / 2^33
/// for k streams.
public final class RandomStream {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>

    /// A stream seeded with `seed` (see `StreamSeed.derive`); an `antithetic` stream gives
    /// 1 - u (to within 2^-32) for every u the plain stream of the same seed gives.
    public init(seed: UInt64, antithetic: Bool = false) {
        GSL.quiet()
        guard let rng = gsl_rng_alloc(antithetic ? StreamSet.antitheticType : hospsim_rng_mt19937()) else {
            fatalError("GSL could not allocate a random number generator (out of memory)")
        }
        self.rng = rng
        Self.seed(rng, seed)
    }

    /// Seeds `rng` with the 64-bit `seed`, folded to MT19937's 32 bits.
    static func seed(_ rng: UnsafeMutablePointer<gsl_rng>, _ seed: UInt64) {
        let folded = (seed ^ (seed >> 32)) & 0xFFFF_FFFF
        // GSL's MT19937 maps the seed 0 to its default seed 4357; map it elsewhere so that
        // seeds 0 and 4357 give different streams.
        gsl_rng_set(rng, UInt(folded == 0 ? 0xFFFF_FFFF : folded))
    }

    /// The stream of `purpose` in replication `replication` of a run seeded `seed`.
    public convenience init(seed: UInt64, replication: Int, purpose: String) {
        self.init(seed: StreamSeed.derive(seed: seed, replication: replication, purpose: purpose))
    }

    deinit { gsl_rng_free(rng) }

    /// A uniform draw in [0, 1).
    @inlinable
    public func uniform() -> Double { gsl_rng_uniform(rng) }

    /// A uniform draw in (0, 1): never exactly zero, for logarithms.
    @inlinable
    public func uniformPositive() -> Double { gsl_rng_uniform_pos(rng) }

    /// An exponential draw with the given mean.
    @inlinable
    public func exponential(mean: Double) -> Double { gsl_ran_exponential(rng, mean) }
}
