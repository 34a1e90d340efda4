/// The machine forms of `simrun optimize`: JSON with the answer on top (`recommended`,
/// `runners_up`, `pareto`) and every evaluated point below, and CSV with one row per point.
public enum OptimizationDocument {
    static func settings(_ p: Optimizer.Point) -> String {
        "{" + p.settings.map { "\(JSON.string($0.path)): \(JSON.string($0.value))" }.joined(separator: ", ") + "}"
    }

    static func point(_ p: Optimizer.Point, indent: String) -> String {
        var out = "{\"settings\": \(settings(p)), \"replications\": \(p.replications), "
        out += "\"feasible\": \(p.feasible.map { $0 ? "true" : "false" } ?? "null"), \"eliminated\": \(p.eliminated), \"dominated\": \(p.dominated),\n"
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
        out += "  \"recommended\": " + (o.recommended.map { point(o.points[$0], indent: "  ") } ?? "null") + ",\n"
        out += "  \"runners_up\": [" + o.runnersUp.map { "\n    " + point(o.points[$0], indent: "    ") }.joined(separator: ",") + (o.runnersUp.isEmpty ? "" : "\n  ") + "],\n"
        out += "  \"pareto\": [" + o.pareto.map { "\n    " + point(o.points[$0], indent: "    ") }.joined(separator: ",") + (o.pareto.isEmpty ? "" : "\n  ") + "],\n"
        out += "  \"points\": [" + o.points.map { "\n    " + point($0, indent: "    ") }.joined(separator: ",") + "\n  ]\n}\n"
        return out
    }

    /// One row per point: its settings, replications and status, then each named metric's
    /// mean and half width.
    public static func csv(_ o: Optimizer.Outcome, metrics: [String]) -> String {
        let paths = o.points.first?.settings.map(\.path) ?? []
        var out = (paths.map(CSV.field) + ["replications", "feasible", "eliminated", "dominated", "recommended"]
            + metrics.flatMap { [CSV.field($0 + ".mean"), CSV.field($0 + ".half_width")] }).joined(separator: ",") + "\n"
        for (i, p) in o.points.enumerated() {
            var row = p.settings.map { CSV.field($0.value) }
            row += [String(p.replications), p.feasible.map(String.init) ?? "", String(p.eliminated), String(p.dominated),
                    String(o.recommended == i || o.pareto.contains(i))]
            for m in metrics {
                let s = p.result.metric(m)
                row += [s.map { CSV.number($0.mean) } ?? "", s.map { CSV.number($0.halfWidth) } ?? ""]
            }
            out += row.joined(separator: ",") + "\n"
        }
        return out
    }
}
