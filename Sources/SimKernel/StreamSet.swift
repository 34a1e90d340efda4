import CGSL
import Foundation

/// The random streams of one replication, one GSL generator per purpose, each seeded exactly as
/// `RandomStream(seed:replication:purpose:)` would be; freed with the set. The event loop reads
/// the generators by index through `subscript`, which counts no references.
public final class StreamSet {
    @usableFromInline let generators: UnsafeMutablePointer<UnsafeMutablePointer<gsl_rng>>
    public let count: Int

    /// - Parameter antithetic: drive every stream by the mirror image of its numbers (each
    ///   uniform u as 1 - u), for the second replication of an antithetic pair.
    public init(seed: UInt64, replication: Int, purposes: [String], antithetic: Bool = false) {
        GSL.quiet()
        count = purposes.count
        generators = .allocate(capacity: max(purposes.count, 1))
        let type = antithetic ? Self.antitheticType : hospsim_rng_mt19937()
        for (i, purpose) in purposes.enumerated() {
            guard let rng = gsl_rng_alloc(type) else {
                fatalError("GSL could not allocate a random number generator (out of memory)")
            }
            RandomStream.seed(rng, StreamSeed.derive(seed: seed, replication: replication, purpose: purpose))
            (generators + i).initialize(to: rng)
        }
    }

    /// Built once (Swift initialises a static let exactly once, whatever the threads).
    nonisolated(unsafe) static let antitheticType = hospsim_rng_mt19937_antithetic()

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
