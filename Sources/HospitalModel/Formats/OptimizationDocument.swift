import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import SimKernel

/// The machine forms of `simrun optimize`: JSON with the answer on top (`recommended`,
/// `runners_up`, `pareto`) and every evaluated point below, and CSV with one row per point.
public enum OptimizationDocument {
    static func settings(_ p: Optimizer.Point) -> String {
        "{" + p.settings.map { "\(JSON.string($0.path)): \(JSON.string($0.value))" }.joined(separator: ", ") + "}"
    }

    /// What a point's status is, in words: the one the table prints and the JSON's `status`.
    public static func status(_ o: Optimizer.Outcome, _ i: Int) -> String {
        let p = o.points[i]
        if o.recommended == i { return "recommended" }
        if o.pareto.contains(i) { return "pareto" }
        if o.runnersUp.contains(i) { return "not separable" }
        if o.equivalent.contains(i) { return "equivalent" }
        if p.feasible == false { return "infeasible" }
        if p.eliminated { return "worse" }
        if p.dominated { return p.dominanceClear ? "dominated" : "dominated?" }
        return p.feasible == nil ? "undecided" : "feasible"
    }

    /// The constraints a point fails or leaves open, with its estimate and by how much it misses:
    /// "resource.bed.wait.mean 47.2 > 45 (by 2.2)".
    public static func failures(_ checks: [Optimizer.ConstraintCheck]) -> [String] {
        checks.filter { $0.verdict != .met && $0.excess > 0 }.map { c in
            "\(c.constraint.metric) \(short(c.mean)) \(c.constraint.atLeast ? "<" : ">") \(NumberText.readable(c.constraint.value)) (by \(short(c.excess))\(c.verdict == .undecided ? ", not yet certain" : ""))"
        }
    }

    /// Four significant digits: enough to see by how much, short enough for a table.
    static func short(_ x: Double) -> String { String(format: "%.4g", x) }

    static func point(_ o: Optimizer.Outcome, _ i: Int, indent: String) -> String {
        let p = o.points[i]
        var out = "{\"settings\": \(settings(p)), \"replications\": \(p.replications), \"status\": \(JSON.string(status(o, i))), "
        out += "\"feasible\": \(p.feasible.map { $0 ? "true" : "false" } ?? "null"), \"eliminated\": \(p.eliminated), \"dominated\": \(p.dominated),\n"
        if i < o.checks.count, !o.checks[i].isEmpty {
            out += indent + " \"constraints\": [" + o.checks[i].map { c in
                "{\"constraint\": \(JSON.string(c.constraint.description)), \"mean\": \(JSON.number(c.mean)), \"half_width\": \(JSON.number(c.halfWidth)), "
                    + "\"verdict\": \(JSON.string(c.verdict.rawValue)), \"excess\": \(JSON.number(c.excess))}"
            }.joined(separator: ", ") + "],\n"
        }
        out += indent + " \"metrics\": {"
        out += p.result.metrics.map { "\(JSON.string($0.name)): \(ResultsDocument.summary($0.summary))" }.joined(separator: ",\n" + indent + "  ")
        return out + "}}"
    }

    public static func json(_ o: Optimizer.Outcome, goal: OptimizationGoal, scenario: String, seed: UInt64, timeUnit: TimeUnit) -> String {
        var out = "{\n  \"scenario\": \(JSON.string(scenario)), \"seed\": \(seed), \"time_unit\": \(JSON.string(timeUnit.rawValue)),\n"
        out += "  \"objectives\": [" + goal.objectives.map { "{\"metric\": \(JSON.string($0.metric)), \"sense\": \($0.maximize ? "\"maximize\"" : "\"minimize\"")}" }.joined(separator: ", ") + "],\n"
        out += "  \"constraints\": [" + goal.constraints.map { "{\"metric\": \(JSON.string($0.metric)), \"operator\": \($0.atLeast ? "\">=\"" : "\"<=\""), \"value\": \(JSON.number($0.value))}" }.joined(separator: ", ") + "],\n"
        out += "  \"confidence\": \(JSON.number(goal.confidence)), \"delta\": \(JSON.number(o.delta)), \"budget\": \(goal.budget), "
        out += "\"replications_used\": \(o.replicationsUsed), \"ended\": \(JSON.string(o.ended)),\n"
        func list(_ indices: [Int]) -> String {
            "[" + indices.map { "\n    " + point(o, $0, indent: "    ") }.joined(separator: ",") + (indices.isEmpty ? "" : "\n  ") + "]"
        }
        out += "  \"recommended\": " + (o.recommended.map { point(o, $0, indent: "  ") } ?? "null") + ",\n"
        out += "  \"runners_up\": " + list(o.runnersUp) + ",\n"
        out += "  \"equivalent\": " + list(o.equivalent) + ",\n"
        out += "  \"pareto\": " + list(o.pareto) + ",\n"
        if !o.shortfalls.isEmpty {
            out += "  \"closest\": [" + o.shortfalls.map { s in
                "\n    {\"constraint\": \(JSON.string(s.constraint.description)), \"best\": \(JSON.number(s.best)), \"settings\": \(settings(o.points[s.point])), "
                    + "\"verdict\": \(JSON.string(s.verdict.rawValue)), \"more_replications_could_help\": \(s.moreReplicationsCouldHelp)}"
            }.joined(separator: ",") + "\n  ],\n"
        }
        out += "  \"points\": " + list(Array(o.points.indices)) + "\n}\n"
        return out
    }

    /// One row per point: its settings, replications and status, then each named metric's
    /// mean and half width.
    public static func csv(_ o: Optimizer.Outcome, metrics: [String]) -> String {
        let paths = o.points.first?.settings.map(\.path) ?? []
        var out = (paths.map(CSV.field) + ["replications", "feasible", "eliminated", "dominated", "recommended", "status", "fails"]
            + metrics.flatMap { [CSV.field($0 + ".mean"), CSV.field($0 + ".half_width")] }).joined(separator: ",") + "\n"
        for (i, p) in o.points.enumerated() {
            var row = p.settings.map { CSV.field($0.value) }
            row += [String(p.replications), p.feasible.map(String.init) ?? "", String(p.eliminated), String(p.dominated),
                    String(o.recommended == i || o.pareto.contains(i)), CSV.field(status(o, i)),
                    CSV.field(i < o.checks.count ? failures(o.checks[i]).joined(separator: "; ") : "")]
            for m in metrics {
                let s = p.result.metric(m)
                row += [s.map { CSV.number($0.mean) } ?? "", s.map { CSV.number($0.halfWidth) } ?? ""]
            }
            out += row.joined(separator: ",") + "\n"
        }
        return out
    }
}
