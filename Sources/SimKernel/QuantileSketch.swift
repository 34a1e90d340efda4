import Foundation

/// Quantiles of a stream of non-negative observations in bounded memory, with a stated error.
///
/// Observations fall into logarithmic buckets (bucket k holds (gamma^(k-1), gamma^k] with
/// gamma = (1 + a) / (1 - a)), and a quantile is answered with its bucket's representative
/// 2 gamma^k / (gamma + 1). The answer is within a relative error `a` of the exact sample
/// quantile (the smallest observation x with at least a fraction p of the observations <= x).
/// Values below `zeroThreshold` are counted as zero. This is the bucketing of DDSketch
/// (Masson, Rim and Lee, 2019) without collapsing, since the range of waits is modest.
///
/// ```swift
/// var waits = QuantileSketch()           // relative error 0.5%
/// waits.add(12.0)
/// waits.quantile(0.9)
/// ```
/// Memory: one counter per bucket between the smallest and largest positive value seen, about
/// 230 buckets per factor of 10 at a = 0.5%: bounded by the value range, never by the count.
/// - Complexity: `add` is O(1) amortised; `quantile` is O(buckets).
public struct QuantileSketch: Sendable {
    public let relativeError: Double
    public let zeroThreshold: Double
    @usableFromInline let logGamma: Double
    @usableFromInline var zeroCount: Int = 0
    @usableFromInline var counts: ContiguousArray<Int> = []
    @usableFromInline var offset: Int = 0  // bucket index of counts[0]
    @usableFromInline var _count: Int = 0
    public var count: Int { _count }

    /// The resolution of a sketch made without one: 0.5%, and values up to 1e-9 counted as zero.
    public static let standardRelativeError = 0.005
    public static let standardZeroThreshold = 1e-9

    public init(relativeError: Double = standardRelativeError, zeroThreshold: Double = standardZeroThreshold) {
        precondition(relativeError > 0 && relativeError < 1)
        self.relativeError = relativeError
        self.zeroThreshold = zeroThreshold
        self.logGamma = Self.logGamma(relativeError: relativeError)
    }

    /// log(gamma), the width of a bucket on the log scale, for a relative error `a`.
    @inlinable
    public static func logGamma(relativeError a: Double) -> Double { log((1 + a) / (1 - a)) }

    /// The bucket of a value above the zero threshold, ceil(log(x) / log(gamma)): the one
    /// expression for it, shared with counters that keep the buckets elsewhere, so that their
    /// counts are the same numbers.
    @inlinable
    public static func bucket(of x: Double, logGamma: Double) -> Int { Int((log(x) / logGamma).rounded(.up)) }

    @inlinable
    public mutating func add(_ x: Double) {
        _count += 1
        guard x > zeroThreshold else {
            zeroCount += 1
            return
        }
        let k = Self.bucket(of: x, logGamma: logGamma)
        if counts.isEmpty {
            offset = k
            counts.append(0)
        } else if k < offset {
            counts.insert(contentsOf: repeatElement(0, count: offset - k), at: 0)
            offset = k
        } else if k - offset >= counts.count {
            counts.append(contentsOf: repeatElement(0, count: k - offset - counts.count + 1))
        }
        counts[k - offset] += 1
    }

    /// The p-quantile (0 <= p <= 1), NaN when empty.
    public func quantile(_ p: Double) -> Double {
        guard count > 0 else { return .nan }
        let rank = max(1, Int((p * Double(count)).rounded(.up)))  // 1-based nearest rank
        if rank <= zeroCount { return 0 }
        var seen = zeroCount
        for (i, c) in counts.enumerated() {
            seen += c
            if seen >= rank {
                let gamma = exp(logGamma)
                return 2 * exp(Double(i + offset) * logGamma) / (gamma + 1)
            }
        }
        return .nan
    }

    /// The fraction of observations at most `x` (within the bucket resolution), NaN when empty.
    public func fraction(atMost x: Double) -> Double {
        guard count > 0 else { return .nan }
        guard x > zeroThreshold else { return x >= 0 ? Double(zeroCount) / Double(count) : 0 }
        let k = Self.bucket(of: x, logGamma: logGamma)
        var seen = zeroCount
        for (i, c) in counts.enumerated() where i + offset <= k { seen += c }
        return Double(seen) / Double(count)
    }

    /// The largest value bucket `k` holds, gamma^k.
    public func upperBound(ofBucket k: Int) -> Double { exp(Double(k) * logGamma) }

    /// Adds `other`'s observations, as if they had been added here (same relative error).
    public mutating func merge(_ other: QuantileSketch) {
        precondition(other.logGamma == logGamma, "sketches of different resolutions")
        zeroCount += other.zeroCount
        _count += other._count
        guard !other.counts.isEmpty else { return }
        if counts.isEmpty {
            counts = other.counts
            offset = other.offset
            return
        }
        let low = min(offset, other.offset), high = max(offset + counts.count, other.offset + other.counts.count)
        if low < offset {
            counts.insert(contentsOf: repeatElement(0, count: offset - low), at: 0)
            offset = low
        }
        if high > offset + counts.count { counts.append(contentsOf: repeatElement(0, count: high - offset - counts.count)) }
        for (i, c) in other.counts.enumerated() { counts[other.offset - offset + i] += c }
    }

    /// The state as plain numbers (observations at zero, the first bucket's index, the bucket
    /// counts), to store a sketch and rebuild it with `init(relativeError:zeroCount:offset:counts:)`.
    public var buckets: (zeroCount: Int, offset: Int, counts: [Int]) { (zeroCount, offset, Array(counts)) }

    public init(relativeError: Double = standardRelativeError, zeroThreshold: Double = standardZeroThreshold,
                zeroCount: Int, offset: Int, counts: [Int]) {
        self.init(relativeError: relativeError, zeroThreshold: zeroThreshold)
        self.zeroCount = max(0, zeroCount)
        self.offset = offset
        self.counts = ContiguousArray(counts.map { max(0, $0) })
        self._count = self.zeroCount + self.counts.reduce(0, +)
    }

    public mutating func reset() {
        zeroCount = 0
        counts.removeAll(keepingCapacity: true)
        _count = 0
    }
}
