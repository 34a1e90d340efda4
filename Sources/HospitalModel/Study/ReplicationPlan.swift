import Foundation
import HospitalAnalysis

/// How many replications a study runs, on how many threads, and what it accepts.
public struct ReplicationPlan: Sendable {
    /// One of `count` contiguous blocks of the replications, run on its own so that
    /// `PartialResult.merge` can rebuild the whole run; every replication keeps its own streams.
    public struct Shard: Sendable, Equatable {
        public var index: Int
        public var count: Int
        public init(index: Int, count: Int) {
            self.index = index
            self.count = count
        }
    }

    public var threads: Int
    /// Run only this block of the replications (nil: all of them).
    public var shard: Shard?
    /// Add replications in batches until the goal's 95% intervals are narrow enough, instead
    /// of running the scenario's number.
    public var precision: PrecisionGoal?
    /// Accept a run in which patients arrived but none completed (otherwise `nothingCompleted`).
    public var acceptEmpty: Bool
    /// Keep every patient's record (for the patient tables of a results database).
    public var recordPatients: Bool

    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount, shard: Shard? = nil,
                precision: PrecisionGoal? = nil, acceptEmpty: Bool = false, recordPatients: Bool = false) {
        self.threads = threads
        self.shard = shard
        self.precision = precision
        self.acceptEmpty = acceptEmpty
        self.recordPatients = recordPatients
    }
}
