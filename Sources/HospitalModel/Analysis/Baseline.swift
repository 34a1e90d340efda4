import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import Foundation
import SimKernel

/// A baseline: a results document (or a subset of its metrics), with optional per-metric
/// tolerances (read from JSON by the formats layer).
public struct Baseline: Sendable {
    public struct Metric: Sendable {
        public var name: String
        public var mean: Double
        public var sd: Double
        public var n: Int

        public init(name: String, mean: Double, sd: Double, n: Int) {
            self.name = name
            self.mean = mean
            self.sd = sd
            self.n = n
        }
    }
    public var metrics: [Metric]
    public var tolerances: [String: Double]
    public var seed: UInt64?
    public var replications: Int?
    public var horizon: Double?
    public var warmup: Double?
    /// `Scenario.identity` and `ModelVersion.current` of the run that made it, when recorded.
    public var scenarioHash: String?
    public var modelVersion: Int?

    public init(metrics: [Metric], tolerances: [String: Double], seed: UInt64?, replications: Int?, horizon: Double?,
                warmup: Double?, scenarioHash: String?, modelVersion: Int?) {
        self.metrics = metrics
        self.tolerances = tolerances
        self.seed = seed
        self.replications = replications
        self.horizon = horizon
        self.warmup = warmup
        self.scenarioHash = scenarioHash
        self.modelVersion = modelVersion
    }
}
