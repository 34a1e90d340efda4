import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import Foundation

/// How long a warm-up must be: MSER-5 on replication-averaged output series, with Welch's moving
/// average for the eye.
///
/// MSER-5 (White 1997; Franklin and White 2008) groups the series into batch means of 5, and for
/// each candidate truncation d (up to half the batches) computes the squared standard error of
/// the mean of what is left, sum((Z_i - mean)^2) / (m - d)^2. The d that minimises it balances
/// the bias the early, unrepresentative batches add against the precision lost by dropping data;
/// the warm-up is 5d observations.
public enum Warmup {
    /// MSER-5 of `series`: the observations to truncate (a multiple of 5) and the statistic for
    /// each candidate number of batches dropped.
    public static func mser5(_ series: [Double]) -> (truncation: Int, statistic: [Double]) {
        let m = series.count / 5
        guard m >= 2 else { return (0, []) }
        let batches = (0..<m).map { b in series[(5 * b)..<(5 * b + 5)].reduce(0, +) / 5 }
        // Sums from the end, so that each candidate costs O(1).
        var sum = 0.0, sumSquares = 0.0
        var statistic = Array(repeating: Double.infinity, count: m / 2 + 1)
        for d in stride(from: m - 1, through: 0, by: -1) {
            sum += batches[d]
            sumSquares += batches[d] * batches[d]
            guard d <= m / 2 else { continue }
            let k = Double(m - d)
            let mean = sum / k
            statistic[d] = max(0, sumSquares - k * mean * mean) / (k * k)
        }
        var best = 0
        for d in statistic.indices where statistic[d] < statistic[best] { best = d }
        return (5 * best, statistic)
    }

    /// Welch's moving average with window `w`: point i averages the 2w + 1 observations centred
    /// on it (fewer, symmetrically, near the start); the last w points have none.
    public static func welch(_ series: [Double], window w: Int) -> [Double] {
        let n = series.count
        guard n > 0, w >= 0 else { return [] }
        var prefix = [0.0]
        prefix.reserveCapacity(n + 1)
        for x in series { prefix.append(prefix.last! + x) }
        return (0..<max(0, n - w)).map { i in
            let half = min(i, w)
            return (prefix[i + half + 1] - prefix[i - half]) / Double(2 * half + 1)
        }
    }

    /// The average over replications, entry by entry, of series cut to the shortest.
    public static func average(_ series: [[Double]]) -> [Double] {
        guard let n = series.map(\.count).min(), n > 0 else { return [] }
        return (0..<n).map { i in series.reduce(0) { $0 + $1[i] } / Double(series.count) }
    }
}

/// A warm-up study of one scenario: its series averaged over replications, MSER-5's cut of
/// each, and the recommendation.
public struct WarmupStudy: Sendable {
    public var scenario: String
    public var replications: Int
    public var seed: UInt64
    public var timeUnit: TimeUnit
    /// The time the series start (a warm-up already applied), and their length.
    public var origin: Double
    public var horizon: Double
    public var binLength: Double
    /// Mean number inside per bin, averaged over replications, and MSER-5's cut (in bins).
    public var inside: [Double]
    public var insideCut: Int
    /// Completed patients' waits in arrival order, averaged over replications; MSER-5's cut (in
    /// patients) and the mean arrival time of the patient at the cut.
    public var waits: [Double]
    public var waitsCut: Int
    public var waitsCutTime: Double
    /// Welch's window (bins) for the number inside.
    public var window: Int

    /// The cut of the number inside, as a time after `origin`.
    public var insideCutTime: Double { Double(insideCut) * binLength }
    /// The recommended warm-up after `origin`: the cut of the number inside. (The waits' series
    /// lines up the k-th patient of each replication, who come at different times, so in a
    /// model with daily cycles it is far noisier; its cut is reported as a check.)
    public var recommended: Double { insideCutTime }

    public init(result: RunResult, origin: Double, binLength: Double, window: Int?) {
        let samples = result.replications.compactMap(\.series)
        scenario = result.scenario
        replications = result.replications.count
        seed = result.seed
        timeUnit = result.timeUnit
        self.origin = origin
        horizon = result.horizon
        self.binLength = binLength
        inside = Warmup.average(samples.map(\.inside))
        insideCut = Warmup.mser5(inside).truncation
        waits = Warmup.average(samples.map(\.waits))
        waitsCut = Warmup.mser5(waits).truncation
        let arrivals = Warmup.average(samples.map(\.arrivals))
        waitsCutTime = waitsCut > 0 && waitsCut < arrivals.count ? max(0, arrivals[waitsCut] - origin) : 0
        self.window = window ?? max(1, inside.count / 40)
    }
}
