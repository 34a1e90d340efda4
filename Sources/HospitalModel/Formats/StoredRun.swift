import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import CSQLite
import Foundation
import SimKernel

/// One run read back from a results database: what `simrun report` shows.
public struct StoredRun: Sendable {
    public var id: Int64
    public var scenario: String
    public var seed: String
    public var replications: Int
    public var horizon: Double
    public var warmup: Double
    public var timeUnit: String
    public var policy: String
    /// Each metric's values, one per replication in replication order (NaN where undefined).
    public var metrics: [String: [Double]]
    /// Each profile's 24 values per replication, in replication order.
    public var profiles: [String: [[Double]]] = [:]
    /// The classes with their targets, sorted by name.
    public var classes: [(name: String, target: Double?)] = []
    /// Each class's waits pooled over the replications (empty for runs written before schema 3).
    public var waits: [String: QuantileSketch] = [:]
    /// Each class's times to treatment, likewise (empty for runs written before schema 5).
    public var treatments: [String: QuantileSketch] = [:]
    public var theory: TheoryResult?
}
