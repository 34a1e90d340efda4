/// The time-weighted average of a piecewise-constant quantity (a queue length, a number of busy
/// units), optionally split by hour of day.
///
/// ```swift
/// var queue = TimeAverage(value: 0, at: 0)
/// queue.update(to: 2, at: 1.5)
/// queue.mean(at: 3)   // (0 * 1.5 + 2 * 1.5) / 3 = 1
/// ```
/// - Complexity: `update` is O(1), plus one step per hour boundary crossed when split by hour.
public struct TimeAverage: Sendable {
    @usableFromInline var _value: Double
    public var value: Double { _value }
    @usableFromInline var lastTime: Double
    @usableFromInline var startTime: Double
    @usableFromInline var area: Double = 0
    /// Length of an hour in model time units, or 0 when not split by hour.
    @usableFromInline let hourLength: Double
    /// Hours in the cycle the bins repeat over: 24 (hour of day) or 168 (hour of week).
    @usableFromInline let cycle: Int
    /// The integral of the quantity within each hour of the day. The time spent in each hour
    /// needs no accumulating: it follows from the window (see `exposure`).
    ///
    /// Stored inline (168 bins, whatever the cycle), not in an array: an array's copy-on-write
    /// check was a quarter of every update's time.
    @usableFromInline var hourArea = InlineArray<168, Double>(repeating: 0)
    /// The bins in use: `cycle`, or 0 when not split by hour.
    @usableFromInline let binCount: Int
    /// The hour-of-day bin of `lastTime` and the time that bin ends: updates within the same
    /// hour (most of them) need no division.
    @usableFromInline var bin = 0
    @usableFromInline var binEnd = -Double.infinity

    /// - Parameters:
    ///   - hourLength: the length of one hour in model time units (60 when time is in minutes)
    ///     to also keep 24 hour-of-day averages; nil for the overall average only.
    ///   - cycle: 24, or 168 to keep an average per hour of the week (for windows of some days).
    public init(value: Double, at time: Double, hourLength: Double? = nil, cycle: Int = 24) {
        self._value = value
        self.lastTime = time
        self.startTime = time
        self.hourLength = hourLength ?? 0
        self.cycle = cycle
        precondition(cycle == 24 || cycle == 168, "hour bins repeat every day or every week")
        binCount = hourLength == nil ? 0 : cycle
        if let hourLength { locateBin(at: time, hourLength: hourLength) }
    }

    @usableFromInline
    mutating func locateBin(at time: Double, hourLength: Double) {
        var hour = (time / hourLength).roundedDownInline
        if (hour + 1) * hourLength <= time { hour += 1 }
        bin = HourCycle.index(ofHour: Int(hour), in: cycle)
        binEnd = (hour + 1) * hourLength
    }

    /// The quantity changes to `newValue` at `time` (not before the previous update).
    @inlinable @inline(__always)
    public mutating func update(to newValue: Double, at time: Double) {
        accumulate(until: time)
        _value = newValue
    }

    /// Adds `delta` to the quantity at `time`.
    @inlinable
    public mutating func add(_ delta: Double, at time: Double) {
        update(to: value + delta, at: time)
    }

    @inlinable
    mutating func accumulate(until time: Double) {
        let span = time - lastTime
        guard span > 0 else { return }
        area += value * span
        if hourLength > 0 {
            if time <= binEnd {
                hourArea[bin] += value * span
            } else {
                accumulateByHour(from: lastTime, to: time)
                locateBin(at: time, hourLength: hourLength)
            }
        }
        lastTime = time
    }

    @usableFromInline
    mutating func accumulateByHour(from start: Double, to end: Double) {
        var t = start
        var hour = (t / hourLength).roundedDownInline
        while t < end {
            var boundary = (hour + 1) * hourLength
            if boundary <= t {  // rounding put t on the boundary
                hour += 1
                boundary = (hour + 1) * hourLength
            }
            let segmentEnd = Swift.min(end, boundary)
            let bin = HourCycle.index(ofHour: Int(hour), in: cycle)
            hourArea[bin] += value * (segmentEnd - t)
            t = segmentEnd
            hour += 1
        }
    }

    /// Forgets the past: statistics start again at `time` with the current value (end of warm-up).
    public mutating func restart(at time: Double) {
        accumulate(until: time)
        area = 0
        startTime = time
        lastTime = time
        for i in 0..<binCount { hourArea[i] = 0 }
    }

    /// The time average from the start (or the last restart) to `time`; NaN over an empty span.
    public func mean(at time: Double) -> Double {
        var copy = self
        copy.accumulate(until: time)
        let span = time - startTime
        return span > 0 ? copy.area / span : .nan
    }

    /// The integral of the quantity over time from the start (or last restart) to `time`.
    public func integral(at time: Double) -> Double {
        var copy = self
        copy.accumulate(until: time)
        return copy.area
    }

    /// The 24 hour-of-day averages up to `time` (entry h covers [h:00, h+1:00) of every day);
    /// empty when not split by hour, NaN for an hour never observed.
    public func hourlyMeans(at time: Double) -> [Double] {
        guard binCount > 0 else { return [] }
        var copy = self
        copy.accumulate(until: time)
        return (0..<24).map { (h: Int) -> Double in
            var area = 0.0, seen = 0.0
            for b in stride(from: h, to: cycle, by: 24) {
                area += copy.hourArea[b]
                seen += exposure(bin: b, until: time) - exposure(bin: b, until: startTime)
            }
            return seen > 0 ? area / seen : .nan
        }
    }

    /// The integral and the time spent within the given hour bins (of the cycle), from the
    /// start (or last restart) to `time`: for averages over a window of hours.
    public func over(bins: [Int], at time: Double) -> (integral: Double, exposure: Double) {
        var copy = self
        copy.accumulate(until: time)
        var integral = 0.0, exposure = 0.0
        for b in bins where b < copy.binCount {
            integral += copy.hourArea[b]
            exposure += self.exposure(bin: b, until: time) - self.exposure(bin: b, until: startTime)
        }
        return (integral, exposure)
    }

    /// Time spent in hour bin `b` of the cycle between time 0 and `t`: whole cycles, plus the
    /// part of bin `b` in the last, partial one.
    func exposure(bin b: Int, until t: Double) -> Double {
        let period = Double(cycle) * hourLength
        let periods = (t / period).rounded(.down)
        let into = t - periods * period
        return periods * hourLength + Swift.min(Swift.max(into - Double(b) * hourLength, 0), hourLength)
    }
}
