import HospitalFormats
import Synchronization

/// Where a study keeps the replications it finished when it is cancelled, and finds them
/// again to resume: a file for the command line, a table for a web service, memory for a test.
///
/// The study saves a `PartialResult` when cancelled and loads it before starting; the front
/// end discards it once the finished result is safely written, so a failed write loses nothing.
public protocol CheckpointStore: Sendable {
    /// Where the checkpoint is, in words for messages (a path, a job id).
    var location: String { get }
    /// The checkpoint to resume from, or nil to start afresh.
    func load() throws(StudyError) -> PartialResult?
    func save(_ partial: PartialResult) throws(StudyError)
    func discard()
}

/// A checkpoint store in memory: a notebook's or a test's.
public final class MemoryCheckpointStore: CheckpointStore {
    private let kept = Mutex<PartialResult?>(nil)

    public init(_ partial: PartialResult? = nil) { kept.withLock { $0 = partial } }

    public var location: String { "memory" }
    public var partial: PartialResult? { kept.withLock { $0 } }
    public func load() -> PartialResult? { kept.withLock { $0 } }
    public func save(_ partial: PartialResult) { kept.withLock { $0 = partial } }
    public func discard() { kept.withLock { $0 = nil } }
}
