import SimKernel

/// Hour-by-hour measures of one resource over a repeating period of `hours` hours (a day or a
/// week from the run's Monday 00:00), after the warm-up: what staffing to demand reads. A
/// request belongs to the hour it was made in, whenever it is served.
///
/// Besides the service levels it keeps, per hour and class, how many patients were present at
/// the resource (holding a unit or waiting for one) at each request: the distribution the
/// iterative staffing algorithm sets the next staffing from.
public struct HourlyWatch: Sendable {
    public let resource: Int
    public let hours: Int
    public let classCount: Int
    let hourLength: Double
    let origin: Double
    /// The percentile of the waits to report per hour (0.9), or nil.
    public let quantile: Double?

    public private(set) var requests: [Int]
    /// Requests that found no unit free (they waited, or were blocked).
    public private(set) var delayed: [Int]
    public private(set) var served: [Int]
    public private(set) var waitSum: [Double]
    /// Requests of classes with a time-to-treatment target, and those served within it.
    public private(set) var targetCounted: [Int]
    public private(set) var targetMet: [Int]
    /// Per hour and class (index hour * classCount + class): how many requests found k
    /// patients present, at index k.
    public private(set) var present: [[Int]]
    /// The time integral of busy units, and the time observed, within each hour.
    public private(set) var busyArea: [Double]
    public private(set) var exposure: [Double]
    /// The chosen percentile of each hour's waits (NaN where none were served); set by `finish`.
    public private(set) var waitQuantile: [Double] = []
    var sketches: [QuantileSketch]
    var busy = 0.0
    var last: Double

    public init(resource: Int, hours: Int, hourLength: Double, origin: Double, classCount: Int, quantile: Double? = nil) {
        self.resource = resource
        self.hours = hours
        self.hourLength = hourLength
        self.origin = origin
        self.classCount = classCount
        self.quantile = quantile
        requests = Array(repeating: 0, count: hours)
        delayed = requests
        served = requests
        targetCounted = requests
        targetMet = requests
        waitSum = Array(repeating: 0, count: hours)
        busyArea = waitSum
        exposure = waitSum
        present = Array(repeating: [], count: hours * classCount)
        sketches = quantile == nil ? [] : Array(repeating: QuantileSketch(), count: hours)
        last = origin
    }

    @inline(__always)
    func hour(at t: Double) -> Int {
        let k = Int((t / hourLength).rounded(.down)) % hours
        return k < 0 ? k + hours : k
    }

    /// A counted patient of class `c` asks for a unit, finding `inside` patients present;
    /// `delayed`: no unit was free; `targeted`: its class has a target.
    mutating func request(at t: Double, classIndex c: Int, inside: Int, delayed wasDelayed: Bool, targeted: Bool) {
        let h = hour(at: t)
        requests[h] += 1
        if wasDelayed { delayed[h] += 1 }
        if targeted { targetCounted[h] += 1 }
        let i = h * classCount + c
        if present[i].count <= inside { present[i].append(contentsOf: repeatElement(0, count: inside + 1 - present[i].count)) }
        present[i][inside] += 1
    }

    /// A counted patient who asked at `requested` obtained a unit after `waited`, `met`:
    /// within its class's target.
    mutating func served(requested: Double, waited: Double, met: Bool) {
        let h = hour(at: requested)
        served[h] += 1
        waitSum[h] += waited
        if met { targetMet[h] += 1 }
        if quantile != nil { sketches[h].add(waited) }
    }

    /// The resource's busy units change to `units` at `t`.
    mutating func busy(_ units: Int, at t: Double) {
        accumulate(until: t)
        busy = Double(units)
    }

    mutating func accumulate(until time: Double) {
        guard time > last else { return }
        var t = last
        while t < time {
            let bucket = (t / hourLength).rounded(.down)
            let end = Swift.min(time, (bucket + 1) * hourLength)
            let h = hour(at: t)
            busyArea[h] += busy * (end - t)
            exposure[h] += end - t
            // An hour's end lost to rounding still moves on.
            t = end > t ? end : end.nextUp
        }
        last = time
    }

    /// Closes the record at `end`: the time up to it, and each hour's wait percentile.
    mutating func finish(at end: Double) {
        accumulate(until: end)
        if let q = quantile {
            waitQuantile = sketches.map { $0.count > 0 ? $0.quantile(q) : .nan }
        }
        sketches = []
    }
}
