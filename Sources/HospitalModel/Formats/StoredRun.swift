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

extension StoredRun {
    /// Per-class sketches from bucket rows (class, bucket or nil for the zero bucket, count),
    /// summed over the replications.
    static func sketches(_ rows: [(class: String, bucket: Int?, count: Int)]) -> [String: QuantileSketch] {
        var buckets: [String: (zero: Int, counts: [Int: Int])] = [:]
        for row in rows {
            if let bucket = row.bucket {
                buckets[row.class, default: (0, [:])].counts[bucket, default: 0] += row.count
            } else {
                buckets[row.class, default: (0, [:])].zero += row.count
            }
        }
        return buckets.mapValues { b in
            let low = b.counts.keys.min() ?? 0, high = b.counts.keys.max() ?? -1
            return QuantileSketch(zeroCount: b.zero, offset: low, counts: high >= low ? (low...high).map { b.counts[$0] ?? 0 } : [])
        }
    }
}
