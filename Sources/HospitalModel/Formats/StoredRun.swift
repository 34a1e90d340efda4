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
    /// What makes a run read back not the run that was written (a database changed or damaged
    /// since): a report of it would show numbers that are not what they claim.
    public struct Damage: Error, Sendable {
        public var message: String
    }

    /// The widest span of buckets a sketch can have: at the coarsest resolution hospsim writes
    /// (0.5%), every double from the zero threshold up fits in about 73,000.
    static let maximumBucketSpan = 200_000

    /// Per-class sketches from bucket rows (class, bucket or nil for the zero bucket, count),
    /// summed over the replications.
    static func sketches(_ rows: [(class: String, bucket: Int?, count: Int)], table: String) throws(Damage) -> [String: QuantileSketch] {
        var buckets: [String: (zero: Int, counts: [Int: Int])] = [:]
        for row in rows {
            guard row.count >= 0 else { throw Damage(message: "\(table): class '\(row.class)' has a negative count (\(row.count))") }
            if let bucket = row.bucket {
                buckets[row.class, default: (0, [:])].counts[bucket, default: 0] += row.count
            } else {
                buckets[row.class, default: (0, [:])].zero += row.count
            }
        }
        var sketches: [String: QuantileSketch] = [:]
        for (name, b) in buckets {
            let low = b.counts.keys.min() ?? 0, high = b.counts.keys.max() ?? -1
            let span = high.subtractingReportingOverflow(low)
            guard high < low || !span.overflow && span.partialValue < Self.maximumBucketSpan else {
                throw Damage(message: "\(table): class '\(name)' has buckets from \(low) to \(high), more than any sketch holds")
            }
            sketches[name] = QuantileSketch(zeroCount: b.zero, offset: low, counts: high >= low ? (low...high).map { b.counts[$0] ?? 0 } : [])
        }
        return sketches
    }

    /// Checks that every metric has one value per replication and every profile one row of
    /// hours (24, or 168 by the hour of the week) per replication.
    func checkWhole() throws(Damage) {
        guard replications >= 1 else { throw Damage(message: "the run has \(replications) replications") }
        for (name, values) in metrics.sorted(by: { $0.key < $1.key }) where values.count != replications {
            throw Damage(message: "metric '\(name)' has \(values.count) values for \(replications) replications")
        }
        for (name, rows) in profiles.sorted(by: { $0.key < $1.key }) {
            guard rows.count == replications, rows.allSatisfy({ $0.count == 24 || $0.count == 168 }) else {
                throw Damage(message: "profile '\(name)' has \(rows.count) rows of \(Set(rows.map(\.count)).sorted().map(String.init).joined(separator: " or ")) hours "
                             + "for \(replications) replications")
            }
        }
    }
}
