import SimKernel

/// The patients waiting for one resource: one first-in first-out ring per priority level
/// (a single level under `fifo`). Patients who leave the queue early (reneging) are removed
/// lazily: their entry's ticket no longer matches the patient's and is skipped.
/// - Complexity: `append`, `prepend` O(1) amortised.
struct WaitQueue {
    struct Entry {
        var patient: Int32
        var ticket: UInt32
    }
    var levels: [RingBuffer<Entry>]
    /// Patients really waiting (stale entries excluded).
    var count = 0

    init(levels: Int) {
        self.levels = (0..<max(levels, 1)).map { _ in RingBuffer(capacity: 16) }
    }

    mutating func append(_ entry: Entry, level: Int) {
        levels[level].append(entry)
        count += 1
    }

    /// Puts a preempted patient at the head of its level, to resume first.
    mutating func prepend(_ entry: Entry, level: Int) {
        levels[level].prepend(entry)
        count += 1
    }
}
