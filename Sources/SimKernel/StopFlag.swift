import Synchronization

/// A flag one thread sets (a signal handler, say) and workers read: a replication's event loop
/// reads it every `StopFlag.eventStride` events, so a stop takes effect within milliseconds.
public final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public var isSet: Bool { flag.load(ordering: .relaxed) }
    public func set() { flag.store(true, ordering: .relaxed) }

    /// Events between two reads of the flag in an event loop: a few milliseconds of work.
    public static let eventStride = 1 << 16
}
