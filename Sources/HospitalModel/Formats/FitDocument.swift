import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import Foundation
import SimKernel

/// The JSON document of `simrun fit` (for scripts): arrival rates by hour with their intervals,
/// class shares, and each duration column's fitted forms, best first. `yaml` writes the fragment
/// that pastes into a scenario (for people).
public struct FitDocument: Codable, Sendable {
    public typealias Numbers = [DocumentNumber]

    /// Arrivals per hour for each hour of the day or week, with 95% intervals.
    public struct Rates: Codable, Sendable {
        public var unit = "per hour"
        public var byHour: Numbers
        public var lower: Numbers
        public var upper: Numbers

        enum CodingKeys: String, CodingKey { case unit, byHour = "by_hour", lower, upper }
    }

    /// Whether the days of the week differ: a likelihood-ratio test.
    public struct WeekTest: Codable, Sendable {
        public var statistic: DocumentNumber
        public var degreesOfFreedom: Int
        public var p: DocumentNumber

        enum CodingKeys: String, CodingKey { case statistic, degreesOfFreedom = "degrees_of_freedom", p }
    }

    public struct Arrivals: Codable, Sendable {
        public var unit = "per hour"
        public var byHour: Numbers
        public var lower: Numbers
        public var upper: Numbers
        public var count: Int
        public var hours: DocumentNumber
        public var firstDay: String
        public var weekTest: WeekTest?

        enum CodingKeys: String, CodingKey { case unit, byHour = "by_hour", lower, upper, count, hours, firstDay = "first_day", weekTest = "week_test" }
    }

    /// A class's share of arrivals: its count and 95% interval.
    public struct ShareInterval: Codable, Sendable {
        public var count: Int
        public var lower: DocumentNumber
        public var upper: DocumentNumber
    }

    public struct Fit: Codable, Sendable {
        public var form: String
        public var parameters: DocumentMap<DocumentNumber>
        /// Each parameter's 95% interval, [lower, upper].
        public var intervals: DocumentMap<Numbers>
        public var logLikelihood: DocumentNumber
        public var aic: DocumentNumber
        public var ksStatistic: DocumentNumber
        /// Null for censored data (the statistic is then the distance from the Kaplan-Meier curve).
        public var ksP: DocumentNumber
        /// How the likelihood read the values: exact, interval (to a resolution) or censored.
        /// Absent in documents written before it was added, which were all exact.
        public var method: String?

        enum CodingKeys: String, CodingKey {
            case form, parameters, intervals, logLikelihood = "log_likelihood", aic, ksStatistic = "ks_statistic", ksP = "ks_p", method
        }
    }

    /// The Kaplan-Meier estimate of the fraction still under way after each time, with its 95%
    /// pointwise interval, and the values at risk and ending at each time.
    public struct KaplanMeierCurve: Codable, Sendable {
        public var time: Numbers
        public var survival: Numbers
        public var lower: Numbers
        public var upper: Numbers
        public var atRisk: [Int]
        public var events: [Int]

        enum CodingKeys: String, CodingKey { case time, survival, lower, upper, atRisk = "at_risk", events }

        init(_ km: KaplanMeier) {
            time = km.steps.map { DocumentNumber($0.time) }
            survival = km.steps.map { DocumentNumber($0.survival) }
            lower = km.steps.map { DocumentNumber($0.lower) }
            upper = km.steps.map { DocumentNumber($0.upper) }
            atRisk = km.steps.map(\.atRisk)
            events = km.steps.map(\.events)
        }
    }

    /// The sample's continuous empirical distribution: points of its distribution function and
    /// the mean of the exponential tail beyond the last.
    public struct Empirical: Codable, Sendable {
        public var values: Numbers
        public var cumulative: Numbers
        public var tailMean: DocumentNumber?
        public var mean: DocumentNumber
        public var sd: DocumentNumber

        enum CodingKeys: String, CodingKey { case values, cumulative, tailMean = "tail_mean", mean, sd }
    }

    public struct Duration: Codable, Sendable {
        public var n: Int
        public var missing: Int
        public var unit: String
        public var fits: [Fit]
        public var percentiles: Numbers
        public var empirical: Empirical?
        public var warning: String?
        public var note: String?
        /// The resolution the values were read to (in `unit`s), and whether it was detected
        /// rather than given; absent for exact values.
        public var resolution: DocumentNumber?
        public var resolutionDetected: Bool?
        /// Values still under way at the extract's end, and their Kaplan-Meier curve; absent
        /// when there are none.
        public var censored: Int?
        public var kaplanMeier: KaplanMeierCurve?
        /// The column fitted class by class (`--by`).
        public var byClass: DocumentMap<ClassDuration>?

        enum CodingKeys: String, CodingKey {
            case n, missing, unit, fits, percentiles, empirical, warning, note, resolution, resolutionDetected = "resolution_detected",
                 censored, kaplanMeier = "kaplan_meier", byClass = "by_class"
        }

        init(_ d: EpisodeFit.Durations) {
            func numbers(_ xs: [Double]) -> Numbers { xs.map { DocumentNumber($0) } }
            n = d.n
            missing = d.missing
            unit = d.unit.rawValue
            fits = d.fits.map { f in
                Fit(form: f.form.rawValue, parameters: DocumentMap(f.parameters.map { ($0.name, DocumentNumber($0.value)) }),
                    intervals: DocumentMap(zip(f.parameters, f.intervals).map { ($0.name, numbers([$1.lower, $1.upper])) }),
                    logLikelihood: DocumentNumber(f.logLikelihood), aic: DocumentNumber(f.aic),
                    ksStatistic: DocumentNumber(f.ksStatistic), ksP: DocumentNumber(f.ksP), method: f.method.rawValue)
            }
            percentiles = numbers(d.percentiles)
            if let e = d.empirical, let points = e.continuousEmpiricalPoints {
                empirical = Empirical(values: numbers(points.values), cumulative: numbers(points.cumulative), tailMean: points.tailMean.map { DocumentNumber($0) },
                                      mean: DocumentNumber(e.mean), sd: DocumentNumber(e.variance.squareRoot()))
            }
            warning = d.warning
            note = d.note
            resolution = d.resolution.map { DocumentNumber($0) }
            resolutionDetected = d.resolution == nil ? nil : d.resolutionDetected
            censored = d.censored > 0 ? d.censored : nil
            kaplanMeier = d.kaplanMeier.map(KaplanMeierCurve.init)
            byClass = d.byClass.isEmpty ? nil : DocumentMap(d.byClass.map { ($0.name, ClassDuration(Duration($0.durations))) })
        }
    }

    /// One class's fits of a duration column: a duration entry without the parts that describe
    /// the whole column (its percentiles, empirical distribution, Kaplan-Meier curve).
    public struct ClassDuration: Codable, Sendable {
        public var n: Int
        public var missing: Int
        public var fits: [Fit]
        public var censored: Int?
        public var warning: String?
        public var note: String?

        init(_ d: Duration) {
            (n, missing, fits, censored, warning, note) = (d.n, d.missing, d.fits, d.censored, d.warning, d.note)
        }
    }

    /// An outcome's share: how many of how many, and the Wilson 95% interval.
    public struct Share: Codable, Sendable {
        public var n: Int
        public var count: Int
        public var share: DocumentNumber
        public var lower: DocumentNumber
        public var upper: DocumentNumber

        init(_ s: EpisodeFit.BranchShare) {
            (n, count) = (s.n, s.count)
            (share, lower, upper) = (DocumentNumber(s.share), DocumentNumber(s.lower), DocumentNumber(s.upper))
        }
    }

    /// An outcome column (`--branch`): its share overall and by class, and the duration columns
    /// recorded exactly where it is true (the steps of its arm).
    public struct Branch: Codable, Sendable {
        public var all: Share
        public var byClass: DocumentMap<Share>?
        public var durations: [String]

        enum CodingKeys: String, CodingKey { case all, byClass = "by_class", durations }
    }

    public var file: String
    public var timeUnit: String
    public var arrivals: Arrivals
    public var classes: DocumentMap<DocumentNumber>
    /// Present when the extract has classes.
    public var classIntervals: DocumentMap<ShareInterval>?
    public var classProfiles: DocumentMap<Rates>?
    public var durations: DocumentMap<Duration>
    /// Outcome columns as branch probabilities, when asked for (`--branch`).
    public var branches: DocumentMap<Branch>?
    /// The arrival models scored by rolling origins, when asked for (`--backtest`).
    public var backtest: Backtest?
    /// The calendar model of arrivals, when asked for (`--calendar`).
    public var calendar: Calendar?

    /// The calendar model: which form won out of sample, its terms, and its rates ahead.
    public struct Calendar: Codable, Sendable {
        public struct Specification: Codable, Sendable {
            public var form: String
            public var trend: Bool
            public var recentLevel: Bool
            public var rmse: DocumentNumber?

            enum CodingKeys: String, CodingKey { case form, trend, recentLevel = "recent_level", rmse }

            init(_ s: CalendarArrivalModel.Specification, rmse: Double? = nil) {
                form = s.form.rawValue
                trend = s.trend
                recentLevel = s.level
                self.rmse = rmse.map { DocumentNumber($0) }
            }
        }
        public struct Validation: Codable, Sendable {
            public var days: Int
            public var origins: Int
            public var weekProfileRMSE: DocumentNumber
            public var candidates: [Specification]

            enum CodingKeys: String, CodingKey { case days, origins, weekProfileRMSE = "week_profile_rmse", candidates }
        }
        public struct Ratio: Codable, Sendable {
            public var ratio: DocumentNumber
            public var lower: DocumentNumber
            public var upper: DocumentNumber
        }
        public struct SpecialDay: Codable, Sendable {
            public var daysInData: Int
            public var daysAhead: Int
            public var ratio: DocumentNumber?

            enum CodingKeys: String, CodingKey { case daysInData = "days_in_data", daysAhead = "days_ahead", ratio }
        }
        public struct Ahead: Codable, Sendable {
            public var start: String
            public var unit = "per hour"
            public var rates: Numbers
            public var lower: [Int]
            public var upper: [Int]
        }
        public var chosen: Specification
        public var validation: Validation
        public var trendPerWeek: Ratio?
        public var weekdayRatios: Numbers
        public var specialDays: DocumentMap<SpecialDay>?
        public var dispersion: DocumentNumber
        public var dispersionP: DocumentNumber
        public var distribution: String
        public var size: DocumentNumber?
        public var ahead: Ahead

        enum CodingKeys: String, CodingKey {
            case chosen, validation, trendPerWeek = "trend_per_week", weekdayRatios = "weekday_ratios", specialDays = "special_days",
                 dispersion, dispersionP = "dispersion_p", distribution, size, ahead
        }

        init(_ c: EpisodeFit.Calendar) {
            let m = c.model
            chosen = Specification(c.selection.best, rmse: c.selection.candidates[0].rmse)
            validation = Validation(days: c.validationDays, origins: c.selection.origins, weekProfileRMSE: DocumentNumber(c.selection.weekProfileRMSE),
                                    candidates: c.selection.candidates.map { Specification($0.specification, rmse: $0.rmse) })
            trendPerWeek = m.trendPerWeek.map { Ratio(ratio: DocumentNumber($0.ratio), lower: DocumentNumber($0.lower), upper: DocumentNumber($0.upper)) }
            weekdayRatios = m.dayRatios.weekdays.map { DocumentNumber($0) }
            specialDays = c.special.isEmpty ? nil : DocumentMap(c.special.map { s in
                (s.name, SpecialDay(daysInData: s.daysInData, daysAhead: s.daysAhead, ratio: s.ratio.map { DocumentNumber($0) }))
            })
            dispersion = DocumentNumber(m.dispersion)
            dispersionP = DocumentNumber(m.dispersionP)
            distribution = m.size == nil ? "poisson" : "negative_binomial"
            size = m.size.map { DocumentNumber($0) }
            ahead = Ahead(start: c.aheadStart, rates: c.rates.map { DocumentNumber($0) }, lower: c.lower, upper: c.upper)
        }
    }

    /// Each arrival model's errors at each horizon, over every origin.
    public struct Backtest: Codable, Sendable {
        public struct Scores: Codable, Sendable {
            public var mae: Numbers
            public var rmse: Numbers
            public var mase: Numbers
            public var bias: Numbers
            public var coverage80: Numbers?
            public var coverage95: Numbers?

            enum CodingKeys: String, CodingKey { case mae, rmse, mase, bias, coverage80 = "coverage_80", coverage95 = "coverage_95" }
        }
        public var origins: Int
        /// Hours ahead: each score is of the hour exactly this far after its origin.
        public var horizons: [Int]
        public var models: DocumentMap<Scores>

        init(_ b: ArrivalBacktest) {
            func numbers(_ xs: [Double]) -> Numbers { xs.map { DocumentNumber($0) } }
            origins = b.origins
            horizons = b.horizons
            models = DocumentMap(b.scores.map { s in
                let naive = s.model == .seasonalNaive
                return (s.model.rawValue, Scores(mae: numbers(s.mae), rmse: numbers(s.rmse), mase: numbers(s.mase), bias: numbers(s.bias),
                                                 coverage80: naive ? nil : numbers(s.coverage80), coverage95: naive ? nil : numbers(s.coverage95)))
            })
        }
    }

    enum CodingKeys: String, CodingKey {
        case file, timeUnit = "time_unit", arrivals, classes, classIntervals = "class_intervals", classProfiles = "class_profiles", durations,
             branches, backtest, calendar
    }

    public init(_ fit: EpisodeFit) {
        func numbers(_ xs: [Double]) -> Numbers { xs.map { DocumentNumber($0) } }
        let a = fit.arrivals
        file = fit.file
        timeUnit = fit.timeUnit.rawValue
        arrivals = Arrivals(byHour: numbers(a.profile.rates), lower: numbers(a.profile.lower), upper: numbers(a.profile.upper),
                            count: a.arrivals, hours: DocumentNumber(a.hours), firstDay: a.firstDay,
                            weekTest: a.weekTest.map { WeekTest(statistic: DocumentNumber($0.statistic), degreesOfFreedom: $0.degreesOfFreedom, p: DocumentNumber($0.p)) })
        classes = DocumentMap(fit.classes.map { ($0.name, DocumentNumber($0.share)) })
        if !fit.classes.isEmpty {
            classIntervals = DocumentMap(fit.classes.map { ($0.name, ShareInterval(count: $0.count, lower: DocumentNumber($0.lower), upper: DocumentNumber($0.upper))) })
            let profiles = fit.classes.compactMap { c in c.profile.map { (c.name, Rates(byHour: numbers($0.rates), lower: numbers($0.lower), upper: numbers($0.upper))) } }
            classProfiles = profiles.isEmpty ? nil : DocumentMap(profiles)
        }
        durations = DocumentMap(fit.durations.map { ($0.column, Duration($0)) })
        backtest = fit.backtest.map(Backtest.init)
        calendar = fit.calendar.map(Calendar.init)
        if !fit.branches.isEmpty {
            branches = DocumentMap(fit.branches.map { b in
                (b.column, Branch(all: Share(b.all), byClass: b.byClass.isEmpty ? nil : DocumentMap(b.byClass.map { ($0.name, Share($0.share)) }),
                                  durations: b.durations))
            })
        }
    }

    public var json: String { DocumentEncoder.json(self, layout: .expandedLayout) }

    public static func read(_ data: Data, file: String) throws(ScenarioErrors) -> FitDocument {
        try DocumentReader.decode(FitDocument.self, from: data, file: file, what: "a fit")
    }

    /// A time in the fit's unit as a quantity ("42.5 min"), so that it pastes into a scenario of
    /// any time unit.
    static func quantity(_ x: Double, _ unit: TimeUnit) -> String {
        "\"\(short(x)) \(unit == .minute ? "min" : unit.rawValue)\""
    }

    static func short(_ x: Double) -> String { NumberText.significant(x, 6) }

    /// The best fit in the scenario format's syntax: `{lognormal: {mean: "42 min", sd: "20 min"}}`.
    public static func distributionText(_ fit: DistributionFit, unit: TimeUnit) -> String {
        let times: Set<String> = ["mean", "sd", "scale"]
        let parameters = fit.parameters.map { "\($0.name): \(times.contains($0.name) ? quantity($0.value, unit) : short($0.value))" }
        return "{\(fit.form.rawValue): {\(parameters.joined(separator: ", "))}}"
    }

    /// A continuous empirical distribution in the scenario format's syntax, values in `unit`.
    static func empiricalText(_ e: Distribution, unit: TimeUnit) -> String {
        guard let points = e.continuousEmpiricalPoints else { return "" }
        let word = unit == .minute ? "min" : unit.rawValue
        var text = "{continuous_empirical: {unit: \(word), values: [" + points.values.map { short($0) }.joined(separator: ", ")
            + "], cumulative: [" + points.cumulative.map { NumberText.significant($0, 4) }.joined(separator: ", ") + "]"
        if let tail = points.tailMean { text += ", tail_mean: \(short(tail))" }
        return text + "}}"
    }

    public static func yaml(_ fit: EpisodeFit) -> String {
        let a = fit.arrivals
        var out = "# Fitted by simrun fit from \(fit.file): \(a.arrivals) arrivals over \(short(a.hours / 24)) days from \(a.firstDay).\n"
        if a.bins == 168 {
            out += "# Arrivals per hour for each hour of the week (168 values from Monday 00:00)"
        } else {
            out += "# Arrivals per hour for each hour of the day (24 values from 00:00)"
        }
        if let t = a.weekTest {
            out += t.p < 0.05
                ? ";\n# the days of the week differ (likelihood-ratio \(short(t.statistic)) on \(t.degreesOfFreedom) degrees of freedom, p = \(NumberText.significant(t.p, 2)))"
                : ";\n# the days of the week do not differ detectably (likelihood-ratio \(short(t.statistic)) on \(t.degreesOfFreedom) degrees of freedom, p = \(NumberText.significant(t.p, 2)))"
            if (t.p < 0.05) != (a.bins == 168) { out += ", so consider --profile \(t.p < 0.05 ? "week" : "day")" }
        }
        out += ".\narrivals:\n  - name: fitted\n    by_hour:\n      unit: per hour\n      values: ["
        let rows = stride(from: 0, to: a.bins, by: 12).map { i in a.profile.rates[i..<min(i + 12, a.bins)].map { NumberText.significant($0.isFinite ? $0 : 0, 4) }.joined(separator: ", ") }
        out += rows.joined(separator: ",\n               ") + "]\n"
        if let c = fit.calendar { out += datedText(c) }
        if !fit.classes.isEmpty {
            out += "    # class shares (95% intervals): " + fit.classes.map { "\($0.name) \(String(format: "%.3f-%.3f", $0.lower, $0.upper))" }.joined(separator: ", ") + "\n"
            out += "    classes: {" + fit.classes.map { "\($0.name): \(NumberText.fixed($0.share, 4))" }.joined(separator: ", ") + "}\n"
        }
        for d in fit.durations {
            out += "\n# \(d.column): n = \(d.n)\(d.missing > 0 ? " (\(d.missing) missing)" : "")\(d.censored > 0 ? ", \(d.censored) still under way (censored)" : ""), in \(d.unit.rawValue)s; the forms by AIC, best first:\n"
            for f in d.fits {
                out += "#   \(f.form.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) AIC \(String(format: "%-12.1f", f.aic)) \(f.method == .censored ? "KM distance \(NumberText.fixed(f.ksStatistic, 4))" : "KS D = \(NumberText.fixed(f.ksStatistic, 4)), p = \(NumberText.significant(f.ksP, 3))")  \(distributionText(f, unit: d.unit))\n"
            }
            if let n = d.note { out += "# note: \(n)\n" }
            if let w = d.warning { out += "# warning: \(w)\n" }
            if let best = d.fits.first, d.warning == nil {
                out += "# paste where the step's duration goes:\n#   duration: \(distributionText(best, unit: d.unit))\n"
            } else if let e = d.empirical {
                out += "# the continuous empirical distribution instead (the sample's quantiles, linear in between, and an\n"
                out += "# exponential tail beyond the last value; mean \(short(e.mean)), sd \(short(e.variance.squareRoot())) \(d.unit.rawValue)s):\n"
                out += "#   duration: \(empiricalText(e, unit: d.unit))\n"
            }
        }
        if fit.durations.contains(where: { !$0.byClass.isEmpty }) || !fit.branches.isEmpty {
            out += scenarioText(fit)
        }
        return out
    }

    /// The calendar model's rates for the days after the data, as the stream's `by_date`, a day
    /// to a line.
    static func datedText(_ c: EpisodeFit.Calendar) -> String {
        let m = c.model
        var out = "    # the calendar model (\(c.selection.best)), chosen out of sample over the last \(c.validationDays) days,\n"
        out += "    # forecasts the \(c.rates.count / 24) days after the data; these rates replace by_hour's on those dates\n"
        if c.aheadMonday == nil {
            out += "    # (numeric times have no dates: set start to the date the data end)\n"
        }
        out += "    by_date:\n      start: \(c.aheadStart)\n      unit: per hour\n      values: ["
        let days = stride(from: 0, to: c.rates.count, by: 24).map { i in
            c.rates[i..<(i + 24)].map { NumberText.significant($0, 4) }.joined(separator: ", ")
        }
        out += days.joined(separator: ",\n               ") + "]\n"
        if let monday = c.aheadMonday {
            out += "    # by_date needs the scenario's run.start (the Monday at time 0): run: {start: \(CivilDate.isoDate(monday))}\n"
        }
        if m.size != nil {
            out += "    # the counts vary more than Poisson (dispersion \(short(m.dispersion))): the simulated arrivals, Poisson, understate the spread\n"
        }
        return out
    }

    /// With per-class fits or outcomes, the rest of a scenario that validates and runs: each
    /// duration a delay step in column order (with the classes' own best forms under
    /// `by_class`), each outcome a branch whose arm holds the durations recorded only where it
    /// is true. Delays stand where `use` steps of the hospital's resources will go.
    static func scenarioText(_ fit: EpisodeFit) -> String {
        var out = "\n# A scenario to start from: each duration is a delay step (put the resources and `use` steps in\n"
        out += "# their place), with each class's own best form under by_class; each outcome is a branch whose\n"
        out += "# arm holds the durations recorded only where it is true, with its probability by class.\n"
        out += "name: fitted from \(fit.file)\ntime_unit: minute\nrun:\n  horizon: \"\(short((fit.arrivals.hours / 24).rounded())) day\"\n  replications: 10\n"
        if let monday = fit.calendar?.aheadMonday { out += "  start: \(CivilDate.isoDate(monday))  # places by_date's rates (forecast sets it from --now)\n" }
        if !fit.classes.isEmpty { out += "classes:\n" + fit.classes.map { "  - name: \($0.name)\n" }.joined() }
        out += "resources: []\npathway:\n"
        func delay(_ d: EpisodeFit.Durations, indent: String) -> String {
            guard let best = d.fits.first else { return "\(indent)# \(d.column): nothing to fit\n" }
            var text = "\(indent)- delay: \(distributionText(best, unit: d.unit))  # \(d.column)\n"
            let own = d.byClass.compactMap { c in c.durations.fits.first.map { (c.name, $0) } }
            if !own.isEmpty {
                text += "\(indent)  by_class:\n"
                for (name, f) in own { text += "\(indent)    \(name): {duration: \(distributionText(f, unit: d.unit))}\n" }
            }
            return text
        }
        let inArms = Set(fit.branches.flatMap(\.durations))
        for d in fit.durations where !inArms.contains(d.column) { out += delay(d, indent: "  ") }
        for b in fit.branches {
            let probability = b.byClass.isEmpty
                ? NumberText.fixed(b.all.share, 4)
                : "{" + b.byClass.map { "\($0.name): \(NumberText.fixed($0.share.share, 4))" }.joined(separator: ", ") + "}"
            out += "  - branch:  # \(b.column)\n      - probability: \(probability)\n        steps:"
            let inside = fit.durations.filter { b.durations.contains($0.column) }
            out += inside.isEmpty ? " []\n" : "\n" + inside.map { delay($0, indent: "          ") }.joined()
            out += "      - otherwise: []\n"
        }
        return out
    }
}
