import Foundation
import HospitalModel
import SimKernel

/// The readable summary: one aligned row per metric with its mean and 95% interval.
enum ResultTable {
    /// "20 replications", or "20 replications in 10 antithetic pairs".
    static func replicationsText(_ r: RunResult) -> String {
        NumberText.counted(r.replications.count, "replication") + (r.antithetic ? " in \(r.replications.count / 2) antithetic pairs" : "")
    }

    /// With `theory`, a column of exact values stands beside the simulated intervals.
    static func render(_ r: RunResult, theory: TheoryResult? = nil) -> String {
        var out = "\(r.scenario)\n"
        out += "\(Self.replicationsText(r)), seed \(r.seed), horizon \(JSON.number(r.horizon)) \(r.timeUnit.rawValue)s"
        out += " after \(JSON.number(r.warmup)) warm-up, policy \(r.policy)\n\n"
        let width = max(30, (r.metrics.map(\.name.count).max() ?? 0) + 2)
        if let theory { out += "theory: \(theory.model), \(theory.parameters)\n\n" }
        out += pad("metric", width) + lpad("mean", 14) + lpad("95% CI ±", 14) + lpad("n", 5)
        out += (theory == nil ? "" : lpad("theory", 14)) + "\n"
        for (name, s) in r.metrics {
            out += pad(name, width) + lpad(format(s.mean), 14) + lpad(format(s.halfWidth), 14) + lpad(String(s.n), 5)
            if let theory, let value = theory.value(name) { out += lpad(format(value), 14) }
            out += "\n"
        }
        return out
    }

    static func format(_ x: Double) -> String { NumberText.table(x) }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
    static func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? " " + s : String(repeating: " ", count: n - s.count) + s }
}
