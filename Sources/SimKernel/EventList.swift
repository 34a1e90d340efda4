/// One scheduled event: a small value, so that the event list is a flat array with no
/// allocation per event. What `kind` and `subject` mean is up to the model (for example the
/// kind of happening and the index of the patient it concerns).
public struct Event: Sendable, Equatable {
    public var time: Double
    /// Insertion order: ties in time run first-in first-out.
    public var sequence: UInt64
    public var kind: Int32
    public var subject: Int32

    @inlinable
    public init(time: Double, sequence: UInt64, kind: Int32, subject: Int32) {
        self.time = time
        self.sequence = sequence
        self.kind = kind
        self.subject = subject
    }

    /// Whether `a` runs before `b`: earlier, or as early and scheduled first.
    public static func precedesForInspection(_ a: Event, _ b: Event) -> Bool { precedes(a, b) }

    @inlinable
    static func precedes(_ a: Event, _ b: Event) -> Bool {
        a.time < b.time || (a.time == b.time && a.sequence < b.sequence)
    }
}

/// A handle to a scheduled event, for cancelling it.
public struct EventHandle: Hashable, Sendable {
    public let sequence: UInt64
    @inlinable init(sequence: UInt64) { self.sequence = sequence }
}

/// The future event list and the simulation clock.
///
/// Events are ordered by (time, insertion sequence), so simultaneous events run in the order
/// they were scheduled. Cancelling is lazy: a cancelled event stays in the heap and is skipped
/// when it reaches the top.
///
/// ```swift
/// var events = EventList()
/// events.schedule(at: 3.0, kind: 1, subject: 42)
/// while let e = events.next(until: 100) { ... }   // events.now is e.time
/// ```
///
/// The heap is a hand-written 4-ary min-heap over contiguous storage. Measured against
/// swift-collections' `Heap` (a min-max heap) on the M/M/c kernel benchmark
/// (`swift run -c release HospsimBench kernel`), the 4-ary heap was 1-4% faster (figures in
/// `Benchmarks/README.md`), so it stays: it does fewer, cache-friendlier levels than a binary
/// heap, supports lazy cancellation, and orders by (time, sequence) with no wrapper type.
///
/// - Complexity: `schedule` and `next` are O(log n) for n pending events; `cancel` is O(1).
public struct EventList {
    @usableFromInline var heap: ContiguousArray<Event> = []
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var cancelled: Set<UInt64> = []

    /// The simulation clock: the time of the event last returned by `next`.
    @usableFromInline var _now: Double = 0
    public var now: Double { _now }

    public init(capacity: Int = 1024) {
        heap.reserveCapacity(capacity)
    }

    /// The number of pending events, cancelled ones excluded.
    public var count: Int { heap.count - cancelled.count }
    public var isEmpty: Bool { count == 0 }

    /// Schedules an event at absolute time `time` (not before `now`).
    /// - Complexity: O(log n).
    @inlinable
    @discardableResult
    public mutating func schedule(at time: Double, kind: Int32, subject: Int32) -> EventHandle {
        assert(time >= now, "an event may not be scheduled in the past (\(time) < \(now))")
        assert(!time.isNaN, "an event time may not be NaN")
        let sequence = nextSequence
        nextSequence &+= 1
        heap.append(Event(time: time, sequence: sequence, kind: kind, subject: subject))
        siftUp(heap.count - 1)
        return EventHandle(sequence: sequence)
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
        return heap.first?.time
    }

    /// Removes and returns the next event and advances the clock to its time.
    /// - Complexity: O(log n).
    @inlinable
    public mutating func next() -> Event? {
        dropCancelledTop()
        guard !heap.isEmpty else { return nil }
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
        guard let top = heap.first, top.time <= limit else {
            if limit > now { _now = limit }
            return nil
        }
        return next()
    }

    /// Calls `body` with every pending event that is not cancelled, in no particular order
    /// (for inspection, such as a trace; O(n)).
    public func forEachPending(_ body: (Event) -> Void) {
        for e in heap where !cancelled.contains(e.sequence) { body(e) }
    }

    /// Removes every pending event and resets the clock to zero.
    public mutating func removeAll() {
        heap.removeAll(keepingCapacity: true)
        cancelled.removeAll(keepingCapacity: true)
        _now = 0
    }

    // MARK: Heap internals

    @inlinable
    mutating func dropCancelledTop() {
        while !cancelled.isEmpty, let top = heap.first, cancelled.remove(top.sequence) != nil {
            _ = popTop()
        }
    }

    /// Removes the earliest event: the last entry takes the root's place and sinks.
    @inlinable
    mutating func popTop() -> Event {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return last }
        let top = heap[0]
        heap[0] = last
        siftDown(0)
        return top
    }

    @inlinable
    mutating func siftUp(_ start: Int) {
        heap.withUnsafeMutableBufferPointer { h in
            var i = start
            let item = h[i]
            while i > 0 {
                let parent = (i - 1) >> 2
                if !Event.precedes(item, h[parent]) { break }
                h[i] = h[parent]
                i = parent
            }
            h[i] = item
        }
    }

    @inlinable
    mutating func siftDown(_ start: Int) {
        heap.withUnsafeMutableBufferPointer { h in
            let n = h.count
            var i = start
            let item = h[i]
            while true {
                let first = 4 &* i &+ 1
                if first >= n { break }
                var best = first
                let end = Swift.min(first &+ 4, n)
                var c = first &+ 1
                while c < end {
                    if Event.precedes(h[c], h[best]) { best = c }
                    c &+= 1
                }
                if !Event.precedes(h[best], item) { break }
                h[i] = h[best]
                i = best
            }
            h[i] = item
        }
    }
}

extension EventList {
    /// Checks the heap property; for tests and debugging (O(n)).
    public func isValidHeap() -> Bool {
        for i in 1..<max(heap.count, 1) where Event.precedes(heap[i], heap[(i - 1) >> 2]) {
            return false
        }
        return true
    }
}
