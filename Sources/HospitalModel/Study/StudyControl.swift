import SimKernel
import HospitalAnalysis

/// What a front end hands a study to watch and steer it while it runs.
public struct StudyControl: Sendable {
    /// Called with the replications done and the total, from any thread: first with what a
    /// resumed checkpoint already holds, then after every replication.
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
    /// Once set, no replication starts; those in flight finish and are kept in `checkpoints`.
    public var cancellation: StopFlag?
    /// Where the finished replications go when cancelled, and where a resumed study finds them.
    public var checkpoints: (any CheckpointStore)?

    public init(progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil, cancellation: StopFlag? = nil,
                checkpoints: (any CheckpointStore)? = nil) {
        self.progress = progress
        self.cancellation = cancellation
        self.checkpoints = checkpoints
    }
}
