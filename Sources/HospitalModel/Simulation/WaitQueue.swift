import HospitalScenario
import HospitalPolicies
import SimKernel

/// The patients waiting for one resource: one first-in first-out ring per class (and, with
/// skill groups, per skill asked for: lane `l` of class `c` is ring `l * classCount + c`), so
/// that a policy chooses only between the classes' longest-waiting patients. Patients who leave the
/// queue early (reneging) are removed lazily: their entry's ticket no longer matches the
/// patient's and is skipped when it reaches the head.
/// - Complexity: `append`, `prepend` O(1) amortised.
struct WaitQueue {
    struct Entry {
        var patient: Int32
        var ticket: UInt32
        /// Order of joining, across classes.
        var sequence: UInt64
        var since: Double
    }
    var byClass: [RingBuffer<Entry>]
    /// Patients really waiting, per class and in all (stale entries excluded).
    let waiting: UnsafeMutablePointer<Int>
    let classCount: Int
    var count = 0
    var nextSequence: UInt64 = 0

    init(classes: Int, lanes: Int = 1, storage: ReplicationStorage) {
        byClass = (0..<max(classes * lanes, 1)).map { _ in RingBuffer(capacity: 16) }
        waiting = storage.allocate(Int.self, count: classes, value: 0)
        classCount = classes
    }

    mutating func append(_ entry: Entry, ring: Int, classIndex c: Int) {
        byClass[ring].append(entry)
        waiting[c] += 1
        count += 1
    }

    /// Puts a preempted patient at the head of its class, to resume first.
    mutating func prepend(_ entry: Entry, ring: Int, classIndex c: Int) {
        byClass[ring].prepend(entry)
        waiting[c] += 1
        count += 1
    }

    mutating func takeSequence() -> UInt64 {
        defer { nextSequence &+= 1 }
        return nextSequence
    }
}
