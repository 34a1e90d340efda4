import HospitalScenario
import HospitalPolicies
import SimKernel

/// The patients waiting for one resource: one first-in first-out ring per class (and, with
/// skill groups, per skill asked for: lane `l` of class `c` is ring `l * classCount + c`), so
/// that a policy chooses only between the classes' longest-waiting patients. Patients who leave the
/// queue early (reneging) are removed lazily: their entry's ticket no longer matches the
/// patient's and is skipped when it reaches the head.
/// The rings live in the replication's storage and are changed through plain pointers: as an
/// array of `RingBuffer`s every append and pop checked two buffers for copy-on-write.
/// - Complexity: `append`, `prepend` O(1) amortised.
struct WaitQueue {
    struct Entry {
        var patient: Int32
        var ticket: UInt32
        /// Order of joining, across classes.
        var sequence: UInt64
        var since: Double
    }
    /// A first-in first-out ring of entries at a fixed address, doubled when full.
    struct Ring {
        private var slots: UnsafeMutablePointer<Entry>
        private var capacity: Int
        private var head = 0
        private(set) var count = 0

        init(capacity: Int) {
            slots = .allocate(capacity: capacity)
            self.capacity = capacity
        }

        var first: Entry? { count > 0 ? slots[head] : nil }

        mutating func append(_ entry: Entry) {
            if count == capacity { grow() }
            let tail = head + count
            (slots + (tail >= capacity ? tail - capacity : tail)).initialize(to: entry)
            count += 1
        }

        /// Puts `entry` at the front, to be the next one out.
        mutating func prepend(_ entry: Entry) {
            if count == capacity { grow() }
            head = head == 0 ? capacity - 1 : head - 1
            (slots + head).initialize(to: entry)
            count += 1
        }

        mutating func popFirst() -> Entry? {
            guard count > 0 else { return nil }
            let entry = slots[head]
            head = head + 1 == capacity ? 0 : head + 1
            count -= 1
            return entry
        }

        private mutating func grow() {
            let bigger = UnsafeMutablePointer<Entry>.allocate(capacity: 2 * capacity)
            for i in 0..<count {
                let j = head + i
                (bigger + i).initialize(to: slots[j >= capacity ? j - capacity : j])
            }
            slots.deallocate()
            slots = bigger
            capacity *= 2
            head = 0
        }

        /// Gives back the entries' memory (the entries are plain values).
        func free() { slots.deallocate() }
    }

    /// Ring `l * classCount + c` for lane `l` of class `c`.
    let byClass: UnsafeMutablePointer<Ring>
    /// Patients really waiting, per class and in all (stale entries excluded).
    let waiting: UnsafeMutablePointer<Int>
    let classCount: Int
    var count = 0
    var nextSequence: UInt64 = 0

    init(classes: Int, lanes: Int = 1, storage: ReplicationStorage) {
        let rings = max(classes * lanes, 1)
        // Every slot starts as a copy of the first ring; the others get memory of their own.
        let byClass = storage.allocate(Ring.self, count: rings, value: Ring(capacity: 16))
        for i in 1..<rings { byClass[i] = Ring(capacity: 16) }
        storage.atRelease { for i in 0..<rings { byClass[i].free() } }
        self.byClass = byClass
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
