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

            Example:
              simrun fit scenarios/data/ed-episodes.csv --arrival arrived_at \\
                --class triage --duration doctor_minutes --duration stay_hours:hour --format yaml
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
    @Option(help: "Rates by hour of the day or of the week (default: week when the data cover four weeks).")
    var profile: Profile?
    @Option(help: "Output format: table, yaml (a fragment for a scenario) or json.")
    var format: Format = .table
    @Option(help: "Write the output to this file instead of standard output.")
    var out: String?

    func run() throws {
        let fit: EpisodeFit
        do {
            let table = try EpisodeTable.read(path: file)
            fit = try EpisodeFit(table, arrival: arrival, classColumn: classColumn, durations: duration, timeUnit: timeUnit,
                                 profile: profile.map { $0 == .week ? 168 : 24 })
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
            out += "\n\(d.column): n = \(d.n)\(d.missing > 0 ? ", \(d.missing) missing" : ""), in \(d.unit.rawValue)s\n"
            out += "  " + ResultTable.pad("form", 12) + ResultTable.lpad("AIC", 14) + ResultTable.lpad("KS D", 9) + ResultTable.lpad("KS p", 9) + "   parameters (95% intervals)\n"
            for fitted in d.fits {
                let parameters = zip(fitted.parameters, fitted.intervals).map { "\($0.name) \(f($0.value)) (\(f($1.lower))-\(f($1.upper)))" }
                out += "  " + ResultTable.pad(fitted.form.rawValue, 12) + ResultTable.lpad(NumberText.fixed(fitted.aic, 1), 14)
                    + ResultTable.lpad(NumberText.fixed(fitted.ksStatistic, 4), 9) + ResultTable.lpad(NumberText.significant(fitted.ksP, 3), 9)
                    + "   " + parameters.joined(separator: ", ") + "\n"
            }
            if let n = d.note { out += "  note: \(n)\n" }
            if let best = d.fits.first { out += "  best: \(FitDocument.distributionText(best, unit: d.unit))\n" }
        }
        return out
    }
}
