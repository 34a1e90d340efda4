import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import Foundation
import SimKernel

/// A scenario's inputs estimated from an extract of patient episodes (`simrun fit`): the
/// arrival profile by hour of the day or week, the class shares, and distributions for the
/// duration columns.
///
/// ```swift
/// let episodes = try EpisodeTable.read(path: "episodes.csv")
/// let fit = try EpisodeFit(episodes, arrival: "arrived_at", classColumn: "triage", durations: ["los"], timeUnit: .minute)
/// ```
public struct EpisodeFit: Sendable {
    public struct Arrivals: Sendable {
        /// 24 or 168 rates per hour, with 95% intervals; and the counts and hours behind them.
        public var profile: RateProfileFit
        public var bins: Int { profile.rates.count }
        /// Whether the week profile is needed over the day profile (when the data cover a week).
        public var weekTest: RateProfileFit.Test?
        public var arrivals: Int
        /// The observed window, in hours, and its first day as text.
        public var hours: Double
        public var firstDay: String
    }
    public struct ClassShare: Sendable {
        public var name: String
        public var count: Int
        public var share: Double
        public var lower: Double
        public var upper: Double
        /// The class's own profile, where it has ten arrivals or more per bin on average.
        public var profile: RateProfileFit?
    }
    public struct Durations: Sendable {
        public var column: String
        /// The unit of its values.
        public var unit: TimeUnit
        public var n: Int
        public var missing: Int
        /// Best (lowest AIC) first; empty when no form applies.
        public var fits: [DistributionFit]
        /// Percentiles 0, 5, ..., 100 of the data (a summary; not a distribution to simulate).
        public var percentiles: [Double]
        /// The continuous empirical distribution of the data (`Distribution.continuousEmpirical(fittedTo:)`),
        /// offered when no form fits; nil for fewer than two values.
        public var empirical: Distribution?
        /// When the best form is rejected (KS p < 0.01) or none applies.
        public var warning: String?
        /// Forms left out, and why.
        public var note: String?
    }

    public var file: String
    public var timeUnit: TimeUnit
    public var arrivals: Arrivals
    public var classes: [ClassShare]
    public var durations: [Durations]

    /// Fits `table`: arrival times from the column `arrival`, classes from `classColumn`, and
    /// each of `durations` in `timeUnit`. `profile` forces 24 or 168 bins; by default 168 when
    /// the data cover at least four weeks.
    public init(_ table: EpisodeTable, arrival: String, classColumn: String?, durations: [String], timeUnit: TimeUnit,
                profile: Int? = nil) throws(EpisodeTable.Failure) {
        file = table.file
        self.timeUnit = timeUnit
        let arrivalColumn = try table.column(arrival)
        let classIndex = try classColumn.map { c throws(EpisodeTable.Failure) in try table.column(c) }
        // `COLUMN:UNIT` gives a column its own unit (`stay:hour`).
        let columns: [(name: String, unit: TimeUnit)] = durations.map { d in
            if let colon = d.lastIndex(of: ":"), let unit = TimeUnit(rawValue: String(d[d.index(after: colon)...])) {
                return (String(d[..<colon]), unit)
            }
            return (d, timeUnit)
        }
        let durationIndices = try columns.map { d throws(EpisodeTable.Failure) in try table.column(d.name) }
        guard !table.rows.isEmpty else { throw table.failure(line: 1, column: 1, column: nil, "the file has a header but no episodes") }

        // Arrival times in hours after the Monday 00:00 on or before the first arrival.
        let times = try table.arrivalTimes(arrivalColumn, timeUnit: timeUnit)
        let start = times.minutes.min()!, end = times.minutes.max()!
        // Whole days, from the first arrival's midnight to the end of the last arrival's day.
        let firstDay = (start / 1440).rounded(.down)
        let lastDay = (end / 1440).rounded(.down) + 1
        // Hour bins are counted one by one: a span of centuries is a unit mistake, not data.
        if lastDay - firstDay > 100 * 366 {
            let row = table.rows[times.minutes.firstIndex(of: end)!]
            throw table.failure(line: row.line, column: row.fields[arrivalColumn].column, column: arrival,
                                "the arrival times span \(Int((lastDay - firstDay) / 365.25)) years; the limit is 100 (are numeric times in \(timeUnit.rawValue)s?)")
        }
        let hours = times.minutes.map { $0 / 60 }
        let (from, to) = (firstDay * 24, lastDay * 24)
        let bins = profile ?? (to - from >= 28 * 24 ? 168 : 24)
        let fit = RateProfileFit(arrivals: hours, from: from, to: to, bins: bins)
        let test = to - from >= 7 * 24 ? RateProfileFit.weekVersusDay(arrivals: hours, from: from, to: to) : nil
        // Rates per hour in the profile; the scenario's `by_hour` says `unit: per hour`.
        arrivals = Arrivals(profile: fit, weekTest: test, arrivals: hours.count, hours: to - from, firstDay: times.describeDay(firstDay))

        var classes: [ClassShare] = []
        if let classIndex {
            var order: [String] = []
            var members: [String: [Double]] = [:]
            for (row, h) in zip(table.rows, hours) {
                let name = row.fields[classIndex].text.trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty else { throw table.failure(line: row.line, column: row.fields[classIndex].column, column: classColumn, "the class is empty") }
                if members[name] == nil { order.append(name) }
                members[name, default: []].append(h)
            }
            for name in order {
                let k = members[name]!.count
                let (share, lower, upper) = ShareInterval.wilson(k, of: hours.count)
                let own = k >= 10 * bins ? RateProfileFit(arrivals: members[name]!, from: from, to: to, bins: bins) : nil
                classes.append(ClassShare(name: name, count: k, share: share, lower: lower, upper: upper, profile: own))
            }
        }
        self.classes = classes

        self.durations = try zip(columns, durationIndices).map { column, c throws(EpisodeTable.Failure) in
            let (name, unit) = column
            var values: [Double] = []
            var missing = 0
            for row in table.rows {
                let field = row.fields[c]
                let text = field.text.trimmingCharacters(in: .whitespaces)
                if text.isEmpty { missing += 1; continue }
                guard let x = Double(text), x.isFinite else {
                    throw table.failure(line: row.line, column: field.column, column: name, "\(quoted(text)) is not a number (a duration in \(unit.rawValue)s)")
                }
                guard x >= 0 else { throw table.failure(line: row.line, column: field.column, column: name, "a duration cannot be negative, got \(text)") }
                values.append(x)
            }
            let sorted = values.sorted()
            let fits = DistributionFit.fitAll(sorted)
            let percentiles = sorted.isEmpty ? [] : (0...20).map { i in sorted[min(sorted.count - 1, Int((Double(i) / 20 * Double(sorted.count - 1)).rounded()))] }
            var warning: String?
            var note: String?
            let zeros = values.filter { $0 == 0 }.count
            if zeros > 0, values.count >= 2 {
                note = "\(zeros) value\(zeros == 1 ? " is" : "s are") 0: gamma, lognormal and Weibull need positive values and were left out"
            }
            if values.count < 2 {
                warning = "\(name): \(values.count) value\(values.count == 1 ? "" : "s"); nothing to fit"
            } else if fits.isEmpty {
                warning = "\(name): no form applies (all values equal?); use the continuous empirical distribution"
            } else if fits[0].ksP < 0.01 {
                warning = "\(name): no form fits (the best, \(fits[0].form.rawValue), has KS p = \(NumberText.significant(fits[0].ksP, 2))); consider the continuous empirical distribution"
            }
            return Durations(column: name, unit: unit, n: values.count, missing: missing, fits: fits, percentiles: percentiles,
                             empirical: Distribution.continuousEmpirical(fittedTo: sorted), warning: warning, note: note)
        }
    }
}
