/// Durations as an extract records them: exact values, values known only to a resolution (each
/// an interval), and values right-censored (still under way when the extract was taken: the
/// true duration is longer than the value).
///
/// ```swift
/// // Whole minutes, rounded to the nearest: 0 stands for [0, 0.5), 7 for [6.5, 7.5).
/// let sample = DurationSample(values: stays, resolution: 1)
/// // Stays not finished at the extract's end: each true stay is longer than its value.
/// let open = DurationSample(values: stays, censored: stillIn)
/// ```
/// Intervals are grouped (rounded data repeat), so a likelihood costs one term per distinct
/// value, not per observation.
public struct DurationSample: Sendable {
    /// Values known exactly.
    public var exact: [Double]
    /// Distinct intervals [lower, upper] holding the true value, and how many fall in each.
    public var intervals: [(lower: Double, upper: Double, count: Int)]
    /// Values the true duration is known to exceed.
    public var censored: [Double]
    /// The resolution the values were recorded to, or nil for exact values.
    public var resolution: Double?

    /// `values`, exact unless `resolution` is given (each value v then stands for the interval
    /// [v - r/2, v + r/2] cut at 0, as rounding to the nearest gives) or `censored` marks it.
    /// A censored value is a lower bound whatever the resolution.
    public init(values: [Double], resolution: Double? = nil, censored: [Bool]? = nil) {
        self.resolution = resolution.flatMap { $0 > 0 ? $0 : nil }
        var exact: [Double] = [], open: [Double] = []
        var counts: [Double: Int] = [:]
        for (i, v) in values.enumerated() {
            if censored?[i] == true {
                open.append(v)
            } else if self.resolution != nil {
                counts[v, default: 0] += 1
            } else {
                exact.append(v)
            }
        }
        self.exact = exact.sorted()
        self.censored = open.sorted()
        let r = self.resolution ?? 0
        intervals = counts.keys.sorted().map { v in (max(0, v - r / 2), v + r / 2, counts[v]!) }
    }

    /// Observations of every kind.
    public var count: Int { exact.count + censored.count + intervals.reduce(0) { $0 + $1.count } }
    /// Whether every value is exact: the closed-form fits apply.
    public var isExact: Bool { intervals.isEmpty && censored.isEmpty }

    /// One value per observation for a starting point or a naive fit: exact values, interval
    /// midpoints, censored values as if they had ended.
    public var asIfExact: [Double] {
        (exact + censored + intervals.flatMap { repeatElement(($0.lower + $0.upper) / 2, count: $0.count) }).sorted()
    }

    /// Whether every value is a whole number of the unit (the mark of data recorded to it).
    public static func allWhole(_ values: [Double]) -> Bool {
        !values.isEmpty && values.allSatisfy { $0 == $0.rounded() }
    }
}
