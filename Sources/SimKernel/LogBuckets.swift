import Foundation

/// `QuantileSketch`'s bucket of a value, `QuantileSketch.bucket(of:logGamma:)`, found without
/// calling `log` or dividing in all but a few values in ten million, and always the same number.
///
/// The logarithm is taken from the value's binary exponent, a 128-entry table of logarithms
/// for the first seven bits of its mantissa, and four terms of log(1 + r) for the rest
/// (|r| < 1/128, so the terms left out are below 6e-12). Divided by log(gamma), that is within
/// 1e-9 of the quotient the expression computes; when it lies within 1e-7 of a whole number,
/// where the two could round to different buckets, the expression itself is evaluated. For a
/// model's three quantile counts per patient the logarithm and the division were 7% of its time.
///
/// ```swift
/// let buckets = LogBuckets(relativeError: 0.005)
/// buckets.bucket(of: 12.5) == QuantileSketch.bucket(of: 12.5, logGamma: buckets.logGamma)   // true
/// ```
public struct LogBuckets: @unchecked Sendable {  // the table it points to is never written after it is made
    public let logGamma: Double
    @usableFromInline let inverse: Double
    /// log(c) and 1 / c for c = 1 + j / 128, j = 0 ..< 128, interleaved.
    @usableFromInline let table: UnsafePointer<Double>

    // Written once, when first used, and only read after.
    private nonisolated(unsafe) static let shared: UnsafePointer<Double> = {
        let t = UnsafeMutablePointer<Double>.allocate(capacity: 256)
        for j in 0..<128 {
            let c = 1 + Double(j) / 128
            t[2 * j] = log(c)
            t[2 * j + 1] = 1 / c
        }
        return UnsafePointer(t)
    }()

    public init(relativeError: Double) {
        logGamma = QuantileSketch.logGamma(relativeError: relativeError)
        inverse = 1 / logGamma
        table = Self.shared
    }

    /// Quotients are shifted by this before their whole part is taken, so that truncation is the
    /// floor; its spacing of doubles (2.3e-10) is far finer than the margin.
    @usableFromInline static let shift = 1_048_576.0
    @usableFromInline static let margin = 1e-7

    /// The bucket of `x`, a value above the zero threshold.
    @inlinable
    public func bucket(of x: Double) -> Int {
        let bits = x.bitPattern
        let biased = Int(truncatingIfNeeded: bits >> 52) & 0x7FF
        let j = Int(truncatingIfNeeded: bits >> 45) & 0x7F
        let m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        let r = m * table[2 &* j &+ 1] - 1
        let log1p = r * (1 - r * (0.5 - r * (1.0 / 3 - r * 0.25)))
        let logX = Double(biased &- 1023) * 0.693_147_180_559_945_3 + table[2 &* j] + log1p
        let shifted = logX * inverse + Self.shift
        // Subnormal or infinite values, quotients out of the shifted range, and quotients
        // next to a whole number go to the expression.
        guard biased != 0, biased != 0x7FF, shifted > 1, shifted < 0x1p52 else { return exactBucket(of: x) }
        let whole = Int(shifted)
        let fraction = shifted - Double(whole)
        guard fraction > Self.margin, fraction < 1 - Self.margin else { return exactBucket(of: x) }
        return whole &- Int(Self.shift) &+ 1
    }

    @usableFromInline
    func exactBucket(of x: Double) -> Int { QuantileSketch.bucket(of: x, logGamma: logGamma) }
}
