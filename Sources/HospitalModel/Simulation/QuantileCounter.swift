import SimKernel

/// A replication's quantile buckets for one per-patient measure (a class's waits, times to
/// treatment, times in system): the same buckets as `QuantileSketch` (its bucket expression, at
/// its default resolution), handed over as one at the end (`sketch`).
///
/// Three sketch adds per patient were 13% of the M/M/c model's time, mostly the bucket's
/// logarithm: a long chain of dependent arithmetic in the middle of each patient's departure.
/// Here a value is only stored; every 256 values the buckets are found together
/// (`LogBuckets`, the same numbers without a logarithm call), in a loop whose values do not
/// wait for each other, and counted in a window of buckets at a fixed address, grown (rarely)
/// when a value falls outside it. The memory belongs to the replication and is freed with it
/// (`free`).
///
/// ```swift
/// var waits = QuantileCounter()
/// waits.add(0.25)
/// waits.sketch().quantile(0.9)   // what QuantileSketch().add(0.25) would say
/// waits.free()
/// ```
struct QuantileCounter {
    /// Values not yet counted.
    private var pending: UnsafeMutablePointer<Double>?
    private var pendingCount = 0
    private var pendingCapacity = 0
    /// Counts of buckets `first ..< first + capacity`; nil before the first positive value.
    private var counts: UnsafeMutablePointer<Int>?
    private var first = 0
    private var capacity = 0
    private var zeros = 0
    /// The resolution of every counter: `QuantileSketch`'s default, which the sketches made
    /// from counters are merged with.
    static let relativeError = 0.005
    static let zeroThreshold = 1e-9
    /// Kept here rather than read from a global, which would be checked for initialisation at
    /// every value.
    private let buckets = LogBuckets(relativeError: relativeError)
    private static let batch = 256
    /// Buckets either side of a window's first value (each a factor of about 1.01): the first
    /// window spans a factor of about 28,000 and seldom grows.
    private static let reach = 512

    @inline(__always)
    mutating func add(_ x: Double) {
        if pendingCount == pendingCapacity { countPending() }
        pending.unsafelyUnwrapped[pendingCount] = x
        pendingCount &+= 1
    }

    /// Counts the values stored so far (making the store on first use).
    private mutating func countPending() {
        guard let pending else {
            pending = .allocate(capacity: Self.batch)
            pendingCapacity = Self.batch
            return
        }
        // Zeros first, without a branch (a third of the waits of a busy station are zero, in
        // no pattern a predictor could follow): the positive values move to the front.
        var positive = 0
        for i in 0..<pendingCount {
            let x = pending[i]
            pending[positive] = x
            positive &+= x > Self.zeroThreshold ? 1 : 0
        }
        zeros &+= pendingCount &- positive
        // The window in locals: stores into the counts cannot then make the loop reload it.
        var window = counts, low = first, size = capacity
        for i in 0..<positive {
            let k = buckets.bucket(of: pending[i])
            let j = k &- low
            if let window, UInt(bitPattern: j) < UInt(bitPattern: size) {
                window[j] &+= 1
            } else {
                countOutside(k)
                (window, low, size) = (counts, first, capacity)
            }
        }
        pendingCount = 0
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
    mutating func sketch() -> QuantileSketch {
        countPending()
        guard let counts else {
            return QuantileSketch(relativeError: Self.relativeError, zeroThreshold: Self.zeroThreshold, zeroCount: zeros, offset: 0, counts: [])
        }
        var low = 0, high = capacity - 1
        while low < capacity && counts[low] == 0 { low += 1 }
        while high > low && counts[high] == 0 { high -= 1 }
        return QuantileSketch(relativeError: Self.relativeError, zeroThreshold: Self.zeroThreshold, zeroCount: zeros,
                              offset: first + low, counts: Array(UnsafeBufferPointer(start: counts + low, count: high - low + 1)))
    }

    /// Gives back the memory; the counter is empty afterwards.
    mutating func free() {
        pending?.deallocate()
        counts?.deallocate()
        self = QuantileCounter()
    }
}
