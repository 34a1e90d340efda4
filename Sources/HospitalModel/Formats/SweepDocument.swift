import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import Foundation

/// The machine formats of `simrun sweep`: CSV with one row per grid point (its settings, then
/// each shown metric's mean and half width) and JSON with every metric of every point.
public enum SweepDocument {
    public static func csv(_ points: [[ScenarioPatch.Assignment]], _ results: [RunResult], _ metrics: [String]) -> String {
        let paths = points[0].map(\.path)
        var out = (paths.map(CSV.field) + metrics.flatMap { [CSV.field($0 + ".mean"), CSV.field($0 + ".half_width")] }).joined(separator: ",") + "\n"
        for (point, r) in zip(points, results) {
            out += (point.map { CSV.field($0.value) } + metrics.flatMap { m -> [String] in
                let s = r.metric(m)!
                return [CSV.number(s.mean), CSV.number(s.halfWidth)]
            }).joined(separator: ",") + "\n"
        }
        return out
    }

    /// `trailer` adds top-level `"key": value` lines at the end (the precision reached).
    /// `shown` are the metrics the sweep was asked to show (`--metric`, or the main ones): the
    /// report charts those.
    public static func json(_ points: [[ScenarioPatch.Assignment]], _ results: [RunResult], shown: [String] = [], trailer: [String] = []) -> String {
        let first = results[0]
        var out = "{\n  \"scenario\": \(JSON.string(first.scenario)),\n  \"seed\": \(first.seed),\n  \"replications\": \(first.replications.count), \"time_unit\": \(JSON.string(first.timeUnit.rawValue)),\n"
            + (first.antithetic ? "  \"antithetic\": true,\n" : "")
            + (shown.isEmpty ? "" : "  \"metrics_shown\": [" + shown.map(JSON.string).joined(separator: ", ") + "],\n") + "  \"points\": [\n"
        out += zip(points, results).map { point, r in
            let set = point.map { "\(JSON.string($0.path)): \(JSON.string($0.value))" }.joined(separator: ", ")
            let metrics = r.metrics.map { "      \(JSON.string($0.name)): \(ResultsDocument.summary($0.summary))" }.joined(separator: ",\n")
            return "    {\"set\": {\(set)},\n     \"metrics\": {\n\(metrics)\n     }}"
        }.joined(separator: ",\n")
        return out + "\n  ]" + trailer.map { ",\n  " + $0 }.joined() + "\n}\n"
    }
}
