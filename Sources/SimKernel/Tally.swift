/// Count, mean, variance, minimum and maximum of a stream of observations, in O(1) memory
/// (Welford's online algorithm, numerically stable for long runs).
///
/// ```swift
/// var waits = Tally()
/// waits.add(3.5)
/// waits.mean   // 3.5
/// ```
/// - Complexity: `add` is O(1).
public struct Tally: Sendable, Equatable {
    @usableFromInline var _count: Int = 0
    public var count: Int { _count }
    @usableFromInline var _mean: Double = 0
    public var mean: Double { _mean }
    @usableFromInline var m2: Double = 0
    @usableFromInline var _min: Double = .infinity
    public var min: Double { _min }
    @usableFromInline var _max: Double = -.infinity
    public var max: Double { _max }

    public init() {}

    @inlinable
    public mutating func add(_ x: Double) {
        _count += 1
        let delta = x - mean
        _mean += delta / Double(count)
        m2 += delta * (x - mean)
        if x < min { _min = x }
        if x > max { _max = x }
    }

    /// The sample variance (n - 1 in the denominator); NaN with fewer than two observations.
    public var variance: Double { count > 1 ? m2 / Double(count - 1) : .nan }
    public var standardDeviation: Double { variance.squareRoot() }
    /// The mean, or NaN when nothing was observed.
    public var meanOrNaN: Double { count > 0 ? mean : .nan }
    public var sum: Double { mean * Double(count) }

    public mutating func reset() { self = Tally() }
}
