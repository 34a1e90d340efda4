import HospitalScenario
import HospitalPolicies
/// What a warm-up study records in one replication: the number of patients inside, averaged
/// over consecutive bins of time (an hour, say) from `origin`, and each completed patient's
/// total wait with its arrival time, in arrival order.
public struct WarmupSeries: Sendable {
    public let origin: Double
    public let binLength: Double
    /// The integral of the number inside over each bin.
    public private(set) var area: [Double] = []
    var inside = 0.0
    var last: Double
    /// Completed patients: arrival number, arrival time and total wait.
    var completions: [(id: Int32, arrival: Double, wait: Double)] = []

    public init(origin: Double, binLength: Double) {
        self.origin = origin
        self.binLength = binLength
        last = origin
    }

    /// The number inside changes by `delta` at `time`.
    mutating func change(by delta: Double, at time: Double) {
        accumulate(until: time)
        inside += delta
    }

    mutating func accumulate(until time: Double) {
        guard time > last else { return }
        var t = last
        while t < time {
            let bin = Int(((t - origin) / binLength).rounded(.down))
            let binEnd = origin + Double(bin + 1) * binLength
            let end = Swift.min(time, binEnd)
            if bin >= 0 {
                if area.count <= bin { area.append(contentsOf: repeatElement(0, count: bin + 1 - area.count)) }
                area[bin] += inside * (end - t)
            }
            // A bin end lost to rounding still moves on.
            t = end > t ? end : end.nextUp
        }
        last = time
    }

    mutating func completed(id: Int32, arrival: Double, wait: Double) {
        if arrival >= origin { completions.append((id, arrival, wait)) }
    }

    /// Closes the series at `end`: the mean number inside per whole bin.
    public mutating func finish(at end: Double) -> (inside: [Double], waits: [Double], arrivals: [Double]) {
        accumulate(until: end)
        let whole = Int(((end - origin) / binLength + 1e-9).rounded(.down))
        let means = (0..<max(0, whole)).map { $0 < area.count ? area[$0] / binLength : 0 }
        let ordered = completions.sorted { $0.id < $1.id }
        return (means, ordered.map(\.wait), ordered.map(\.arrival))
    }
}
