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
    @Option(help: "Write the output to this file instead of standard output.")
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
        do {
            let table = try EpisodeTable.read(path: file)
            fit = try EpisodeFit(table, arrival: arrival, classColumn: classColumn ?? by, durations: duration, timeUnit: timeUnit,
                                 profile: profile.map { $0 == .week ? 168 : 24 }, recording: recording, byClass: by != nil,
                                 branches: branch, backtest: backtest)
            if backtest, fit.backtest == nil {
                printError("\(file): warning: --backtest needs five weeks of arrivals (four to fit, one to score); these cover \(ResultTable.format(fit.arrivals.hours / 24)) days")
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
