/// Deterministic derivation of random-stream seeds.
///
/// Every stream's seed is a pure function of (scenario seed, replication index, purpose name),
/// so adding a stream never shifts the numbers of the others, and a replication's numbers do not
/// depend on which thread or shard runs it. Swift's `hashValue` is never used: it is randomised
/// per process.
///
/// The mixing function, documented because results depend on it:
/// ```
/// h = fnv1a64(purpose)
/// s = splitmix64(seed ^ splitmix64(replication ^ splitmix64(h)))
/// ```
public enum StreamSeed {
    /// SplitMix64 finaliser (Steele, Lea and Flood 2014): a bijection on 64-bit words with
    /// good avalanche, so nearby inputs give unrelated outputs.
    @inlinable
    public static func splitMix64(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 64-bit FNV-1a over the UTF-8 bytes of `text`: stable across processes and platforms.
    public static func fnv1a64(_ text: String) -> UInt64 { fnv1a64(bytes: text.utf8) }

    /// 64-bit FNV-1a over `bytes`.
    public static func fnv1a64(bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The seed of the stream named `purpose` in replication `replication` of a run seeded `seed`.
    public static func derive(seed: UInt64, replication: Int, purpose: String) -> UInt64 {
        let h = splitMix64(fnv1a64(purpose))
        let r = splitMix64(UInt64(truncatingIfNeeded: replication) ^ h)
        return splitMix64(seed ^ r)
    }
}
