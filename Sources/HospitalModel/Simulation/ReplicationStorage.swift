/// Memory for one replication's small fixed-size tables (free-unit bitsets, per-class counts,
/// queue heads), freed with the replication. Tables that live here are read by policies through
/// plain pointers, with no copy-on-write check and no reference counting per decision.
final class ReplicationStorage {
    private var blocks: [UnsafeMutableRawPointer] = []
    /// Tables of values that own memory (a class's wait sketch): deinitialised before they are
    /// freed, or every replication would leak its sketches' buckets.
    private var owning: [() -> Void] = []

    func allocate<T>(_ type: T.Type, count: Int, value: T) -> UnsafeMutablePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(count, 1))
        p.initialize(repeating: value, count: max(count, 1))
        blocks.append(UnsafeMutableRawPointer(p))
        if !_isPOD(T.self) { owning.append { p.deinitialize(count: max(count, 1)) } }
        return p
    }

    deinit {
        for release in owning { release() }
        for b in blocks { b.deallocate() }
    }
}
