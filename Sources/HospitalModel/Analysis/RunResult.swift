import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import Dispatch
import Foundation
import SimKernel
import Synchronization

/// The summary of a run: each metric's mean and 95% confidence interval over replications.
public struct RunResult: Sendable {
    public var scenario: String
    public var seed: UInt64
    public var horizon: Double
    public var warmup: Double
    public var timeUnit: TimeUnit
    public var policy: String
    /// `Scenario.identity` of what was run.
    public var identity = ""
    public var catalog: MetricCatalog
    /// Class and resource names by index, for patient-level records.
    public var classNames: [String] = []
    public var resourceNames: [String] = []
    public var replications: [ReplicationResult]
    /// Replications ran in antithetic pairs: summaries are over the pairs' means.
    public var antithetic = false
    public var metrics: [(name: String, summary: Summary)]
    public var profiles: [(name: String, hours: [Summary])]
    /// Completed patients' waits pooled over the replications, of all patients and of each class
    /// (with its target); nil when the replications did not keep them.
    public var waitDistributions: (all: QuantileSketch, classes: [(name: String, target: Double?, sketch: QuantileSketch)])?
    /// The same for times from arrival to the start of treatment, the quantity targets judge.
    public var treatmentDistributions: (all: QuantileSketch, classes: [(name: String, target: Double?, sketch: QuantileSketch)])?
    /// The exact values of a single-station model (`Theory`), when they apply.
    public var theory: TheoryResult?
    /// Events simulated and wall-clock seconds, for benchmarks (never in the results document).
    public var events: Int
    public var seconds: Double

    public init(model: CompiledModel, replications: [ReplicationResult], seconds: Double) {
        self.init(scenario: model.scenario.name, seed: model.run.seed, horizon: model.run.horizon, warmup: model.run.warmup,
                  timeUnit: model.timeUnit, policy: model.defaultPolicy.label, catalog: MetricCatalog(model),
                  replications: replications, antithetic: model.run.antithetic)
        classNames = model.classes.map(\.name)
        resourceNames = model.resources.map(\.name)
        identity = model.scenario.identity
        theory = try? Theory.analyse(model.scenario).get()
        self.seconds = seconds
    }

    /// Results rebuilt from replications run elsewhere (shards).
    public init(scenario: String, seed: UInt64, horizon: Double, warmup: Double, timeUnit: TimeUnit, policy: String,
                catalog: MetricCatalog, replications: [ReplicationResult], antithetic: Bool = false) {
        self.scenario = scenario
        self.seed = seed
        self.horizon = horizon
        self.warmup = warmup
        self.timeUnit = timeUnit
        self.policy = policy
        self.catalog = catalog
        self.replications = replications
        self.antithetic = antithetic
        let pairs = antithetic ? Self.pairs(replications) : []
        func units(_ value: (ReplicationResult) -> Double) -> [Double] {
            antithetic ? pairs.map { (value($0.0) + value($0.1)) / 2 } : replications.map(value)
        }
        metrics = catalog.names.enumerated().map { i, name in (name, Summary(of: units { $0.metrics[i] })) }
        profiles = catalog.profileNames.enumerated().map { i, name in
            (name, (0..<24).map { h in Summary(of: units { $0.profiles[i][h] }) })
        }
        events = replications.reduce(0) { $0 + $1.events }
        seconds = 0
        waitDistributions = Self.pooled(replications.map(\.waits), catalog)
        treatmentDistributions = Self.pooled(replications.map(\.treatments), catalog)
    }

    /// Each class's sketches pooled over replications, and all classes together; nil unless
    /// every replication kept one per class.
    static func pooled(_ lists: [[QuantileSketch]], _ catalog: MetricCatalog)
        -> (all: QuantileSketch, classes: [(name: String, target: Double?, sketch: QuantileSketch)])? {
        guard !lists.isEmpty, lists.allSatisfy({ $0.count == catalog.classes.count }) else { return nil }
        var all = QuantileSketch()
        var byClass = Array(repeating: QuantileSketch(), count: catalog.classes.count)
        for list in lists {
            for (c, sketch) in list.enumerated() {
                byClass[c].merge(sketch)
                all.merge(sketch)
            }
        }
        return (all, catalog.classes.enumerated().map { ($1.name, $1.target, byClass[$0]) })
    }

    /// Why the run failed: the first replication stopped by a limit, or nil.
    public var stopped: String? { replications.lazy.compactMap(\.stopped).first }

    /// Patients arrived, in all replications, with none completed: the horizon or a duration is
    /// almost surely wrong (a time in the wrong unit, say).
    public var completedNone: Bool {
        guard let arrived = values("patients.arrived"), let completed = values("patients.completed") else { return false }
        return arrived.reduce(0, +) > 0 && completed.reduce(0, +) == 0
    }

    public func metric(_ name: String) -> Summary? { metrics.first { $0.name == name }?.summary }

    /// The independent observations of one metric: per replication, or per antithetic pair
    /// (the pair's mean), in replication order. Intervals and paired differences use these.
    public func values(_ name: String) -> [Double]? {
        guard let i = catalog.names.firstIndex(of: name) else { return nil }
        guard antithetic else { return replications.map { $0.metrics[i] } }
        return Self.pairs(replications).map { ($0.0.metrics[i] + $0.1.metrics[i]) / 2 }
    }

    /// The complete antithetic pairs (2j, 2j+1) among `replications` (sorted by index).
    static func pairs(_ replications: [ReplicationResult]) -> [(ReplicationResult, ReplicationResult)] {
        var result: [(ReplicationResult, ReplicationResult)] = []
        var i = 0
        while i + 1 < replications.count {
            let a = replications[i], b = replications[i + 1]
            if a.replication % 2 == 0, b.replication == a.replication + 1 {
                result.append((a, b))
                i += 2
            } else {
                i += 1
            }
        }
        return result
    }
}
