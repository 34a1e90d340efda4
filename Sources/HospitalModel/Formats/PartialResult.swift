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

    /// The document's text.
    public func json() -> String { DocumentEncoder.json(self, layout: Self.layout) }

    public static let layout: DocumentLayout = {
        let replication = ["parts", "*", "replications", "*"]
        return DocumentLayout(
            blocks: [[], ["parts"], ["parts", "*", "replications"]], hanging: [["parts", "*"]: 1],
            tight: [replication + ["waits", "*", "*"], replication + ["treatments", "*", "*"]],
            lines: [["hospsim_partial", "model_version"], ["kind", "format"], ["shard", "shards"], ["scenario", "seed", "replications"],
                    ["horizon", "warmup", "time_unit"], ["label", "policy", "scenario_hash"]])
    }()

    public static func read(_ data: Data, file: String) throws(ScenarioErrors) -> PartialResult {
        let what = "a partial result of `simrun ... --shard K/N`"
        try DocumentReader.require(try DocumentKind.of(data, file: file) == .partial, in: data, file: file, at: "", "not \(what)")
        return try DocumentReader.decode(PartialResult.self, from: data, file: file, what: "a partial result")
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
            a == b ? nil : "\(what) differs (\(shown(a)) here, \(shown(b)) there)"
        }
        // Times as a person writes them: 200, not 200.0.
        func shown<T>(_ x: T) -> String { (x as? Double).map { NumberText.readable($0) } ?? "\(x)" }
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
