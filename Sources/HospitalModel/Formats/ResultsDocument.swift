import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import SimKernel
import Foundation

/// The results JSON of the command-line contract, written by hand so that key order and number
/// formatting are fixed: the same run always gives the same bytes.
public enum ResultsDocument {
    /// The results document; `trailer` adds top-level lines after the profiles (a baseline's
    /// identity and tolerances), each a `"key": value` JSON text.
    /// With `distributions`, the pooled wait distributions follow the profiles, then the exact
    /// values of a single-station model (`theory`) where they apply.
    public static func json(_ r: RunResult, trailer: [String] = [], distributions: Bool = true) -> String {
        var out = "{\n" + header(r)
        out += "  \"policy\": \(JSON.string(r.policy)),\n"
        out += "  \"metrics\": {\n"
        out += r.metrics.map { "    \(JSON.string($0.name)): \(summary($0.summary))" }.joined(separator: ",\n")
        out += "\n  },\n  \"profiles\": {\n"
        out += r.profiles.map { p in
            "    \(JSON.string(p.name)): [" + p.hours.map { "{\"mean\": \(JSON.number($0.mean)), \"half_width\": \(JSON.number($0.halfWidth))}" }.joined(separator: ", ") + "]"
        }.joined(separator: ",\n")
        out += "\n  }"
        if distributions, let d = r.waitDistributions { out += ",\n  \"wait_distributions\": " + waitDistributions(d) }
        if distributions, let d = r.treatmentDistributions { out += ",\n  \"treatment_distributions\": " + waitDistributions(d) }
        if distributions, let theory = r.theory { out += ",\n  \"theory\": " + Self.theory(theory) }
        out += trailer.map { ",\n  " + $0 }.joined() + "\n}\n"
        return out
    }

    /// The percentiles 0, 1, ..., 100 reported of each wait distribution.
    public static let percentiles = (0...100).map { Double($0) / 100 }

    static func waitDistributions(_ d: (all: QuantileSketch, classes: [(name: String, target: Double?, sketch: QuantileSketch)])) -> String {
        func one(_ sketch: QuantileSketch, target: Double?) -> String {
            "{\"n\": \(sketch.count)" + (target.map { ", \"target\": \(JSON.number($0))" } ?? "")
                + ", \"percentiles\": [" + percentiles.map { JSON.number(sketch.quantile($0)) }.joined(separator: ", ") + "]}"
        }
        return "{\n    \"all\": " + one(d.all, target: nil) + ",\n    \"classes\": {\n"
            + d.classes.map { "      \(JSON.string($0.name)): " + one($0.sketch, target: $0.target) }.joined(separator: ",\n") + "\n    }\n  }"
    }

    public static func theory(_ t: TheoryResult) -> String {
        var s = "{\"model\": \(JSON.string(t.model)), \"parameters\": \(JSON.string(t.parameters)), \"values\": {"
        s += t.values.map { "\(JSON.string($0.metric)): \(JSON.number($0.value))" }.joined(separator: ", ") + "}"
        if let w = t.waitDistribution {
            s += ", \"wait_distribution\": {\"no_wait\": \(JSON.number(w.noWait)), \"parts\": ["
            s += w.parts.map { "{\"weight\": \(JSON.number($0.weight)), \"shape\": \($0.shape), \"rate\": \(JSON.number($0.rate))}" }.joined(separator: ", ")
            s += "]}"
        }
        return s + "}"
    }

    /// A baseline for `simrun check`: the results document with the scenario's identity, the
    /// model version and any per-metric tolerances.
    public static func baseline(_ r: RunResult, tolerances: [(metric: String, fraction: Double)]) -> String {
        var trailer = ["\"scenario_hash\": \(JSON.string(r.identity)), \"model_version\": \(ModelVersion.current)"]
        if !tolerances.isEmpty {
            trailer.append("\"tolerance\": {" + tolerances.map { "\(JSON.string($0.metric)): \(JSON.number($0.fraction))" }.joined(separator: ", ") + "}")
        }
        return json(r, trailer: trailer, distributions: false)
    }

    /// The `"precision"` entry of a document whose replications were added to a precision.
    public static func precision(_ verdict: PrecisionVerdict, goals: [(metric: String, goal: Double)]) -> String {
        "\"precision\": {\"goals\": {" + goals.map { "\(JSON.string($0.metric)): \(JSON.number($0.goal))" }.joined(separator: ", ")
            + "}, \"reached\": \(verdict.reached), \"replications\": \(verdict.replications), \"decided_by\": \(JSON.string(verdict.decidedBy)), "
            + "\"relative_half_width\": \(JSON.number(verdict.relativeHalfWidth))}"
    }

    /// The lines every document of a run starts with: scenario, seed, replications, horizon,
    /// warm-up and time unit.
    static func header(_ r: RunResult) -> String {
        "  \"scenario\": \(JSON.string(r.scenario)),\n  \"seed\": \(r.seed),\n  \"replications\": \(r.replications.count),\n"
            + (r.antithetic ? "  \"antithetic\": true,\n" : "")
            + "  \"horizon\": \(JSON.number(r.horizon)), \"warmup\": \(JSON.number(r.warmup)), \"time_unit\": \(JSON.string(r.timeUnit.rawValue)),\n"
    }

    public static func summary(_ s: Summary) -> String {
        "{\"mean\": \(JSON.number(s.mean)), \"half_width\": \(JSON.number(s.halfWidth)), \"sd\": \(JSON.number(s.sd)), \"min\": \(JSON.number(s.min)), \"max\": \(JSON.number(s.max)), \"n\": \(s.n)}"
    }

    /// One row per metric: metric,mean,half_width,sd,min,max,n.
    public static func csv(_ r: RunResult) -> String {
        var out = "metric,mean,half_width,sd,min,max,n\n"
        for (name, s) in r.metrics {
            out += [CSV.field(name), CSV.number(s.mean), CSV.number(s.halfWidth), CSV.number(s.sd),
                    CSV.number(s.min), CSV.number(s.max), String(s.n)].joined(separator: ",") + "\n"
        }
        return out
    }
}

extension ResultsDocument {
    /// Reads the results document `doc` (the top-level object of `file`). A metric without a
    /// numeric `mean` and `n` is an error at its key path; `null` numbers read as NaN.
    public static func read(_ doc: [String: Any], file: String) throws(ScenarioErrors) -> StoredResults {
        func fail(_ message: String, _ path: String) -> ScenarioErrors {
            ScenarioErrors(all: [ScenarioError(file: file, line: 1, column: 1, keyPath: path, message: message)])
        }
        func number(_ any: Any?) -> Double? { any is NSNull ? .nan : (any as? NSNumber)?.doubleValue }
        guard let raw = doc["metrics"] as? [String: Any], !raw.isEmpty else {
            throw fail("a results document needs a non-empty \"metrics\" object", "metrics")
        }
        var metrics: [StoredResults.Metric] = []
        for name in raw.keys.sorted() {
            guard let m = raw[name] as? [String: Any], let mean = number(m["mean"]), let n = (m["n"] as? NSNumber)?.intValue else {
                throw fail("each metric needs numbers \"mean\" and \"n\" (and \"sd\" when n > 1)", "metrics.\(name)")
            }
            metrics.append(.init(name: name, mean: mean, halfWidth: number(m["half_width"]) ?? .nan,
                                   sd: (m["sd"] as? NSNumber)?.doubleValue ?? 0, n: n))  // sd is null for one replication
        }
        var profiles: [(name: String, hours: [(mean: Double, halfWidth: Double)])] = []
        for (name, hours) in (doc["profiles"] as? [String: [Any]] ?? [:]).sorted(by: { $0.key < $1.key }) {
            profiles.append((name, hours.compactMap { $0 as? [String: Any] }.map { (number($0["mean"]) ?? .nan, number($0["half_width"]) ?? .nan) }))
        }
        var stored = StoredResults(scenario: doc["scenario"] as? String, seed: (doc["seed"] as? NSNumber)?.uint64Value,
                                   replications: (doc["replications"] as? NSNumber)?.intValue, horizon: number(doc["horizon"]),
                                   warmup: number(doc["warmup"]), timeUnit: doc["time_unit"] as? String, policy: doc["policy"] as? String,
                                   metrics: metrics, profiles: profiles)
        func read(_ any: Any?, name: String, path: String) throws(ScenarioErrors) -> StoredResults.WaitPercentiles {
            guard let d = any as? [String: Any], let n = (d["n"] as? NSNumber)?.intValue,
                  let ps = (d["percentiles"] as? [Any])?.map({ number($0) ?? .nan }), ps.count == percentiles.count else {
                throw fail("a distribution needs \"n\" and \(percentiles.count) \"percentiles\"", path)
            }
            return .init(name: name, n: n, target: number(d["target"]), percentiles: ps)
        }
        func distributions(_ key: String) throws(ScenarioErrors) -> (all: StoredResults.WaitPercentiles?, classes: [StoredResults.WaitPercentiles]) {
            guard let raw = doc[key] as? [String: Any] else { return (nil, []) }
            let all = try read(raw["all"], name: "all", path: "\(key).all")
            let classes = raw["classes"] as? [String: Any] ?? [:]
            var list: [StoredResults.WaitPercentiles] = []
            for name in classes.keys.sorted() { list.append(try read(classes[name], name: name, path: "\(key).classes.\(name)")) }
            return (all, list)
        }
        (stored.waitDistribution, stored.classWaitDistributions) = try distributions("wait_distributions")
        (stored.treatmentDistribution, stored.classTreatmentDistributions) = try distributions("treatment_distributions")
        if let t = doc["theory"] {
            guard let theory = readTheory(t) else { throw fail("a theory needs its \"model\" and \"values\"", "theory") }
            stored.theory = theory
        }
        return stored
    }
}

extension ResultsDocument {
    /// A `"theory"` object as `theory(_:)` writes it, or nil when it lacks its model or values.
    public static func readTheory(_ any: Any) -> TheoryResult? {
        func number(_ any: Any?) -> Double? { any is NSNull ? .nan : (any as? NSNumber)?.doubleValue }
        guard let t = any as? [String: Any], let model = t["model"] as? String, let values = t["values"] as? [String: Any] else { return nil }
        var theory = TheoryResult(model: model, parameters: t["parameters"] as? String ?? "",
                                  values: values.keys.sorted().compactMap { k in number(values[k]).map { (k, $0) } })
        if let w = t["wait_distribution"] as? [String: Any], let noWait = number(w["no_wait"]), let parts = w["parts"] as? [[String: Any]] {
            theory.waitDistribution = WaitDistribution(noWait: noWait, parts: parts.compactMap { p in
                guard let weight = number(p["weight"]), let shape = (p["shape"] as? NSNumber)?.intValue, shape >= 1,
                      let rate = number(p["rate"]) else { return nil }
                return (weight, shape, rate)
            })
        }
        return theory
    }

    /// The document's view of `run` read from a database: summaries over its replications,
    /// profiles, pooled waits and theory.
    public static func results(of run: StoredRun) -> StoredResults {
        let metrics = run.metrics.keys.sorted().map { name -> StoredResults.Metric in
            let s = Summary(of: run.metrics[name]!)
            return .init(name: name, mean: s.mean, halfWidth: s.halfWidth, sd: s.sd, n: s.n)
        }
        let profiles = run.profiles.keys.sorted().map { name in
            (name, (0..<24).map { h -> (mean: Double, halfWidth: Double) in
                let s = Summary(of: run.profiles[name]!.map { $0.count == 24 ? $0[h] : .nan })
                return (s.mean, s.halfWidth)
            })
        }
        var stored = StoredResults(scenario: run.scenario, seed: UInt64(run.seed), replications: run.replications, horizon: run.horizon,
                                   warmup: run.warmup, timeUnit: run.timeUnit, policy: run.policy, metrics: metrics, profiles: profiles)
        func percentiles(_ name: String, _ sketch: QuantileSketch, target: Double?) -> StoredResults.WaitPercentiles {
            .init(name: name, n: sketch.count, target: target, percentiles: Self.percentiles.map { sketch.quantile($0) })
        }
        func pooled(_ sketches: [String: QuantileSketch]) -> (all: StoredResults.WaitPercentiles?, classes: [StoredResults.WaitPercentiles]) {
            guard !sketches.isEmpty else { return (nil, []) }
            var all = QuantileSketch()
            var classes: [StoredResults.WaitPercentiles] = []
            for c in run.classes {
                guard let sketch = sketches[c.name] else { continue }
                all.merge(sketch)
                classes.append(percentiles(c.name, sketch, target: c.target))
            }
            return (percentiles("all", all, target: nil), classes)
        }
        (stored.waitDistribution, stored.classWaitDistributions) = pooled(run.waits)
        (stored.treatmentDistribution, stored.classTreatmentDistributions) = pooled(run.treatments)
        stored.theory = run.theory
        return stored
    }
}

/// CSV fields quoted as RFC 4180 asks.
public enum CSV {
    public static func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    public static func number(_ x: Double) -> String { x.isFinite ? JSON.number(x) : "" }
}
