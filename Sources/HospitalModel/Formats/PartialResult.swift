import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import Foundation
import SimKernel

/// The replications one shard ran (`--shard K/N`), written so that `simrun merge` can rebuild
/// exactly the document the unsharded run prints: every per-replication value is kept as the
/// shortest decimal that reads back to the same double.
public struct PartialResult: Sendable {
    /// Which command's document the shards rebuild.
    public enum Kind: String, Sendable, CaseIterable {
        case run, compare, sweep
    }

    public struct Part: Sendable {
        public var label: String
        /// The settings of a sweep's grid point (empty for other kinds).
        public var point: [ScenarioPatch.Assignment] = []
        public var policy: String
        /// `Scenario.identity` of what this part ran.
        public var identity: String
        public var catalog: MetricCatalog
        public var replications: [ReplicationResult]
    }

    public var kind: Kind
    /// The output format the shards were run with: merge prints in it unless told otherwise.
    public var format: String
    /// `ModelVersion.current` of the simrun that wrote it (0: written before versions were kept).
    public var modelVersion = ModelVersion.current
    public var shard: Int
    public var shards: Int
    public var scenario: String
    public var seed: UInt64
    public var totalReplications: Int
    public var antithetic = false
    public var horizon: Double
    public var warmup: Double
    public var timeUnit: TimeUnit
    public var theory: TheoryResult?
    public var parts: [Part]
    /// The metrics a sweep's table or CSV shows (empty otherwise).
    public var shownMetrics: [String] = []

    /// The replications of shard `k` of `n` among `total`: a contiguous block, so every
    /// replication belongs to exactly one shard and keeps its own index (and streams).
    public static func replications(shard k: Int, of n: Int, total: Int) -> Range<Int> {
        (k * total / n)..<((k + 1) * total / n)
    }

    public init(kind: Kind, format: String, shard: Int, shards: Int, totalReplications: Int,
                theory: TheoryResult?, results: [(label: String, result: RunResult)]) {
        let first = results[0].result
        self.kind = kind
        self.format = format
        self.shard = shard
        self.shards = shards
        scenario = first.scenario
        seed = first.seed
        self.totalReplications = totalReplications
        antithetic = first.antithetic
        horizon = first.horizon
        warmup = first.warmup
        timeUnit = first.timeUnit
        self.theory = theory
        parts = results.map { Part(label: $0.label, policy: $0.result.policy, identity: $0.result.identity,
                                   catalog: $0.result.catalog, replications: $0.result.replications) }
    }

    static func exact(_ x: Double) -> String { JSON.string(x.isNaN ? "nan" : String(x)) }

    public func json() -> String {
        var out = "{\n  \"hospsim_partial\": 1, \"model_version\": \(modelVersion),\n"
        out += "  \"kind\": \(JSON.string(kind.rawValue)), \"format\": \(JSON.string(format)),\n"
        out += "  \"shard\": \(shard), \"shards\": \(shards),\n"
        out += "  \"scenario\": \(JSON.string(scenario)), \"seed\": \(seed), \"replications\": \(totalReplications),\n"
        if antithetic { out += "  \"antithetic\": true,\n" }
        out += "  \"horizon\": \(Self.exact(horizon)), \"warmup\": \(Self.exact(warmup)), \"time_unit\": \(JSON.string(timeUnit.rawValue)),\n"
        if let theory {
            out += "  \"theory\": {\"model\": \(JSON.string(theory.model)), \"parameters\": \(JSON.string(theory.parameters)), \"values\": ["
            out += theory.values.map { "[\(JSON.string($0.metric)), \(Self.exact($0.value))]" }.joined(separator: ", ") + "]"
            if let w = theory.waitDistribution {
                out += ", \"wait_distribution\": {\"no_wait\": \(Self.exact(w.noWait)), \"parts\": ["
                out += w.parts.map { "[\(Self.exact($0.weight)), \($0.shape), \(Self.exact($0.rate))]" }.joined(separator: ", ") + "]}"
            }
            out += "},\n"
        }
        if !shownMetrics.isEmpty { out += "  \"shown\": [" + shownMetrics.map(JSON.string).joined(separator: ", ") + "],\n" }
        out += "  \"parts\": [\n"
        out += parts.map { p in
            var s = "    {\"label\": \(JSON.string(p.label)), \"policy\": \(JSON.string(p.policy)), \"scenario_hash\": \(JSON.string(p.identity)),\n"
            if !p.point.isEmpty {
                s += "     \"point\": [" + p.point.map { "[\(JSON.string($0.path)), \(JSON.string($0.value))]" }.joined(separator: ", ") + "],\n"
            }
            s += "     \"metrics\": [" + p.catalog.names.map(JSON.string).joined(separator: ", ") + "],\n"
            s += "     \"profiles\": [" + p.catalog.profileNames.map(JSON.string).joined(separator: ", ") + "],\n"
            s += "     \"classes\": [" + p.catalog.classes.map { "[\(JSON.string($0.name)), \($0.target.map(Self.exact) ?? "null")]" }.joined(separator: ", ") + "],\n"
            s += "     \"replications\": [\n"
            s += p.replications.map { r in
                "       {\"index\": \(r.replication), \"events\": \(r.events), \"metrics\": [" + r.metrics.map(Self.exact).joined(separator: ", ")
                    + "], \"profiles\": [" + r.profiles.map { "[" + $0.map(Self.exact).joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
                    + Self.sketches("waits", r.waits) + Self.sketches("treatments", r.treatments) + "}"
            }.joined(separator: ",\n")
            return s + "\n     ]}"
        }.joined(separator: ",\n")
        return out + "\n  ]\n}\n"
    }

    /// `, "KEY": [[zeros, offset, [counts]], ...]`, or nothing for no sketches.
    static func sketches(_ key: String, _ list: [QuantileSketch]) -> String {
        list.isEmpty ? "" : ", \"\(key)\": [" + list.map { w in
            let b = w.buckets
            return "[\(b.zeroCount), \(b.offset), [" + b.counts.map(String.init).joined(separator: ",") + "]]"
        }.joined(separator: ", ") + "]"
    }

    public static func read(_ data: Data, file: String) throws(ScenarioErrors) -> PartialResult {
        func fail(_ message: String) -> ScenarioErrors {
            ScenarioErrors(all: [ScenarioError(file: file, line: 1, column: 1, keyPath: "", message: message)])
        }
        let doc = try JSONFile.object(data, file: file, what: "a partial result of `simrun ... --shard K/N`")
        guard doc["hospsim_partial"] != nil else { throw fail("not a partial result of `simrun ... --shard K/N`") }
        func number(_ any: Any?) -> Double? { (any as? String).flatMap { Double($0) } }
        guard let kind = (doc["kind"] as? String).flatMap(Kind.init(rawValue:)), let format = doc["format"] as? String,
              let shard = (doc["shard"] as? NSNumber)?.intValue, let shards = (doc["shards"] as? NSNumber)?.intValue,
              let scenario = doc["scenario"] as? String, let seed = (doc["seed"] as? NSNumber)?.uint64Value,
              let total = (doc["replications"] as? NSNumber)?.intValue, let horizon = number(doc["horizon"]),
              let warmup = number(doc["warmup"]), let unit = (doc["time_unit"] as? String).flatMap(TimeUnit.init(rawValue:)),
              let rawParts = doc["parts"] as? [[String: Any]] else {
            throw fail("a partial result lacks one of its header fields")
        }
        var theory: TheoryResult?
        if let t = doc["theory"] as? [String: Any], let model = t["model"] as? String, let parameters = t["parameters"] as? String,
           let values = t["values"] as? [[Any]] {
            theory = TheoryResult(model: model, parameters: parameters,
                                  values: values.compactMap { v in (v.first as? String).flatMap { m in number(v.last).map { (m, $0) } } })
            if let w = t["wait_distribution"] as? [String: Any], let noWait = number(w["no_wait"]), let parts = w["parts"] as? [[Any]] {
                theory?.waitDistribution = WaitDistribution(noWait: noWait, parts: parts.compactMap { p in
                    guard p.count == 3, let weight = number(p[0]), let shape = (p[1] as? NSNumber)?.intValue, shape >= 1,
                          let rate = number(p[2]) else { return nil }
                    return (weight, shape, rate)
                })
            }
        }
        var parts: [Part] = []
        for p in rawParts {
            guard let label = p["label"] as? String, let policy = p["policy"] as? String,
                  let names = p["metrics"] as? [String], let profileNames = p["profiles"] as? [String],
                  let reps = p["replications"] as? [[String: Any]] else { throw fail("a part lacks its label, names or replications") }
            var replications: [ReplicationResult] = []
            for r in reps {
                guard let index = (r["index"] as? NSNumber)?.intValue, let events = (r["events"] as? NSNumber)?.intValue,
                      let metrics = (r["metrics"] as? [String])?.compactMap({ Double($0) }), metrics.count == names.count,
                      let profiles = (r["profiles"] as? [[String]])?.map({ $0.compactMap { Double($0) } }),
                      profiles.count == profileNames.count, profiles.allSatisfy({ $0.count == 24 }) else {
                    throw fail("a replication's values do not match its metric names")
                }
                var replication = ReplicationResult(replication: index, metrics: metrics, profiles: profiles, events: events)
                func sketches(_ key: String) throws(ScenarioErrors) -> [QuantileSketch] {
                    guard let list = r[key] as? [[Any]] else { return [] }
                    return try list.map { w throws(ScenarioErrors) -> QuantileSketch in
                        guard w.count == 3, let zero = (w[0] as? NSNumber)?.intValue, let offset = (w[1] as? NSNumber)?.intValue,
                              let counts = (w[2] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }) else {
                            throw fail("a replication's \(key) are not [zeros, offset, [counts]]")
                        }
                        return QuantileSketch(zeroCount: zero, offset: offset, counts: counts)
                    }
                }
                replication.waits = try sketches("waits")
                replication.treatments = try sketches("treatments")
                replications.append(replication)
            }
            let point = (p["point"] as? [[String]] ?? []).compactMap { $0.count == 2 ? ScenarioPatch.Assignment(path: $0[0], value: $0[1]) : nil }
            parts.append(Part(label: label, point: point, policy: policy, identity: p["scenario_hash"] as? String ?? "",
                              catalog: MetricCatalog(names: names, profileNames: profileNames, classes: (p["classes"] as? [[Any]] ?? []).compactMap { c in
                                  (c.first as? String).map { ($0, number(c.last)) }
                              }),
                              replications: replications))
        }
        var partial = PartialResult(kind: kind, format: format, shard: shard, shards: shards, scenario: scenario,
                                    seed: seed, totalReplications: total, horizon: horizon, warmup: warmup, timeUnit: unit,
                                    theory: theory, parts: parts)
        partial.parts = parts
        partial.antithetic = doc["antithetic"] as? Bool ?? false
        partial.shownMetrics = doc["shown"] as? [String] ?? []
        partial.modelVersion = (doc["model_version"] as? NSNumber)?.intValue ?? 0
        return partial
    }

    init(kind: Kind, format: String, shard: Int, shards: Int, scenario: String, seed: UInt64, totalReplications: Int,
         horizon: Double, warmup: Double, timeUnit: TimeUnit, theory: TheoryResult?, parts: [Part]) {
        self.kind = kind
        self.format = format
        self.shard = shard
        self.shards = shards
        self.scenario = scenario
        self.seed = seed
        self.totalReplications = totalReplications
        self.horizon = horizon
        self.warmup = warmup
        self.timeUnit = timeUnit
        self.theory = theory
        self.parts = parts
    }

    /// Joins the shards of one run into its results, one per part (variant), checking that
    /// every shard is there exactly once and that they belong together.
    public static func merge(_ partials: [(file: String, partial: PartialResult)]) throws(ScenarioErrors) -> (results: [(label: String, result: RunResult)], first: PartialResult) {
        guard let (_, first) = partials.first else {
            throw ScenarioErrors(all: [ScenarioError(file: "merge", line: 1, column: 1, keyPath: "", message: "no partial results given")])
        }
        func fail(_ file: String, _ message: String) -> ScenarioErrors {
            ScenarioErrors(all: [ScenarioError(file: file, line: 1, column: 1, keyPath: "", message: message)])
        }
        var seen = Set<Int>()
        for (file, p) in partials {
            if let difference = p.difference(from: first) {
                throw fail(file, "this part does not belong to the same run as \(partials[0].file): \(difference)")
            }
            guard seen.insert(p.shard).inserted else { throw fail(file, "shard \(p.shard) of \(p.shards) is given twice") }
        }
        let missing = (0..<first.shards).filter { !seen.contains($0) }
        guard missing.isEmpty else {
            throw fail(partials[0].file, "shards missing: \(missing.map(String.init).joined(separator: ", ")) of \(first.shards)")
        }
        let results = first.parts.indices.map { i -> (label: String, result: RunResult) in
            let all = partials.flatMap { $0.partial.parts[i].replications }.sorted { $0.replication < $1.replication }
            let part = first.parts[i]
            var result = RunResult(scenario: first.scenario, seed: first.seed, horizon: first.horizon, warmup: first.warmup,
                                   timeUnit: first.timeUnit, policy: part.policy, catalog: part.catalog, replications: all,
                                   antithetic: first.antithetic)
            result.identity = part.identity
            if first.kind == .run { result.theory = first.theory }
            return (part.label, result)
        }
        for (label, r) in results where r.replications.map(\.replication) != Array(0..<first.totalReplications) {
            throw fail(partials[0].file, "the replications of \(label) do not add up to 0..<\(first.totalReplications)")
        }
        return (results, first)
    }

    /// The first way in which `self` and `other` are not parts of one run, in words, or nil.
    public func difference(from other: PartialResult) -> String? {
        func differs<T: Equatable>(_ what: String, _ a: T, _ b: T) -> String? {
            a == b ? nil : "\(what) differs (\(a) here, \(b) there)"
        }
        if let d = differs("the model version", modelVersion, other.modelVersion) {
            return d + (min(modelVersion, other.modelVersion) == 0 ? "; one was written by a simrun before model versions were kept" : "")
        }
        if let d = differs("the command", kind.rawValue, other.kind.rawValue) ?? differs("the number of shards", shards, other.shards)
            ?? differs("the scenario name", scenario, other.scenario) ?? differs("the seed", seed, other.seed)
            ?? differs("the number of replications", totalReplications, other.totalReplications)
            ?? differs("antithetic pairing", antithetic, other.antithetic)
            ?? differs("the horizon", horizon, other.horizon) ?? differs("the warm-up", warmup, other.warmup) {
            return d
        }
        guard parts.map(\.label) == other.parts.map(\.label) else {
            return "the variants or sweep points differ"
        }
        for (a, b) in zip(parts, other.parts) {
            if a.identity != b.identity {
                let which = parts.count > 1 ? " of \(a.label)" : ""
                return "the scenario's content\(which) differs (scenario hash \(a.identity.isEmpty ? "none" : a.identity) here, "
                    + "\(b.identity.isEmpty ? "none" : b.identity) there): the file was changed between the runs"
            }
            if a.catalog.names != b.catalog.names { return "the metrics of \(a.label) differ" }
        }
        return nil
    }
}
