import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import SimKernel
import Foundation

/// The results document of the command-line contract (`simrun run --format json`, a baseline):
/// one `Codable` type from which the writer (through `DocumentEncoder`, so key order and number
/// formatting are fixed: the same run always gives the same bytes) and the reader come, and
/// against which `ResultsSchemaTests` checks the published JSON Schema.
public struct ResultsDocument: Codable, Sendable {
    public var scenario: String?
    public var seed: UInt64?
    public var replications: Int?
    /// Present (true) when replications ran in antithetic pairs; n then counts pairs.
    public var antithetic: Bool?
    public var horizon: Double?
    public var warmup: Double?
    public var timeUnit: String?
    public var policy: String?
    public var metrics: DocumentMap<SummaryEntry>
    /// 24 hour-of-day values per profile.
    public var profiles: DocumentMap<[HourEntry]>?
    public var waitDistributions: Distributions?
    public var treatmentDistributions: Distributions?
    public var theory: TheoryEntry?
    /// A baseline's identity: the scenario's content hash and the model version.
    public var scenarioHash: String?
    public var modelVersion: Int?
    /// A baseline's per-metric tolerances, as fractions.
    public var tolerance: DocumentMap<Double>?
    public var precision: PrecisionEntry?

    enum CodingKeys: String, CodingKey {
        case scenario, seed, replications, antithetic, horizon, warmup, timeUnit = "time_unit", policy, metrics, profiles
        case waitDistributions = "wait_distributions", treatmentDistributions = "treatment_distributions", theory
        case scenarioHash = "scenario_hash", modelVersion = "model_version", tolerance, precision
    }

    /// One entry per line at the top and in the maps of metrics, profiles and distributions.
    public static let layout = DocumentLayout(
        blocks: [[], ["metrics"], ["profiles"], ["wait_distributions"], ["wait_distributions", "classes"],
                 ["treatment_distributions"], ["treatment_distributions", "classes"]],
        lines: [["horizon", "warmup", "time_unit"], ["scenario_hash", "model_version"]])

    /// The document of `r`. With `distributions`, the pooled wait distributions follow the
    /// profiles, then the exact values of a single-station model (`theory`) where they apply.
    public init(_ r: RunResult, distributions: Bool = true) {
        scenario = r.scenario
        seed = r.seed
        replications = r.replications.count
        antithetic = r.antithetic ? true : nil
        horizon = r.horizon
        warmup = r.warmup
        timeUnit = r.timeUnit.rawValue
        policy = r.policy
        metrics = DocumentMap(r.metrics.map { ($0.name, SummaryEntry($0.summary)) })
        profiles = DocumentMap(r.profiles.map { p in (p.name, p.hours.map { HourEntry(mean: $0.mean, halfWidth: $0.halfWidth) }) })
        if distributions {
            waitDistributions = r.waitDistributions.map(Self.distributions)
            treatmentDistributions = r.treatmentDistributions.map(Self.distributions)
            theory = r.theory.map(TheoryEntry.init)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        scenario = try c.decodeIfPresent(String.self, forKey: .scenario)
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed)
        replications = try c.decodeIfPresent(Int.self, forKey: .replications)
        antithetic = try c.decodeIfPresent(Bool.self, forKey: .antithetic)
        horizon = try c.decodeIfPresent(DocumentNumber.self, forKey: .horizon)?.value
        warmup = try c.decodeIfPresent(DocumentNumber.self, forKey: .warmup)?.value
        timeUnit = try c.decodeIfPresent(String.self, forKey: .timeUnit)
        policy = try c.decodeIfPresent(String.self, forKey: .policy)
        metrics = try c.decode(DocumentMap<SummaryEntry>.self, forKey: .metrics)
        guard !metrics.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: .metrics, in: c, debugDescription: "a results document needs a non-empty \"metrics\" object")
        }
        profiles = try? c.decodeIfPresent(DocumentMap<[HourEntry]>.self, forKey: .profiles)
        waitDistributions = try c.decodeIfPresent(Distributions.self, forKey: .waitDistributions)
        treatmentDistributions = try c.decodeIfPresent(Distributions.self, forKey: .treatmentDistributions)
        theory = try c.decodeIfPresent(TheoryEntry.self, forKey: .theory)
        scenarioHash = try? c.decodeIfPresent(String.self, forKey: .scenarioHash)
        modelVersion = try? c.decodeIfPresent(Int.self, forKey: .modelVersion)
        tolerance = try c.decodeIfPresent(DocumentMap<Double>.self, forKey: .tolerance)
        if let t = tolerance, let bad = t.entries.first(where: { !($0.value >= 0) }) {
            throw DecodingError.dataCorrupted(.init(codingPath: [CodingKeys.tolerance, DocumentMap<Double>.Key(stringValue: bad.key)],
                                                    debugDescription: "a tolerance must be a number >= 0"))
        }
        precision = try? c.decodeIfPresent(PrecisionEntry.self, forKey: .precision)
    }

    static func distributions(_ d: (all: QuantileSketch, classes: [(name: String, target: Double?, sketch: QuantileSketch)])) -> Distributions {
        func one(_ sketch: QuantileSketch, target: Double?) -> Distribution {
            Distribution(n: sketch.count, target: target, percentiles: percentiles.map { DocumentNumber(sketch.quantile($0)) })
        }
        return Distributions(all: one(d.all, target: nil), classes: DocumentMap(d.classes.map { ($0.name, one($0.sketch, target: $0.target)) }))
    }

    /// The document's text.
    public var json: String { DocumentEncoder.json(self, layout: Self.layout) }

    /// The results document of `r` as text; `precision` adds what a precision goal reached.
    public static func json(_ r: RunResult, precision: PrecisionEntry? = nil) -> String {
        var doc = ResultsDocument(r)
        doc.precision = precision
        return doc.json
    }

    /// The percentiles 0, 1, ..., 100 reported of each wait distribution.
    public static let percentiles = (0...100).map { Double($0) / 100 }

    public static func theory(_ t: TheoryResult) -> String {
        String(DocumentEncoder.json(TheoryEntry(t), layout: DocumentLayout(blocks: [])).dropLast())
    }

    /// A baseline for `simrun check`: the results document with the scenario's identity, the
    /// model version and any per-metric tolerances.
    public static func baseline(_ r: RunResult, tolerances: [(metric: String, fraction: Double)]) -> String {
        var doc = ResultsDocument(r, distributions: false)
        doc.scenarioHash = r.identity
        doc.modelVersion = ModelVersion.current
        doc.tolerance = tolerances.isEmpty ? nil : DocumentMap(tolerances.map { ($0.metric, $0.fraction) })
        return doc.json
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
    /// Reads a results document (or a baseline); `file` names it in messages.
    public static func read(_ data: Data, file: String) throws(ScenarioErrors) -> ResultsDocument {
        let doc = try DocumentReader.decode(ResultsDocument.self, from: data, file: file, what: "a results document")
        try DocumentReader.require((doc.replications ?? 1) >= 1, in: data, file: file, at: "replications", "replications must be at least 1")
        return doc
    }

    /// What `check` and `report` use of a results document.
    public var stored: StoredResults {
        var stored = StoredResults(scenario: scenario, seed: seed, replications: replications, horizon: horizon, warmup: warmup,
                                   timeUnit: timeUnit, policy: policy,
                                   metrics: metrics.entries.map { .init(name: $0.key, mean: $0.value.mean.value, halfWidth: $0.value.halfWidth.value,
                                                                       sd: $0.value.sd.value, n: $0.value.n) },
                                   profiles: (profiles?.entries ?? []).map { ($0.key, $0.value.map { ($0.mean.value, $0.halfWidth.value) }) })
        func percentiles(_ name: String, _ d: Distribution) -> StoredResults.WaitPercentiles {
            .init(name: name, n: d.n, target: d.target, percentiles: d.percentiles.map(\.value))
        }
        if let d = waitDistributions {
            stored.waitDistribution = percentiles("all", d.all)
            stored.classWaitDistributions = d.classes.entries.map { percentiles($0.key, $0.value) }
        }
        if let d = treatmentDistributions {
            stored.treatmentDistribution = percentiles("all", d.all)
            stored.classTreatmentDistributions = d.classes.entries.map { percentiles($0.key, $0.value) }
        }
        stored.theory = theory?.result
        return stored
    }
}

extension ResultsDocument {
    /// A `"theory"` object as `theory(_:)` writes it, or nil when it lacks its model or values.
    public static func readTheory(_ data: Data) -> TheoryResult? {
        (try? JSONDecoder().decode(TheoryEntry.self, from: data))?.result
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
    public static func number(_ x: Double) -> String { NumberText.exact(x, nonFinite: "") }
}
