import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import Foundation
import SimKernel

/// The JSON and CSV forms of a comparison, with a fixed key order.
public enum ComparisonDocument {
    /// `trailer` adds top-level `"key": value` lines at the end (the precision reached).
    public static func json(_ c: Comparison, trailer: [String] = []) -> String {
        guard let first = c.variants.first?.result else { return "{}\n" }
        var out = "{\n" + ResultsDocument.header(first)
        out += "  \"baseline\": \(JSON.string(c.variants[0].label)),\n"
        out += "  \"variants\": [\n"
        out += c.variants.enumerated().map { v, variant in
            var s = "    {\"label\": \(JSON.string(variant.label)), \"pareto_efficient\": \(variant.paretoEfficient),\n"
            s += "     \"metrics\": {\n"
            s += c.metricNames.map { name in
                var entry = "       \(JSON.string(name)): {\"summary\": \(ResultsDocument.summary(variant.result.metric(name)!))"
                if v > 0, let d = c.difference(variant: v, metric: name) {
                    entry += ", \"difference\": {\"mean\": \(JSON.number(d.summary.mean)), \"half_width\": \(JSON.number(d.summary.halfWidth)), \"significant\": \(d.significant)}"
                }
                return entry + "}"
            }.joined(separator: ",\n")
            s += "\n     }}"
            return s
        }.joined(separator: ",\n")
        out += "\n  ]" + trailer.map { ",\n  " + $0 }.joined() + "\n}\n"
        return out
    }

    /// One row per metric and variant.
    public static func csv(_ c: Comparison) -> String {
        var out = "metric,variant,mean,half_width,n,difference,difference_half_width,significant,pareto_efficient\n"
        for name in c.metricNames {
            for (v, variant) in c.variants.enumerated() {
                let s = variant.result.metric(name)!
                let d = v > 0 ? c.difference(variant: v, metric: name) : nil
                out += [CSV.field(name), CSV.field(variant.label), CSV.number(s.mean), CSV.number(s.halfWidth), String(s.n),
                        d.map { CSV.number($0.summary.mean) } ?? "", d.map { CSV.number($0.summary.halfWidth) } ?? "",
                        d.map { String($0.significant) } ?? "", String(variant.paretoEfficient)].joined(separator: ",") + "\n"
            }
        }
        return out
    }
}

extension ComparisonDocument {
    /// Reads a comparison document (the top-level object of `file`).
    public static func read(_ doc: [String: Any], file: String) throws(ScenarioErrors) -> StoredComparison {
        func fail(_ message: String, _ path: String) -> ScenarioErrors {
            ScenarioErrors(all: [ScenarioError(file: file, line: 1, column: 1, keyPath: path, message: message)])
        }
        func number(_ any: Any?) -> Double { (any as? NSNumber)?.doubleValue ?? .nan }
        func value(_ any: Any?) -> StoredComparison.Value? {
            guard let m = any as? [String: Any] else { return nil }
            return .init(mean: number(m["mean"]), halfWidth: number(m["half_width"]), n: (m["n"] as? NSNumber)?.intValue ?? 0)
        }
        guard let raw = doc["variants"] as? [[String: Any]], !raw.isEmpty else {
            throw fail("a comparison needs a non-empty \"variants\" list", "variants")
        }
        var variants: [StoredComparison.Variant] = []
        var names: [String] = []
        for (i, v) in raw.enumerated() {
            guard let label = v["label"] as? String, let metrics = v["metrics"] as? [String: [String: Any]] else {
                throw fail("a comparison variant lacks its label or metrics", "variants[\(i)]")
            }
            var values: [String: StoredComparison.Value] = [:], differences: [String: (value: StoredComparison.Value, significant: Bool)] = [:]
            for (name, entry) in metrics {
                if let s = value(entry["summary"]) { values[name] = s }
                if let d = entry["difference"] as? [String: Any], let dv = value(d) { differences[name] = (dv, d["significant"] as? Bool ?? false) }
            }
            if names.isEmpty { names = metrics.keys.sorted() }
            variants.append(.init(label: label, paretoEfficient: v["pareto_efficient"] as? Bool ?? false, metrics: values, differences: differences))
        }
        return StoredComparison(scenario: doc["scenario"] as? String, baseline: doc["baseline"] as? String, metricNames: names, variants: variants)
    }
}
