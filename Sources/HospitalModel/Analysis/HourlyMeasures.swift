import HospitalSimulation
import SimKernel

/// One resource's hour-by-hour measures over replications: each a mean with its 95% interval
/// over replications (a replication's value for hour h pools every hour h of its horizon), and
/// the counts of patients present at requests pooled over all of them.
public struct HourlyMeasures: Sendable {
    public var hours: Int
    /// Requests per clock hour.
    public var arrivals: [Summary]
    /// Mean busy units: with ample staff, the offered load.
    public var busy: [Summary]
    public var delayProbability: [Summary]
    /// In the scenario's time unit.
    public var waitMean: [Summary]
    public var targetMet: [Summary]
    /// The watched percentile of the waits (empty when none was watched).
    public var waitQuantile: [Summary]
    /// Per hour and class (hour * classes + class): requests that found k patients present.
    public var present: [[Int]]
    public var classCount: Int
    /// The mean time a unit is held per patient served, in the time unit.
    public var meanHold: Double
    public var replications: Int
    /// The watched percentile (0.9), when one was.
    public var quantile: Double?

    public init(_ watches: [HourlyWatch], hourLength: Double) {
        let first = watches[0]
        hours = first.hours
        classCount = first.classCount
        replications = watches.count
        quantile = first.quantile
        func summaries(_ value: (HourlyWatch, Int) -> Double) -> [Summary] {
            (0..<first.hours).map { h in Summary(of: watches.map { value($0, h) }) }
        }
        func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : .nan }
        arrivals = summaries { w, h in ratio(Double(w.requests[h]), w.exposure[h] / hourLength) }
        busy = summaries { w, h in ratio(w.busyArea[h], w.exposure[h]) }
        delayProbability = summaries { w, h in ratio(Double(w.delayed[h]), Double(w.requests[h])) }
        waitMean = summaries { w, h in ratio(w.waitSum[h], Double(w.served[h])) }
        targetMet = summaries { w, h in ratio(Double(w.targetMet[h]), Double(w.targetCounted[h])) }
        waitQuantile = first.waitQuantile.isEmpty ? [] : summaries { w, h in w.waitQuantile[h] }
        present = Array(repeating: [], count: first.present.count)
        for w in watches {
            for (i, counts) in w.present.enumerated() {
                if present[i].count < counts.count { present[i].append(contentsOf: repeatElement(0, count: counts.count - present[i].count)) }
                for (k, n) in counts.enumerated() { present[i][k] += n }
            }
        }
        let area = watches.reduce(0.0) { $0 + $1.busyArea.reduce(0, +) }
        let served = watches.reduce(0) { $0 + $1.served.reduce(0, +) }
        meanHold = served > 0 ? area / Double(served) : .nan
    }

    /// Every measure by its metric name (`hour.H.` + the name is hour H's value): requests per
    /// hour, busy units, delay probability, mean wait, targets met, and the watched percentile.
    public var named: [(name: String, values: [Summary])] {
        var out: [(String, [Summary])] = [("arrivals", arrivals), ("busy.mean", busy), ("delay.probability", delayProbability),
                                          ("wait.mean", waitMean), ("target_met.fraction", targetMet)]
        if let q = quantile, !waitQuantile.isEmpty { out.append(("wait.p" + NumberText.significant(q * 100, 4), waitQuantile)) }
        return out
    }

    /// The target's measure, hour by hour.
    public func values(of target: StaffingTarget) -> [Summary] {
        switch target.measure {
        case .delayProbability: delayProbability
        case .waitMean: waitMean
        case .targetMet: targetMet
        case .waitQuantile: waitQuantile
        }
    }
}
