import SimKernel

/// A replication's quantile buckets for one per-patient measure (a class's waits, times to
/// treatment, times in system), counted in place: the buckets of `QuantileSketch` (its bucket
/// expression, at its default resolution), handed over as one sketch at the end (`sketch`).
/// Values within the window are put in their buckets by `BucketIndex`'s table, filled in for the
/// window's range when the window is made or grown; others by the expression itself.
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
    /// The sketch's bucket expression as a table. Kept here rather than read from the global,
    /// which would be checked for initialisation at every value.
    private let index = BucketIndex.standard
    /// Buckets either side of a window's first value (each a factor of about 1.01): the first
    /// window spans a factor of about 28,000 and seldom grows.
    private static let reach = 512

    /// The values looked up in `index`: factors of 2 of it that values have fallen in (and
    /// those between), within the window. Empty until the first positive value.
    private var fastLow = Double.infinity
    private var fastHigh = -Double.infinity
    /// The values whose buckets are in the window.
    private var windowLow = Double.infinity
    private var windowHigh = -Double.infinity

    @inline(__always)
    mutating func add(_ x: Double) {
        guard x > Self.zeroThreshold else {
            zeros &+= 1
            return
        }
        guard x >= fastLow, x < fastHigh else { return countOutside(x) }
        counts.unsafelyUnwrapped[index.bucket(ofFilled: x) &- first] &+= 1
    }

    /// Counts `x`, which is outside the values looked up in the table (or the first positive
    /// value): by the bucket expression, growing the window to take it when it must. Then the
    /// looked-up values take in x's factor of 2 (filled in, once per process), unless it is
    /// beyond the table.
    private mutating func countOutside(_ x: Double) {
        let k = QuantileSketch.bucket(of: x, logGamma: index.logGamma)
        if let counts, k >= first, k < first + capacity {
            counts[k - first] += 1
        } else {
            grow(toCount: k)
            windowLow = index.start(of: first)
            windowHigh = index.start(of: first + capacity)
        }
        // Beyond the table the values stay with the expression.
        guard x >= index.low, x < index.high else { return }
        let binade = Double(bitPattern: x.bitPattern & 0xFFF0_0000_0000_0000)
        (fastLow, fastHigh) = index.fill(from: max(min(fastLow, binade), windowLow), to: min(max(fastHigh, 2 * binade), windowHigh))
    }

    /// Grows the window to take bucket `k`, and counts it.
    private mutating func grow(toCount k: Int) {
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
