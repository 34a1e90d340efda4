/// A handle to a scheduled event, for cancelling it.
public struct EventHandle: Hashable, Sendable {
    public let sequence: UInt64
    @inlinable init(sequence: UInt64) { self.sequence = sequence }
}

/// The future event list and the simulation clock.
///
/// Events are ordered by (time, insertion sequence), so simultaneous events run in the order
/// they were scheduled. Cancelling is lazy: a cancelled event stays in the list and is skipped
/// when it reaches the top.
///
/// ```swift
/// var events = EventList(bucketWidth: 60)   // time in minutes: an hour per bucket
/// events.schedule(at: 3.0, kind: 1, subject: 42)
/// while let e = events.next(until: 100) { ... }   // events.now is e.time
/// ```
///
/// Two tiers, once there are many events. The events due within the current bucket of time
/// (`bucketWidth` wide) are kept in order, in contiguous storage; later ones wait unsorted in a
/// ring of buckets (one per width of time; beyond the ring, in an overflow list) and join the
/// ordered tier when their bucket becomes the current one. A hospital keeps many events far ahead
/// (ward stays of days, patience timers of hours) that every operation on one ordered structure
/// would pay for; here a far event costs one append now and one insertion later, and the ordered
/// tier holds only the hour's few. The order is exact: every ordered event precedes every event
/// in a bucket. With few events pending (a small queueing model) the buckets would only add
/// work, so every event is kept in order until `heapAbove` are pending, and again once the
/// buckets hold fewer than `sortedBelow`.
///
/// The ordered tier is a sorted array, latest first, while it is small (popping is taking the
/// last element; inserting moves the few later ones up). Past `heapAbove` events it turns into a
/// 4-ary min-heap (an ascending array already is one) and back below `sortedBelow`, so that
/// many simultaneous events, or a model without buckets, still cost O(log n) per operation.
/// Without a `bucketWidth` every event goes into the ordered tier.
///
/// Figures (`swift run -c release HospsimBench kernel|ed`, `Benchmarks/README.md`): the kernel's
/// M/M/c loop runs 7-9% faster than on swift-collections' `Heap`; on the emergency department,
/// where a single heap held about 100 events, the ordered tier holds about 8.
///
/// - Complexity: for the m events of the ordered tier, `schedule` is O(m) while the tier is a
///   sorted array (m < 48) and O(log m) as a heap, `next` O(1) and O(log m); a bucket costs
///   amortised O(1) per event; `cancel` is O(1).
public struct EventList {
    /// The ordered tier: sorted latest first (`sorted`), or a min-heap.
    @usableFromInline var near: ContiguousArray<Event> = []
    @usableFromInline var sorted = true
    @usableFromInline static var heapAbove: Int { 48 }
    @usableFromInline static var sortedBelow: Int { 12 }
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var cancelled: Set<UInt64> = []

    /// The simulation clock: the time of the event last returned by `next`.
    @usableFromInline var _now: Double = 0
    public var now: Double { _now }

    // The far tier. An event's bucket is floor(time / bucketWidth); the ordered tier holds every
    // event whose bucket is at most `current`, the ring those of buckets current+1 ...
    // current+ringSize (bucket b in slot b & ringMask, as a linked list of pool nodes), the
    // overflow the rest.
    @usableFromInline let inverseWidth: Double
    @usableFromInline let ringMask: Int
    /// Whether the buckets are in use; while not, every event is in the ordered tier.
    @usableFromInline var tiered = false
    @usableFromInline var current = 0
    @usableFromInline var ringHeads: ContiguousArray<Int32>
    @usableFromInline var ringCount = 0
    @usableFromInline var pool: ContiguousArray<FarNode> = []
    @usableFromInline var freeNode: Int32 = -1
    @usableFromInline var overflow: ContiguousArray<Event> = []
    /// The smallest bucket in the overflow, or Int.max when it is empty.
    @usableFromInline var overflowFirst = Int.max

    @usableFromInline
    struct FarNode {
        @usableFromInline var event: Event
        @usableFromInline var next: Int32
        @inlinable init(event: Event, next: Int32) {
            self.event = event
            self.next = next
        }
    }

    /// - Parameters:
    ///   - capacity: events to reserve room for.
    ///   - bucketWidth: the span of time whose events are kept in order; later events wait in
    ///     buckets of this width. Choose about the time in which a few dozen events happen (an
    ///     hour in a hospital); nil keeps every event in order.
    ///   - buckets: the buckets in the ring (rounded up to a power of two); events further
    ///     ahead than the ring wait in an overflow list.
    public init(capacity: Int = 1024, bucketWidth: Double? = nil, buckets: Int = 256) {
        near.reserveCapacity(capacity)
        if let w = bucketWidth, w > 0, w.isFinite {
            inverseWidth = 1 / w
        } else {
            inverseWidth = 0  // every time is in bucket 0, the current one
        }
        var size = 1
        while size < max(buckets, 1) { size <<= 1 }
        ringMask = size - 1
        ringHeads = ContiguousArray(repeating: -1, count: size)
    }

    /// The number of pending events, cancelled ones excluded.
    public var count: Int { near.count + ringCount + overflow.count - cancelled.count }
    public var isEmpty: Bool { count == 0 }

    /// Schedules an event at absolute time `time` (not before `now`).
    /// - Complexity: see the type: O(m) or O(log m) into the ordered tier, O(1) into a bucket.
    @inlinable
    @discardableResult
    public mutating func schedule(at time: Double, kind: Int32, subject: Int32) -> EventHandle {
        assert(time >= now, "an event may not be scheduled in the past (\(time) < \(now))")
        assert(!time.isNaN, "an event time may not be NaN")
        let sequence = nextSequence
        nextSequence &+= 1
        place(Event(time: time, sequence: sequence, kind: kind, subject: subject))
        return EventHandle(sequence: sequence)
    }

    /// Puts `e` in the ordered tier, its bucket or the overflow, by its bucket.
    @inlinable
    mutating func place(_ e: Event) {
        guard tiered else {
            if sorted && near.count >= Self.heapAbove && inverseWidth > 0 {
                spread()
                return place(e)
            }
            return insert(e)
        }
        // Clamped so that an infinite or huge time (or 0 times infinity) converts safely; such
        // events share the last bucket, still in order within the ordered tier.
        let x = e.time * inverseWidth
        let bucket = x < 0x1p62 ? Int(x) : 1 << 62
        if bucket <= current {
            insert(e)
        } else if bucket <= current &+ ringMask &+ 1 {
            let slot = bucket & ringMask
            var node = freeNode
            if node >= 0 {
                freeNode = pool[Int(node)].next
                pool[Int(node)] = FarNode(event: e, next: ringHeads[slot])
            } else {
                node = Int32(pool.count)
                pool.append(FarNode(event: e, next: ringHeads[slot]))
            }
            ringHeads[slot] = node
            ringCount &+= 1
        } else {
            overflow.append(e)
            overflowFirst = Swift.min(overflowFirst, bucket)
        }
    }

    /// Schedules an event `delay` after `now`.
    @inlinable
    @discardableResult
    public mutating func schedule(after delay: Double, kind: Int32, subject: Int32) -> EventHandle {
        schedule(at: now + delay, kind: kind, subject: subject)
    }

    /// Cancels a pending event; it will never be returned by `next`. Cancelling an event that
    /// has already run is a programming error, caught in debug builds.
    /// - Complexity: O(1).
    public mutating func cancel(_ handle: EventHandle) {
        assert(handle.sequence < nextSequence, "cancel of an event that was never scheduled")
        cancelled.insert(handle.sequence)
    }

    /// The time of the next pending event, if any.
    @inlinable
    public mutating func peekTime() -> Double? {
        dropCancelledTop()
        return near.isEmpty ? nil : near[topIndex].time
    }

    /// Removes and returns the next event and advances the clock to its time.
    @inlinable
    public mutating func next() -> Event? {
        dropCancelledTop()
        guard !near.isEmpty else { return nil }
        let e = popTop()
        assert(e.time >= now, "time went backwards: \(e.time) < \(now)")
        _now = e.time
        return e
    }

    /// Like `next()`, but returns nil, leaving the event pending, when the next event is later
    /// than `limit`; the clock then moves to `limit`.
    @inlinable
    public mutating func next(until limit: Double) -> Event? {
        dropCancelledTop()
        guard !near.isEmpty, near[topIndex].time <= limit else {
            if limit > now { _now = limit }
            return nil
        }
        let e = popTop()
        _now = e.time
        return e
    }

    /// Calls `body` with every pending event that is not cancelled, in no particular order
    /// (for inspection, such as a trace; O(n)).
    public func forEachPending(_ body: (Event) -> Void) {
        for e in near where !cancelled.contains(e.sequence) { body(e) }
        for head in ringHeads {
            var node = head
            while node >= 0 {
                let e = pool[Int(node)].event
                if !cancelled.contains(e.sequence) { body(e) }
                node = pool[Int(node)].next
            }
        }
        for e in overflow where !cancelled.contains(e.sequence) { body(e) }
    }

    /// Removes every pending event and resets the clock to zero.
    public mutating func removeAll() {
        near.removeAll(keepingCapacity: true)
        sorted = true
        cancelled.removeAll(keepingCapacity: true)
        pool.removeAll(keepingCapacity: true)
        for i in ringHeads.indices { ringHeads[i] = -1 }
        freeNode = -1
        ringCount = 0
        overflow.removeAll(keepingCapacity: true)
        overflowFirst = .max
        current = 0
        tiered = false
        _now = 0
    }

    // MARK: Internals

    /// Where the earliest ordered event is.
    @inlinable
    var topIndex: Int { sorted ? near.count &- 1 : 0 }

    /// Makes the ordered tier's top the next pending event: drops cancelled tops and, when the
    /// tier is empty, brings in the next bucket that has events.
    @inlinable
    mutating func dropCancelledTop() {
        while true {
            if near.isEmpty {
                if ringCount == 0 && overflow.isEmpty { return }
                openNextBucket()
                continue
            }
            if cancelled.isEmpty || cancelled.remove(near[topIndex].sequence) == nil { return }
            _ = popTop()
        }
    }

    /// Moves on to the next bucket (jumping over empty ones) and moves its events into order.
    @usableFromInline
    mutating func openNextBucket() {
        if ringCount + overflow.count < Self.sortedBelow {
            return gather()
        }
        if ringCount == 0 {
            // Nothing in the ring: jump to just before the overflow's first bucket.
            current = Swift.max(current, overflowFirst &- 1)
        }
        current &+= 1
        let slot = current & ringMask
        var node = ringHeads[slot]
        ringHeads[slot] = -1
        while node >= 0 {
            let next = pool[Int(node)].next
            insert(pool[Int(node)].event)
            ringCount &-= 1
            pool[Int(node)].next = freeNode
            freeNode = node
            node = next
        }
        // The freed slot now stands for bucket current + ringSize: overflow events that have come
        // within the ring's reach move in.
        if overflowFirst <= current &+ ringMask &+ 1 {
            let waiting = overflow
            overflow.removeAll(keepingCapacity: true)
            overflowFirst = .max
            for e in waiting { place(e) }
        }
    }

    /// Starts using the buckets: the current one is now's, and the ordered events of later
    /// buckets move out to theirs.
    @usableFromInline
    mutating func spread() {
        let x = _now * inverseWidth
        current = x < 0x1p62 ? Int(x) : 1 << 62
        tiered = true
        let all = near  // sorted latest first, so the ones that stay are appended in order
        near.removeAll(keepingCapacity: true)
        for e in all { place(e) }
    }

    /// Stops using the buckets: their few events join the ordered tier (which is empty).
    @usableFromInline
    mutating func gather() {
        tiered = false
        for slot in ringHeads.indices {
            var node = ringHeads[slot]
            ringHeads[slot] = -1
            while node >= 0 {
                insert(pool[Int(node)].event)
                node = pool[Int(node)].next
            }
        }
        pool.removeAll(keepingCapacity: true)
        freeNode = -1
        ringCount = 0
        for e in overflow { insert(e) }
        overflow.removeAll(keepingCapacity: true)
        overflowFirst = .max
    }

    /// Adds `e` to the ordered tier.
    @inlinable
    mutating func insert(_ e: Event) {
        if sorted && near.count >= Self.heapAbove {
            // Ascending order is a valid heap.
            near.reverse()
            sorted = false
        }
        near.append(e)
        let key = e.key
        if sorted {
            // Latest first: the earlier events, at the end, move up one.
            near.withUnsafeMutableBufferPointer { h in
                var i = h.count &- 1
                while i > 0 && h[i &- 1].key < key {
                    h[i] = h[i &- 1]
                    i &-= 1
                }
                h[i] = e
            }
        } else {
            // It rises from a new leaf to its place.
            near.withUnsafeMutableBufferPointer { h in Self.rise(e, from: h.count &- 1, in: h) }
        }
    }

    /// Puts `e` in the heap `h` at the hole `start` or above it, moving later parents down.
    @inlinable
    static func rise(_ e: Event, from start: Int, in h: UnsafeMutableBufferPointer<Event>) {
        let key = e.key
        var i = start
        while i > 0 {
            let parent = (i &- 1) >> 2
            if !(key < h[parent].key) { break }
            h[i] = h[parent]
            i = parent
        }
        h[i] = e
    }

    /// Removes the earliest event of the ordered tier.
    @inlinable
    mutating func popTop() -> Event {
        if sorted { return near.removeLast() }
        let top = popHeapTop()
        if near.count < Self.sortedBelow {
            near.sort { $0.key > $1.key }
            sorted = true
        }
        return top
    }

    /// The heap's pop. The last leaf takes the root's place, bottom-up: the hole at the root
    /// moves down to a leaf along the earliest children, and the leaf then rises from there. It
    /// usually belongs near the bottom again, so this saves comparing it at every level;
    /// choosing the earliest of four children compares keys without branching.
    @usableFromInline
    mutating func popHeapTop() -> Event {
        let last = near.removeLast()
        return near.withUnsafeMutableBufferPointer { h in
            let n = h.count
            guard n > 0 else { return last }
            let top = h[0]
            var i = 0
            while true {
                let first = 4 &* i &+ 1
                if first >= n { break }
                var best = first
                var bestKey = h[first].key
                if first &+ 3 < n {
                    for c in first &+ 1...first &+ 3 {
                        let k = h[c].key
                        let earlier = k < bestKey
                        best = earlier ? c : best
                        bestKey = earlier ? k : bestKey
                    }
                } else {
                    var c = first &+ 1
                    while c < n {
                        let k = h[c].key
                        if k < bestKey { best = c; bestKey = k }
                        c &+= 1
                    }
                }
                h[i] = h[best]
                i = best
            }
            Self.rise(last, from: i, in: h)
            return top
        }
    }
}

extension EventList {
    /// Checks the ordered tier's invariant, sorted or heap; for tests and debugging (O(n)).
    public func isInOrder() -> Bool {
        if sorted {
            for i in 1..<max(near.count, 1) where Event.precedes(near[i - 1], near[i]) { return false }
        } else {
            for i in 1..<max(near.count, 1) where Event.precedes(near[i], near[(i - 1) >> 2]) { return false }
        }
        return true
    }
}
