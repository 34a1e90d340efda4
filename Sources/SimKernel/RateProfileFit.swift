import CGSL
import Foundation

/// Arrival rates by hour of the day (24 bins) or of the week (168, from Monday 00:00) estimated
/// from arrival times, as a piecewise-constant Poisson process: each bin's rate is its arrivals
/// over the hours it was observed, with an exact (Garwood) 95% interval.
///
/// ```swift
/// let fit = RateProfileFit(arrivals: hoursSinceMonday, from: 0, to: 8 * 168, bins: 168)
/// fit.rates[9]          // arrivals per hour, Mondays 09:00-10:00
/// fit.weekVersusDay     // is the week profile needed? (likelihood-ratio test)
/// ```
public struct RateProfileFit: Sendable {
    /// Arrivals and observed hours of each bin.
    public let counts: [Int]
    public let exposures: [Double]
    /// Arrivals per hour, and their 95% interval.
    public let rates: [Double]
    public let lower: [Double]
    public let upper: [Double]

    /// The likelihood-ratio test of the day profile (24 rates repeating) against the week
    /// profile (168): the statistic, its degrees of freedom and the p-value (chi-square). Small
    /// p: the days of the week differ.
    public struct Test: Sendable {
        public let statistic: Double
        public let degreesOfFreedom: Int
        public let p: Double
    }

    /// `arrivals` in hours after a Monday 00:00, observed over [`from`, `to`) hours (whole days
    /// are best: then every hour of the day is observed equally often).
    public init(arrivals: [Double], from: Double, to: Double, bins: Int) {
        GSL.quiet()
        precondition(bins == 24 || bins == 168, "24 or 168 bins")
        var counts = Array(repeating: 0, count: bins)
        for t in arrivals where t >= from && t < to {
            counts[Self.bin(t, bins: bins)] += 1
        }
        exposures = Self.exposures(from: from, to: to, bins: bins)
        self.counts = counts
        rates = zip(counts, exposures).map { $1 > 0 ? Double($0) / $1 : .nan }
        (lower, upper) = Self.intervals(counts, exposures)
    }

    static func bin(_ t: Double, bins: Int) -> Int {
        let h = Int(t.rounded(.down)) % bins
        return h < 0 ? h + bins : h
    }

    /// Hours of [from, to) falling in each bin.
    static func exposures(from: Double, to: Double, bins: Int) -> [Double] {
        var e = Array(repeating: 0.0, count: bins)
        var t = from
        while t < to {
            let next = min((t + 1e-9).rounded(.down) + 1, to)
            e[bin(t, bins: bins)] += next - t
            t = next
        }
        return e
    }

    /// Exact Poisson 95% intervals of count / exposure: chi-square quantiles (Garwood).
    static func intervals(_ counts: [Int], _ exposures: [Double]) -> ([Double], [Double]) {
        var lo: [Double] = [], hi: [Double] = []
        for (k, e) in zip(counts, exposures) {
            guard e > 0 else { lo.append(.nan); hi.append(.nan); continue }
            lo.append(k == 0 ? 0 : chiSquareQuantile(0.025, 2 * Double(k)) / 2 / e)
            hi.append(chiSquareQuantile(0.975, 2 * Double(k) + 2) / 2 / e)
        }
        return (lo, hi)
    }

    /// GSL's chi-square quantile, or where its iteration does not converge (tens of thousands
    /// of degrees of freedom) the Wilson-Hilferty approximation, accurate to a few parts in a
    /// million there.
    static func chiSquareQuantile(_ p: Double, _ df: Double) -> Double {
        let exact = gsl_cdf_chisq_Pinv(p, df)
        if exact.isFinite { return exact }
        let h = 2 / (9 * df)
        let cube = 1 - h + gsl_cdf_ugaussian_Pinv(p) * h.squareRoot()
        return df * cube * cube * cube
    }

    /// The week profile against the day profile on the same arrivals: 2 x the difference of
    /// their Poisson log-likelihoods, chi-square with (observed week bins - observed day bins)
    /// degrees of freedom under the day profile.
    public static func weekVersusDay(arrivals: [Double], from: Double, to: Double) -> Test {
        let week = RateProfileFit(arrivals: arrivals, from: from, to: to, bins: 168)
        let day = RateProfileFit(arrivals: arrivals, from: from, to: to, bins: 24)
        var statistic = 0.0
        for w in 0..<168 where week.counts[w] > 0 && week.exposures[w] > 0 {
            let k = Double(week.counts[w])
            statistic += 2 * k * log((k / week.exposures[w]) / day.rates[w % 24])
        }
        let df = week.exposures.filter { $0 > 0 }.count - day.exposures.filter { $0 > 0 }.count
        let p = df > 0 ? gsl_cdf_chisq_Q(max(statistic, 0), Double(df)) : 1
        return Test(statistic: statistic, degreesOfFreedom: df, p: p)
    }
}

/// Shares of categories with Wilson 95% intervals.
public enum ShareInterval {
    /// The share k / n and its Wilson score interval at 95%.
    public static func wilson(_ k: Int, of n: Int) -> (share: Double, lower: Double, upper: Double) {
        guard n > 0 else { return (.nan, .nan, .nan) }
        let z = 1.959963984540054, nn = Double(n), p = Double(k) / nn
        let centre = (p + z * z / (2 * nn)) / (1 + z * z / nn)
        let half = z * (p * (1 - p) / nn + z * z / (4 * nn * nn)).squareRoot() / (1 + z * z / nn)
        return (p, max(0, centre - half), min(1, centre + half))
    }
}
