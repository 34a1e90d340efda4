import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import Foundation
import SimKernel

/// `simrun fit`'s outputs: the JSON document (for scripts) and the YAML fragment that pastes
/// into a scenario (for people).
public enum FitDocument {
    public static func json(_ fit: EpisodeFit) -> String {
        func numbers(_ xs: [Double]) -> JSONValue { .array(xs.map { .number($0) }) }
        let a = fit.arrivals
        var arrivals: [(String, JSONValue)] = [
            ("unit", "per hour"), ("by_hour", numbers(a.profile.rates)), ("lower", numbers(a.profile.lower)), ("upper", numbers(a.profile.upper)),
            ("count", .int(a.arrivals)), ("hours", .number(a.hours)), ("first_day", .string(a.firstDay)),
        ]
        if let t = a.weekTest {
            arrivals.append(("week_test", .object([("statistic", .number(t.statistic)), ("degrees_of_freedom", .int(t.degreesOfFreedom)), ("p", .number(t.p))])))
        }
        var document: [(String, JSONValue)] = [("file", .string(fit.file)), ("time_unit", .string(fit.timeUnit.rawValue)), ("arrivals", .object(arrivals))]
        document.append(("classes", .object(fit.classes.map { ($0.name, .number($0.share)) })))
        if !fit.classes.isEmpty {
            document.append(("class_intervals", .object(fit.classes.map {
                ($0.name, .object([("count", .int($0.count)), ("lower", .number($0.lower)), ("upper", .number($0.upper))]))
            })))
            let profiles = fit.classes.compactMap { c in c.profile.map { (c.name, $0) } }
            if !profiles.isEmpty {
                document.append(("class_profiles", .object(profiles.map { name, p in
                    (name, .object([("unit", "per hour"), ("by_hour", numbers(p.rates)), ("lower", numbers(p.lower)), ("upper", numbers(p.upper))]))
                })))
            }
        }
        document.append(("durations", .object(fit.durations.map { d in
            var entry: [(String, JSONValue)] = [("n", .int(d.n)), ("missing", .int(d.missing)), ("unit", .string(d.unit.rawValue))]
            entry.append(("fits", .array(d.fits.map { f in
                .object([
                    ("form", .string(f.form.rawValue)),
                    ("parameters", .object(f.parameters.map { ($0.name, .number($0.value)) })),
                    ("intervals", .object(zip(f.parameters, f.intervals).map { ($0.name, numbers([$1.lower, $1.upper])) })),
                    ("log_likelihood", .number(f.logLikelihood)), ("aic", .number(f.aic)),
                    ("ks_statistic", .number(f.ksStatistic)), ("ks_p", .number(f.ksP)),
                ])
            })))
            entry.append(("percentiles", numbers(d.percentiles)))
            if let e = d.empirical, let points = e.continuousEmpiricalPoints {
                var empirical: [(String, JSONValue)] = [("values", numbers(points.values)), ("cumulative", numbers(points.cumulative))]
                if let tail = points.tailMean { empirical.append(("tail_mean", .number(tail))) }
                empirical += [("mean", .number(e.mean)), ("sd", .number(e.variance.squareRoot()))]
                entry.append(("empirical", .object(empirical)))
            }
            if let w = d.warning { entry.append(("warning", .string(w))) }
            if let n = d.note { entry.append(("note", .string(n))) }
            return (d.column, .object(entry))
        })))
        return JSONValue.object(document).rendered() + "\n"
    }

    /// A time in the fit's unit as a quantity ("42.5 min"), so that it pastes into a scenario of
    /// any time unit.
    static func quantity(_ x: Double, _ unit: TimeUnit) -> String {
        "\"\(short(x)) \(unit == .minute ? "min" : unit.rawValue)\""
    }

    static func short(_ x: Double) -> String { String(format: "%.6g", x) }

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
            + "], cumulative: [" + points.cumulative.map { String(format: "%.4g", $0) }.joined(separator: ", ") + "]"
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
                ? ";\n# the days of the week differ (likelihood-ratio \(short(t.statistic)) on \(t.degreesOfFreedom) degrees of freedom, p = \(String(format: "%.2g", t.p)))"
                : ";\n# the days of the week do not differ detectably (likelihood-ratio \(short(t.statistic)) on \(t.degreesOfFreedom) degrees of freedom, p = \(String(format: "%.2g", t.p)))"
            if (t.p < 0.05) != (a.bins == 168) { out += ", so consider --profile \(t.p < 0.05 ? "week" : "day")" }
        }
        out += ".\narrivals:\n  - name: fitted\n    by_hour:\n      unit: per hour\n      values: ["
        let rows = stride(from: 0, to: a.bins, by: 12).map { i in a.profile.rates[i..<min(i + 12, a.bins)].map { String(format: "%.4g", $0.isFinite ? $0 : 0) }.joined(separator: ", ") }
        out += rows.joined(separator: ",\n               ") + "]\n"
        if !fit.classes.isEmpty {
            out += "    # class shares (95% intervals): " + fit.classes.map { "\($0.name) \(String(format: "%.3f-%.3f", $0.lower, $0.upper))" }.joined(separator: ", ") + "\n"
            out += "    classes: {" + fit.classes.map { "\($0.name): \(String(format: "%.4f", $0.share))" }.joined(separator: ", ") + "}\n"
        }
        for d in fit.durations {
            out += "\n# \(d.column): n = \(d.n)\(d.missing > 0 ? " (\(d.missing) missing)" : ""), in \(d.unit.rawValue)s; the forms by AIC, best first:\n"
            for f in d.fits {
                out += "#   \(f.form.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) AIC \(String(format: "%-12.1f", f.aic)) KS D = \(String(format: "%.4f", f.ksStatistic)), p = \(String(format: "%.3g", f.ksP))  \(distributionText(f, unit: d.unit))\n"
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
        return out
    }
}
