import CGSL
import Foundation

/// Hourly arrival counts as a log-linear (Poisson regression) model of the calendar: the hour,
/// the day type (the weekday, or a named special day such as a bank holiday), an optional
/// linear trend, and for short horizons the recent level.
///
/// ```swift
/// let model = CalendarArrivalModel(counts: hourly, firstHour: 0,
///                                  specification: .init(form: .dayAndHour, trend: true), specialDays: holidays)
/// model.mean(hour: 24 * 60 + 9)   // expected arrivals 09:00-10:00 on day 60
/// ```
/// Hours are counted from a Monday 00:00 (hour h is on weekday (h / 24) % 7, Monday 0). Two
/// forms: `dayAndHour` multiplies an hour-of-day shape by a day-type level (24 + 6 + special
/// types coefficients: a week profile with the same shape every day), `hourOfWeek` has a rate for
/// each of the 168 hours of the week, as the week profile does, and a special day shifts its
/// weekday's hours by a factor. The trend is log-linear per week, centred on the training data.
/// Counts more variable than Poisson (Pearson's dispersion test at 1%) get negative binomial
/// prediction intervals with the size estimated by moments; the means are the Poisson
/// maximum-likelihood ones either way (they stay consistent under overdispersion).
public struct CalendarArrivalModel: Sendable {
    public enum Form: String, Sendable, CaseIterable {
        case dayAndHour = "day_and_hour", hourOfWeek = "hour_of_week"
    }

    public struct Specification: Sendable, Hashable, CustomStringConvertible {
        public var form: Form
        public var trend: Bool
        /// Whether forecasts are scaled towards the last 24 hours' level (fading over a day).
        public var level: Bool

        public init(form: Form, trend: Bool, level: Bool = false) {
            self.form = form
            self.trend = trend
            self.level = level
        }

        public var description: String {
            form.rawValue + (trend ? " + trend" : "") + (level ? " + recent level" : "")
        }
    }

    /// Named day types (`names`) and the days that have them, as days after the Monday origin.
    public struct SpecialDays: Sendable {
        public var names: [String]
        public var days: [Int: Int]

        public init(names: [String] = [], days: [Int: Int] = [:]) {
            self.names = names
            self.days = days
        }
    }

    public let specification: Specification
    public let specialDays: SpecialDays
    private(set) var coefficients: [Double]
    /// Special types with at least one day in the training data: only those have a level; a
    /// type first met after the data is forecast as an ordinary day.
    let seenTypes: [Bool]
    /// Hours after the origin of the training data's middle (the trend's zero).
    let centre: Double
    public let trainingHours: Range<Int>

    /// Pearson's statistic over its degrees of freedom (1 for Poisson counts), and the p-value
    /// of the test that the counts are Poisson.
    public private(set) var dispersion: Double
    public private(set) var dispersionP: Double
    /// The negative binomial size (variance mean + mean^2 / size) when the counts are
    /// overdispersed; nil when Poisson.
    public private(set) var size: Double?
    /// The trend as a rate ratio per week, with its 95% interval (widened by the dispersion).
    public private(set) var trendPerWeek: (ratio: Double, lower: Double, upper: Double)?

    /// The hour-of-day and weekday columns, special types, then the trend.
    var dayTypeColumns: Int { specification.form == .dayAndHour ? 30 : 168 }
    var columnCount: Int { dayTypeColumns + specialDays.names.count + (specification.trend ? 1 : 0) }

    /// Fits `counts` (arrivals in hour `firstHour + i` after the Monday origin).
    public init(counts: [Int], firstHour: Int, specification: Specification, specialDays: SpecialDays = SpecialDays()) {
        self.specification = specification
        self.specialDays = specialDays
        trainingHours = firstHour..<(firstHour + counts.count)
        centre = Double(firstHour) + Double(counts.count) / 2
        var seen = Array(repeating: false, count: specialDays.names.count)
        for h in stride(from: firstHour, to: firstHour + counts.count, by: 1) {
            if let t = specialDays.days[Self.day(h)] { seen[t] = true }
        }
        seenTypes = seen
        // Filled in below: `row(hour:)` needs the fields above.
        coefficients = []
        dispersion = 1
        dispersionP = 1
        size = nil
        trendPerWeek = nil
        let rows = (0..<counts.count).map { row(hour: firstHour + $0) }
        let y = counts.map(Double.init)
        let fit = PoissonRegression(rows: rows, counts: y, columns: columnCount)
        coefficients = fit.coefficients
        let degrees = max(fit.residualDegrees, 1)
        dispersion = fit.pearson / Double(degrees)
        dispersionP = gsl_cdf_chisq_Q(fit.pearson, Double(degrees))
        // Size by moments: the excess of the squared residuals over the Poisson variance.
        var excess = 0.0, squares = 0.0
        for (k, m) in zip(y, fit.fitted) {
            excess += (k - m) * (k - m) - m
            squares += m * m
        }
        size = dispersionP < 0.01 && excess > 0 ? squares / excess : nil
        if specification.trend {
            let j = columnCount - 1
            let se = (fit.variance(of: j) * max(dispersion, 1)).squareRoot()
            let b = coefficients[j]
            trendPerWeek = (exp(b), exp(b - 1.959964 * se), exp(b + 1.959964 * se))
        }
    }

    static func day(_ hour: Int) -> Int { Int((Double(hour) / 24).rounded(.down)) }
    static func weekday(_ day: Int) -> Int { ((day % 7) + 7) % 7 }

    /// The design row of `hour`: its non-zero columns.
    func row(hour: Int, ordinary: Bool = false) -> PoissonRegression.Row {
        let d = Self.day(hour)
        let weekday = Self.weekday(d)
        let hourOfDay = hour - d * 24
        var special: Int?
        if !ordinary, let t = specialDays.days[d], seenTypes[t] { special = t }
        var row: PoissonRegression.Row = []
        switch specification.form {
        case .dayAndHour:
            row.append((hourOfDay, 1))
            // A special day takes its type's level in place of its weekday's.
            if let special { row.append((30 + special, 1)) } else if weekday > 0 { row.append((24 + weekday - 1, 1)) }
        case .hourOfWeek:
            row.append((weekday * 24 + hourOfDay, 1))
            if let special { row.append((168 + special, 1)) }
        }
        if specification.trend { row.append((columnCount - 1, (Double(hour) + 0.5 - centre) / 168)) }
        return row
    }

    /// Expected arrivals in `hour` (hours after the Monday origin).
    public func mean(hour: Int) -> Double { mean(row(hour: hour)) }

    func mean(_ row: PoissonRegression.Row) -> Double {
        var eta = 0.0
        for (j, x) in row { eta += coefficients[j] * x }
        return exp(min(eta, 700))
    }

    /// The ratio of the last 24 hours' arrivals before `origin` to the model's expectation for
    /// them, shrunk towards 1 by ten arrivals' worth of prior weight.
    public func level(counts: [Int], firstHour: Int, origin: Int) -> Double {
        var observed = 0.0, expected = 0.0
        for h in max(origin - 24, firstHour)..<origin {
            observed += Double(counts[h - firstHour])
            expected += mean(hour: h)
        }
        return (observed + 10) / (expected + 10)
    }

    /// The forecast of `hour`, `horizon` hours after the origin, given the recent `level`: the
    /// level's effect fades by e every 24 hours.
    public func forecast(hour: Int, horizon: Int, level: Double) -> Double {
        let m = mean(hour: hour)
        guard specification.level else { return m }
        return m * pow(level, exp(-Double(horizon) / 24))
    }

    /// Whether `count` lies in the central `coverage` prediction interval of a forecast mean:
    /// Poisson, or negative binomial when overdispersed.
    public func inside(_ count: Int, mean: Double, coverage: Double) -> Bool {
        guard let size else { return ArrivalBacktest.inside(Double(count), rate: mean, level: coverage) }
        guard mean > 0 else { return count == 0 }
        let p = size / (size + mean)
        let k = UInt32(count)
        let below = k == 0 ? 0 : gsl_cdf_negative_binomial_P(k - 1, p, size)
        let atOrBelow = gsl_cdf_negative_binomial_P(k, p, size)
        return atOrBelow >= (1 - coverage) / 2 && below < (1 + coverage) / 2
    }

    /// The central `coverage` interval of a forecast mean, as counts.
    public func interval(mean: Double, coverage: Double) -> (lower: Int, upper: Int) {
        let lowerP = (1 - coverage) / 2, upperP = (1 + coverage) / 2
        func cdf(_ k: Int) -> Double {
            guard mean > 0 else { return 1 }
            if let size { return gsl_cdf_negative_binomial_P(UInt32(k), size / (size + mean), size) }
            return gsl_cdf_poisson_P(UInt32(k), mean)
        }
        var k = 0
        while cdf(k) < lowerP { k += 1 }
        let lower = k
        while cdf(k) < upperP { k += 1 }
        return (lower, k)
    }

    /// Each weekday's expected arrivals over an average day's (Monday first), at the trend's
    /// centre; and each special type's over what the same dates would expect as ordinary days
    /// (nil for a type without days in the data).
    public var dayRatios: (weekdays: [Double], special: [Double?]) {
        func dayTotal(_ weekday: Int) -> Double {
            (0..<24).reduce(0) { total, h in
                var r = row(hour: weekday * 24 + h, ordinary: true)
                if specification.trend { r[r.count - 1].value = 0 }
                return total + mean(r)
            }
        }
        let totals = (0..<7).map(dayTotal)
        let average = totals.reduce(0, +) / 7
        let special: [Double?] = specialDays.names.indices.map { t in
            guard seenTypes[t] else { return nil }
            var with = 0.0, without = 0.0
            for (d, type) in specialDays.days where type == t && trainingHours.contains(d * 24) {
                for h in (d * 24)..<(d * 24 + 24) {
                    with += mean(hour: h)
                    without += mean(row(hour: h, ordinary: true))
                }
            }
            return without > 0 ? with / without : nil
        }
        return (totals.map { $0 / average }, special)
    }

    /// One candidate's validation error.
    public struct Candidate: Sendable {
        public var specification: Specification
        /// Root mean square error of the hourly counts forecast 1 to 168 hours ahead.
        public var rmse: Double
    }

    /// The out-of-sample comparison: candidates best first, and the week profile's error on
    /// the same hours.
    public struct Selection: Sendable {
        public var candidates: [Candidate]
        /// Midnights forecast from.
        public var origins: Int
        public var weekProfileRMSE: Double
        public var best: Specification { candidates[0].specification }
    }

    /// The specification with the lowest out-of-sample error (root mean square: the mean
    /// minimises it, whereas absolute error rewards forecasting the median, below the mean of a
    /// skewed count): every form, with and without the trend and the recent level, is fitted on
    /// the data before each midnight of the last `validationDays` (after at least
    /// `minimumTraining` days) and forecasts the week after it. Nil when the data are too short
    /// to hold any out.
    public static func select(counts: [Int], firstHour: Int, specialDays: SpecialDays = SpecialDays(),
                              validationDays: Int = 21, minimumTraining: Int = 28) -> Selection? {
        let end = firstHour + counts.count
        let firstOrigin = max(firstHour + minimumTraining * 24, end - validationDays * 24)
        var origins: [Int] = []
        var o = Int((Double(firstOrigin) / 24).rounded(.up)) * 24
        while o < end { origins.append(o); o += 24 }
        guard !origins.isEmpty else { return nil }
        func bin(_ hour: Int) -> Int { ((hour % 168) + 168) % 168 }
        // The week profile on the same hours: each hour of the week's mean count before the origin.
        var profileError = 0.0, n = 0.0
        for origin in origins {
            var sum = Array(repeating: 0.0, count: 168), seen = Array(repeating: 0.0, count: 168)
            for h in firstHour..<origin { sum[bin(h)] += Double(counts[h - firstHour]); seen[bin(h)] += 1 }
            for h in 1...168 where origin + h - 1 < end {
                let hour = origin + h - 1
                let f = seen[bin(hour)] > 0 ? sum[bin(hour)] / seen[bin(hour)] : 0
                let e = f - Double(counts[hour - firstHour])
                profileError += e * e
                n += 1
            }
        }
        var candidates: [Candidate] = []
        for form in Form.allCases {
            for trend in [false, true] {
                var errors = [false: 0.0, true: 0.0]
                for origin in origins {
                    let model = CalendarArrivalModel(counts: Array(counts[0..<(origin - firstHour)]), firstHour: firstHour,
                                                     specification: Specification(form: form, trend: trend, level: true),
                                                     specialDays: specialDays)
                    let level = model.level(counts: counts, firstHour: firstHour, origin: origin)
                    for h in 1...168 where origin + h - 1 < end {
                        let hour = origin + h - 1
                        let actual = Double(counts[hour - firstHour])
                        let plain = model.mean(hour: hour)
                        let scaled = plain * pow(level, exp(-Double(h) / 24))
                        errors[false]! += (plain - actual) * (plain - actual)
                        errors[true]! += (scaled - actual) * (scaled - actual)
                    }
                }
                for level in [false, true] {
                    candidates.append(Candidate(specification: Specification(form: form, trend: trend, level: level), rmse: (errors[level]! / n).squareRoot()))
                }
            }
        }
        // Ties (within a part in a million) go to the simpler: fewer terms first, as listed.
        let sorted = candidates.enumerated().sorted { a, b in
            abs(a.element.rmse - b.element.rmse) > 1e-6 * a.element.rmse ? a.element.rmse < b.element.rmse : a.offset < b.offset
        }.map(\.element)
        return Selection(candidates: sorted, origins: origins.count, weekProfileRMSE: (profileError / n).squareRoot())
    }
}
