import ArgumentParser
import Foundation
import HospitalModel
import SimKernel

extension TimeUnit: ExpressibleByArgument {}

struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Estimate a scenario's arrivals and durations from a CSV of patient episodes.",
        discussion: """
            Arrival rates by hour of the day, or of the week when the data cover four weeks \
            (with exact 95% intervals and a test of whether the week is needed), class shares \
            with intervals, and for each duration column maximum-likelihood fits of the \
            exponential, gamma, lognormal, Weibull and normal forms, ranked by AIC with their \
            Kolmogorov-Smirnov statistics. Arrival times are ISO 8601 date-times (the wall \
            clock as written) or numbers in --time-unit; empty duration cells are missing.

            Durations as extracts hold them: a column of whole numbers is read as recorded to \
            one of its units (each value an interval, so zeros and ties are data), or to \
            --resolution; durations still under way when the extract was taken are censored \
            (--censored names a true/false column; with --extract-end an empty duration is \
            under way since its arrival) and fitted by censored likelihood, with the \
            Kaplan-Meier curve beside the fits.

            Arrivals as a calendar (--calendar, or --holidays FILE of special days): a Poisson \
            regression on the hour, the day type, a trend and the recent level, chosen by its \
            error on held-out weeks, with negative binomial intervals when the counts are \
            overdispersed; its rates for the --ahead days after the data go into the YAML as a \
            dated table (by_date) that forecast uses. --backtest scores it beside the profiles.

            Example:
              simrun fit scenarios/data/ed-episodes.csv --arrival arrived_at \\
                --class triage --duration doctor_minutes --duration stay_hours:hour --format yaml
              simrun fit scenarios/data/ward-stays.csv --arrival admitted_at \
                --duration stay_hours:hour --extract-end 2026-03-01T00:00
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, yaml, json }
    enum Profile: String, ExpressibleByArgument, CaseIterable { case day, week }

    @Argument(help: "The episodes: a CSV file with a header line.")
    var file: String
    @Option(help: "The column of arrival times.")
    var arrival: String
    @Option(name: .customLong("class"), help: "The column of patient classes (triage categories).")
    var classColumn: String?
    @Option(help: "A column of durations to fit (repeatable); COLUMN:UNIT gives it its own unit, e.g. stay_hours:hour.")
    var duration: [String] = []
    @Option(help: "The unit of numeric durations and times: minute, hour or day.")
    var timeUnit: TimeUnit = .minute
    @Option(help: "Fit every duration class by class too, by this column of classes (it is --class when that is not given).")
    var by: String?
    @Option(help: "A true/false outcome column (repeatable), e.g. admitted: its share by class, as a branch probability.")
    var branch: [String] = []
    @Flag(help: "Score the arrival models as forecasts by rolling origins over the data (five weeks or more).")
    var backtest = false
    @Flag(help: "Fit the calendar model of arrivals (hour, day type, trend, recent level; chosen out of sample) and forecast the days after the data.")
    var calendar = false
    @Option(help: "Special days for the calendar model: a CSV with a date column (YYYY-MM-DD) and optionally a name column (the day type); implies --calendar.")
    var holidays: String?
    @Option(help: "Days after the data that the calendar model forecasts (1 to 366).")
    var ahead = 7
    @Option(help: "The resolution durations were recorded to, e.g. \"1 minute\", or exact (default: one unit when every value is whole, else exact).")
    var resolution: String?
    @Option(help: "A true/false column: true where the episode was still under way at the extract's end (its durations are lower bounds).")
    var censored: String?
    @Option(help: "When the extract was taken, written as the arrival times are: an empty duration is then still under way.")
    var extractEnd: String?
    @Option(help: "Rates by hour of the day or of the week (default: week when the data cover four weeks).")
    var profile: Profile?
    @Option(help: "Output format: table, yaml (a fragment for a scenario) or json.")
    var format: Format = .table
    @Option(name: [.customShort("o"), .customLong("out"), .customLong("output")], help: "Write the output to this file instead of standard output.")
    var out: String?

    func run() throws {
        let fit: EpisodeFit
        var recording = EpisodeFit.Recording(censoredColumn: censored, extractEnd: extractEnd)
        if resolution == "exact" {
            recording.resolution = 0
        } else if let resolution {
            switch TimeText.duration(resolution, unit: .minute) {
            case .success(let minutes) where minutes > 0: recording.resolution = minutes
            case .success: throw ValidationError("--resolution must be a positive time, got \"\(resolution)\"")
            case .failure(let e): throw ValidationError("--resolution \"\(resolution)\": \(e.message)")
            }
        }
        if let by, let classColumn, by != classColumn {
            throw ValidationError("--by \(by) and --class \(classColumn) name different columns; the classes fitted by are the classes")
        }
        guard (1...366).contains(ahead) else { throw ValidationError("--ahead must be from 1 to 366 days, got \(ahead)") }
        do {
            let table = try EpisodeTable.read(path: file)
            let request = calendar || holidays != nil
                ? EpisodeFit.CalendarRequest(holidays: try holidays.map { path throws(EpisodeTable.Failure) in try EpisodeTable.read(path: path) }, ahead: ahead)
                : nil
            fit = try EpisodeFit(table, arrival: arrival, classColumn: classColumn ?? by, durations: duration, timeUnit: timeUnit,
                                 profile: profile.map { $0 == .week ? 168 : 24 }, recording: recording, byClass: by != nil,
                                 branches: branch, backtest: backtest, calendar: request)
            if backtest, fit.backtest == nil {
                printError("\(file): warning: --backtest needs five weeks of arrivals (four to fit, one to score); these cover \(ResultTable.format(fit.arrivals.hours / 24)) days")
            }
            if request != nil, fit.calendar == nil {
                printError("\(file): warning: the calendar model needs five weeks of arrivals (four to fit, one held out); these cover \(ResultTable.format(fit.arrivals.hours / 24)) days")
            }
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        for d in fit.durations { if let w = d.warning { printError("\(file): warning: \(w)") } }
        let text: String = switch format {
        case .json: FitDocument(fit).json
        case .yaml: FitDocument.yaml(fit)
        case .table: Self.table(fit)
        }
        try Output.write(text, to: out)
    }

    static func calendarTable(_ c: EpisodeFit.Calendar) -> String {
        let m = c.model
        func f(_ x: Double) -> String { ResultTable.format(x) }
        var out = "\ncalendar model of arrivals: \(c.selection.best), chosen out of sample (the week after each of the last \(c.selection.origins) midnights)\n"
        out += "  " + ResultTable.pad("candidate", 44) + ResultTable.lpad("RMSE", 9) + "\n"
        for candidate in c.selection.candidates {
            out += "  " + ResultTable.pad(candidate.specification.description, 44) + ResultTable.lpad(NumberText.fixed(candidate.rmse, 4), 9) + "\n"
        }
        out += "  " + ResultTable.pad("(the week profile, on the same hours)", 44) + ResultTable.lpad(NumberText.fixed(c.selection.weekProfileRMSE, 4), 9) + "\n"
        let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        out += "  days against an average day: " + zip(days, m.dayRatios.weekdays).map { "\($0) \(NumberText.fixed($1, 3))" }.joined(separator: ", ") + "\n"
        for s in c.special {
            out += "  \(s.name): \(s.daysInData) days in the data, \(s.daysAhead) ahead"
                + (s.ratio.map { "; arrivals \(NumberText.fixed($0, 3)) times an ordinary day's" } ?? "; none in the data, so forecast as ordinary days") + "\n"
        }
        if let t = m.trendPerWeek {
            out += "  trend: \(NumberText.fixed(t.ratio, 4)) a week (95% interval \(NumberText.fixed(t.lower, 4))-\(NumberText.fixed(t.upper, 4)))\n"
        }
        out += m.size.map { "  overdispersed (dispersion \(f(m.dispersion)), p = \(NumberText.significant(m.dispersionP, 2))): negative binomial intervals, size \(f($0))\n" }
            ?? "  dispersion \(f(m.dispersion)) (p = \(NumberText.significant(m.dispersionP, 2))): Poisson counts\n"
        out += "  expected arrivals on the days ahead:\n"
        for d in 0..<(c.rates.count / 24) {
            let day = c.rates[(d * 24)..<(d * 24 + 24)].reduce(0, +)
            let label = c.aheadStartDay.map { CivilDate.isoDate($0 + d) } ?? "day +\(d + 1)"
            out += "    " + ResultTable.pad(label, 12) + ResultTable.lpad(NumberText.fixed(day, 1), 9) + "\n"
        }
        return out
    }

    static func table(_ fit: EpisodeFit) -> String {
        let a = fit.arrivals
        func f(_ x: Double) -> String { ResultTable.format(x) }
        var out = "\(fit.file): \(a.arrivals) arrivals over \(f(a.hours / 24)) days from \(a.firstDay)\n\n"
        out += "arrivals per hour by hour of the \(a.bins == 168 ? "week (from Monday 00:00)" : "day"), with 95% intervals\n"
        let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        for h in 0..<a.bins {
            let label = a.bins == 168 ? "\(days[h / 24]) \(String(format: "%02d:00", h % 24))" : String(format: "%02d:00", h)
            out += "  " + ResultTable.pad(label, 11) + ResultTable.lpad(f(a.profile.rates[h]), 10)
                + "   " + f(a.profile.lower[h]) + " - " + f(a.profile.upper[h]) + "\n"
        }
        if let t = a.weekTest {
            out += "week against day profile: likelihood-ratio \(f(t.statistic)) on \(t.degreesOfFreedom) degrees of freedom, p = \(NumberText.significant(t.p, 3))"
                + (t.p < 0.05 ? " (the days differ)\n" : " (no difference detected)\n")
        }
        if !fit.classes.isEmpty {
            out += "\nclass shares, with 95% intervals\n"
            for c in fit.classes {
                out += "  " + ResultTable.pad(c.name, 20) + ResultTable.lpad(NumberText.fixed(c.share, 4), 8)
                    + "   " + String(format: "%.4f - %.4f", c.lower, c.upper) + "   (\(c.count))\n"
            }
        }
        for d in fit.durations {
            out += "\n\(d.column): n = \(d.n)\(d.missing > 0 ? ", \(d.missing) missing" : "")"
                + "\(d.censored > 0 ? ", \(d.censored) still under way (censored)" : ""), in \(d.unit.rawValue)s\n"
            // Censored fits are judged by their distance from the Kaplan-Meier curve (no p-value).
            let censored = d.censored > 0
            out += "  " + ResultTable.pad("form", 12) + ResultTable.lpad("AIC", 14) + ResultTable.lpad(censored ? "KM dist" : "KS D", 9)
                + ResultTable.lpad(censored ? "" : "KS p", 9) + "   parameters (95% intervals)\n"
            for fitted in d.fits {
                let parameters = zip(fitted.parameters, fitted.intervals).map { "\($0.name) \(f($0.value)) (\(f($1.lower))-\(f($1.upper)))" }
                out += "  " + ResultTable.pad(fitted.form.rawValue, 12) + ResultTable.lpad(NumberText.fixed(fitted.aic, 1), 14)
                    + ResultTable.lpad(NumberText.fixed(fitted.ksStatistic, 4), 9) + ResultTable.lpad(censored ? "" : NumberText.significant(fitted.ksP, 3), 9)
                    + "   " + parameters.joined(separator: ", ") + "\n"
            }
            if let km = d.kaplanMeier {
                let ended = [0.5, 0.9].map { q in km.steps.first { $0.survival <= 1 - q }.map { "\(Int(q * 100))% by \(f($0.time))" } ?? "\(Int(q * 100))% beyond the data" }
                out += "  Kaplan-Meier (no assumed form): \(ended.joined(separator: ", ")) \(d.unit.rawValue)s\n"
            }
            if let n = d.note { out += "  note: \(n)\n" }
            if let best = d.fits.first { out += "  best: \(FitDocument.distributionText(best, unit: d.unit))\n" }
            if !d.byClass.isEmpty {
                out += "  by class, the best form (95% intervals):\n"
                for (name, c) in d.byClass {
                    let text = c.fits.first.map { b in
                        b.form.rawValue + " " + zip(b.parameters, b.intervals).map { "\($0.name) \(f($0.value)) (\(f($1.lower))-\(f($1.upper)))" }.joined(separator: ", ")
                    } ?? "nothing to fit"
                    out += "    " + ResultTable.pad(name, 18) + ResultTable.lpad("n = \(c.n)", 10) + "   " + text + "\n"
                }
            }
        }
        if let c = fit.calendar { out += calendarTable(c) }
        if let b = fit.backtest {
            out += "\narrival forecasts backtested from \(b.origins) origins (every hour after four weeks): the hour h ahead\n"
            out += "  " + ResultTable.pad("model", 16) + ResultTable.pad("score", 12) + b.horizons.map { ResultTable.lpad("\($0) h", 9) }.joined() + "\n"
            for s in b.scores {
                var rows: [(String, [Double])] = [("MAE", s.mae), ("RMSE", s.rmse), ("MASE", s.mase), ("bias", s.bias)]
                if s.model != .seasonalNaive { rows += [("cover 80%", s.coverage80), ("cover 95%", s.coverage95)] }
                for (i, row) in rows.enumerated() {
                    out += "  " + ResultTable.pad(i == 0 ? s.model.rawValue : "", 16) + ResultTable.pad(row.0, 12)
                        + row.1.map { ResultTable.lpad(NumberText.fixed($0, 3), 9) }.joined() + "\n"
                }
            }
            out += "  MASE: mean absolute error over the seasonal naive's (same hour last week); below 1 beats it\n"
        }
        for b in fit.branches {
            out += "\n\(b.column): share true, with 95% intervals\n"
            for (name, share) in [("all", b.all)] + b.byClass {
                out += "  " + ResultTable.pad(name, 20) + ResultTable.lpad(NumberText.fixed(share.share, 4), 8)
                    + "   " + String(format: "%.4f - %.4f", share.lower, share.upper) + "   (\(share.count) of \(share.n))\n"
            }
        }
        return out
    }
}
