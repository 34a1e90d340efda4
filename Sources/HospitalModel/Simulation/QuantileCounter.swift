import SimKernel

/// A replication's quantile buckets for one per-patient measure (a class's waits, times to
/// treatment, times in system), counted in place: the buckets of `QuantileSketch` (its bucket
/// expression, at its default resolution), handed over as one sketch at the end (`sketch`).
///
/// A sketch's `add` is a call that checks its array for copy-on-write and grows the array at
/// either end. Here the counts live in a window of buckets at a fixed address, grown (rarely)
/// when a value falls outside it, and the buckets in use are found once, when the sketch is
/// made: the M/M/c model runs 2-3% faster. The window's memory belongs to the replication and is
/// freed with it (`free`).
///
/// ```swift
/// var waits = QuantileCounter()
/// waits.add(0.25)
/// waits.sketch().quantile(0.9)   // what QuantileSketch().add(0.25) would say
/// waits.free()
/// ```
struct QuantileCounter {
    /// Counts of buckets `first ..< first + capacity`; nil before the first positive value.
    private var counts: UnsafeMutablePointer<Int>?
    private var first = 0
    private var capacity = 0
    private var zeros = 0
    /// The resolution of every counter: `QuantileSketch`'s default, which the sketches made
    /// from counters are merged with.
    static let relativeError = QuantileSketch.standardRelativeError
    static let zeroThreshold = QuantileSketch.standardZeroThreshold
    /// Kept here rather than read from a global, which would be checked for initialisation at
    /// every value.
    private let logGamma = QuantileSketch.logGamma(relativeError: relativeError)
    /// Buckets either side of a window's first value (each a factor of about 1.01): the first
    /// window spans a factor of about 28,000 and seldom grows.
    private static let reach = 512

    @inline(__always)
    mutating func add(_ x: Double) {
        guard x > Self.zeroThreshold else {
            zeros &+= 1
            return
        }
        let k = QuantileSketch.bucket(of: x, logGamma: logGamma)
        let i = k &- first
        guard let counts, UInt(bitPattern: i) < UInt(bitPattern: capacity) else { return countOutside(k) }
        counts[i] &+= 1
    }

    /// Counts bucket `k`, outside the window (or the first positive value's): the window grows
    /// to take it, keeping its counts.
    private mutating func countOutside(_ k: Int) {
        let low = counts == nil ? k - Self.reach : min(first, k - Self.reach)
        let high = counts == nil ? k + Self.reach : max(first + capacity, k + Self.reach)
        let grown = UnsafeMutablePointer<Int>.allocate(capacity: high - low)
        grown.initialize(repeating: 0, count: high - low)
        if let counts {
            (grown + (first - low)).update(from: counts, count: capacity)
            counts.deallocate()
        }
        counts = grown
        first = low
        capacity = high - low
        grown[k - low] += 1
    }

    /// The observations as a sketch: equal, bucket for bucket, to one that had every value
    /// added to it in turn.
    func sketch() -> QuantileSketch {
        guard let counts else {
            return QuantileSketch(relativeError: Self.relativeError, zeroThreshold: Self.zeroThreshold, zeroCount: zeros, offset: 0, counts: [])
        }
        var low = 0, high = capacity - 1
        while low < capacity && counts[low] == 0 { low += 1 }
        while high > low && counts[high] == 0 { high -= 1 }
        return QuantileSketch(relativeError: Self.relativeError, zeroThreshold: Self.zeroThreshold, zeroCount: zeros,
                              offset: first + low, counts: Array(UnsafeBufferPointer(start: counts + low, count: high - low + 1)))
    }

    /// Gives back the window's memory; the counter is empty afterwards.
    mutating func free() {
        counts?.deallocate()
        self = QuantileCounter()
    }
}
