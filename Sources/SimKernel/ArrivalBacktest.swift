import CGSL
import Foundation

/// Arrival models scored as forecasts, by rolling origins over the data: at each origin (every
/// hour once four weeks have been seen), each model is fitted on the arrivals before it and
/// forecasts the count of each hour up to a week after it; each forecast is then compared with
/// what happened.
///
/// ```swift
/// let b = ArrivalBacktest(arrivals: hoursSinceMonday, from: 0, to: 8 * 168)
/// b.scores[0].mase   // the week profile against the seasonal naive, by horizon
/// ```
/// Models: the week profile (168 rates) and the day profile (24), both fitted on every hour
/// before the origin, the seasonal naive (the count of the same hour a week earlier), which
/// scales MASE: a model's mean absolute error over the seasonal naive's on the same hours, so
/// below 1 beats it; and, when given, a calendar model (`CalendarArrivalModel`), refitted each
/// midnight on the data before it. Prediction intervals of the profiles are the Poisson
/// distribution's central 80% and 95% (a Poisson count has no narrower honest interval), the
/// calendar model's negative binomial when its counts are overdispersed; coverage is the share
/// of hours whose count fell inside.
public struct ArrivalBacktest: Sendable {
    public enum Model: String, Sendable, CaseIterable {
        case weekProfile = "week_profile", dayProfile = "day_profile", seasonalNaive = "seasonal_naive", calendar
    }

    /// Scores of one model at each of `horizons` (the hour exactly h after the origin).
    public struct Scores: Sendable {
        public var model: Model
        public var mae: [Double]
        public var rmse: [Double]
        public var mase: [Double]
        /// Shares of hours inside the 80% and 95% prediction intervals (NaN for the naive).
        public var coverage80: [Double]
        public var coverage95: [Double]
        /// Mean of forecast minus actual.
        public var bias: [Double]
    }

    public static let standardHorizons = [1, 2, 4, 8, 24, 72, 168]

    public let horizons: [Int]
    public let origins: Int
    public let scores: [Scores]

    /// Backtests on `arrivals` (hours after a Monday 00:00) observed over [`from`, `to`) whole
    /// hours; origins every `step` hours from `from` + `training` hours on, horizons that stay
    /// within the data.
    public init(arrivals: [Double], from: Double, to: Double, training: Double = 28 * 24, step: Double = 1,
                horizons: [Int] = ArrivalBacktest.standardHorizons,
                calendar: (specification: CalendarArrivalModel.Specification, specialDays: CalendarArrivalModel.SpecialDays)? = nil) {
        let models: [Model] = [.weekProfile, .dayProfile, .seasonalNaive] + (calendar == nil ? [] : [.calendar])
        let first = Int(from.rounded(.down)), last = Int(to.rounded(.up))
        var counts = Array(repeating: 0, count: max(last - first, 0))
        for t in arrivals where t >= from && t < to { counts[Int(t.rounded(.down)) - first] += 1 }
        func bin(_ hour: Int, _ bins: Int) -> Int { ((hour % bins) + bins) % bins }

        var origins: [Int] = []
        var o = first + Int(training)
        while o < last { origins.append(o); o += Int(step) }
        let usable = horizons.filter { h in origins.contains { $0 + h <= last } }
        self.horizons = usable
        self.origins = origins.count

        // Per model and horizon: absolute errors, squared errors, signed errors, and hits.
        var abs = Array(repeating: Array(repeating: [Double](), count: usable.count), count: models.count)
        var sq = abs, signed = abs, in80 = abs, in95 = abs
        // Rates by bin from the hours before the origin (an expanding window, kept up to date).
        var weekSum = Array(repeating: 0.0, count: 168), weekHours = Array(repeating: 0.0, count: 168)
        var daySum = Array(repeating: 0.0, count: 24), dayHours = Array(repeating: 0.0, count: 24)
        var seen = first
        var fitted: (midnight: Int, model: CalendarArrivalModel)?
        for origin in origins {
            // The calendar model is refitted at each midnight, on the hours before it.
            var calendarModel: CalendarArrivalModel?
            var level = 1.0
            if let calendar {
                let midnight = Int((Double(origin) / 24).rounded(.down)) * 24
                if fitted?.midnight != midnight {
                    fitted = (midnight, CalendarArrivalModel(counts: Array(counts[0..<(midnight - first)]), firstHour: first,
                                                             specification: calendar.specification, specialDays: calendar.specialDays))
                }
                calendarModel = fitted!.model
                level = fitted!.model.level(counts: counts, firstHour: first, origin: origin)
            }
            for hour in seen..<origin {
                let k = Double(counts[hour - first])
                weekSum[bin(hour, 168)] += k; weekHours[bin(hour, 168)] += 1
                daySum[bin(hour, 24)] += k; dayHours[bin(hour, 24)] += 1
            }
            seen = origin
            for (i, h) in usable.enumerated() {
                let target = origin + h - 1  // the h-th hour after the origin
                guard target < last, target - 168 >= first else { continue }
                let actual = Double(counts[target - first])
                var forecasts: [Double] = [
                    weekHours[bin(target, 168)] > 0 ? weekSum[bin(target, 168)] / weekHours[bin(target, 168)] : .nan,
                    dayHours[bin(target, 24)] > 0 ? daySum[bin(target, 24)] / dayHours[bin(target, 24)] : .nan,
                    Double(counts[target - 168 - first]),
                ]
                if let calendarModel { forecasts.append(calendarModel.forecast(hour: target, horizon: h, level: level)) }
                for (m, f) in forecasts.enumerated() where f.isFinite {
                    abs[m][i].append(Swift.abs(f - actual))
                    sq[m][i].append((f - actual) * (f - actual))
                    signed[m][i].append(f - actual)
                    switch models[m] {
                    case .seasonalNaive: break
                    case .calendar:
                        in80[m][i].append(calendarModel!.inside(Int(actual), mean: f, coverage: 0.8) ? 1 : 0)
                        in95[m][i].append(calendarModel!.inside(Int(actual), mean: f, coverage: 0.95) ? 1 : 0)
                    case .weekProfile, .dayProfile:
                        in80[m][i].append(Self.inside(actual, rate: f, level: 0.8) ? 1 : 0)
                        in95[m][i].append(Self.inside(actual, rate: f, level: 0.95) ? 1 : 0)
                    }
                }
            }
        }
        func mean(_ xs: [Double]) -> Double { xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count) }
        let naive = models.firstIndex(of: .seasonalNaive)!
        scores = models.enumerated().map { m, model in
            Scores(model: model,
                   mae: usable.indices.map { mean(abs[m][$0]) },
                   rmse: usable.indices.map { mean(sq[m][$0]).squareRoot() },
                   mase: usable.indices.map { mean(abs[m][$0]) / mean(abs[naive][$0]) },
                   coverage80: usable.indices.map { mean(in80[m][$0]) },
                   coverage95: usable.indices.map { mean(in95[m][$0]) },
                   bias: usable.indices.map { mean(signed[m][$0]) })
        }
    }

    /// Whether `count` lies in the central `level` interval of a Poisson distribution of mean
    /// `rate`: between its (1 - level)/2 and (1 + level)/2 quantiles.
    static func inside(_ count: Double, rate: Double, level: Double) -> Bool {
        guard rate > 0 else { return count == 0 }
        let k = UInt32(count)
        let below = k == 0 ? 0 : gsl_cdf_poisson_P(k - 1, rate)  // P(X < count)
        let atOrBelow = gsl_cdf_poisson_P(k, rate)  // P(X <= count)
        // count is at or above the lower quantile and at or below the upper one.
        return atOrBelow >= (1 - level) / 2 && below < (1 + level) / 2
    }
}
