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

    /// Whether MSER-5's cut of `count` observations (`truncation`) lies in the last fifth of the
    /// range it searches (up to half the batches): then the minimum is pressed against the
    /// search's end, the mark of a series that has not settled within the run (a queue still
    /// growing, or a run too short for the model's slow start).
    public static func atSearchEnd(truncation: Int, count: Int) -> Bool {
        let reach = count / 5 / 2  // batches MSER-5 may drop
        return reach >= 2 && truncation / 5 >= Int((0.8 * Double(reach)).rounded(.up))
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
