/// Memory for one replication's small fixed-size tables (free-unit bitsets, per-class counts,
/// queue heads), freed with the replication. Tables that live here are read by policies through
/// plain pointers, with no copy-on-write check and no reference counting per decision.
final class ReplicationStorage {
    private var blocks: [UnsafeMutableRawPointer] = []
    /// Tables of values that own memory (a class's quantile counters): deinitialised, or their
    /// memory given back, before the tables are freed, or every replication would leak it.
    private var owning: [() -> Void] = []

    func allocate<T>(_ type: T.Type, count: Int, value: T) -> UnsafeMutablePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(count, 1))
        p.initialize(repeating: value, count: max(count, 1))
        blocks.append(UnsafeMutableRawPointer(p))
        if !_isPOD(T.self) { owning.append { p.deinitialize(count: max(count, 1)) } }
        return p
    }

    /// Runs `release` when the replication's memory is freed, before any of its tables are:
    /// for tables whose values own memory of their own (a class's quantile counters).
    func atRelease(_ release: @escaping () -> Void) {
        owning.append(release)
    }

    deinit {
        for release in owning { release() }
        for b in blocks { b.deallocate() }
    }
}
