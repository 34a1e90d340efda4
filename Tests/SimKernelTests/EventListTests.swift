import XCTest
@testable import SimKernel

final class EventListTests: XCTestCase {
    func testSimultaneousEventsRunFirstInFirstOut() {
        var events = EventList()
        for i in 0..<10 { events.schedule(at: 5, kind: 0, subject: Int32(i)) }
        events.schedule(at: 1, kind: 1, subject: 99)
        XCTAssertEqual(events.next()?.subject, 99)
        for i in 0..<10 { XCTAssertEqual(events.next()?.subject, Int32(i)) }
        XCTAssertNil(events.next())
    }

    func testManySimultaneousEventsStayFirstInFirstOut() {
        // 300 at once is past the size where the sorted array becomes a heap, and popping them
        // brings it back; new ones at the same time join behind.
        var events = EventList(bucketWidth: 1)
        for i in 0..<300 { events.schedule(at: 7, kind: 0, subject: Int32(i)) }
        var order: [Int32] = []
        while let e = events.next() {
            order.append(e.subject)
            if e.subject < 100 { events.schedule(at: 7, kind: 0, subject: e.subject + 300) }
            XCTAssertTrue(events.isInOrder())
        }
        XCTAssertEqual(order, (0..<400).map(Int32.init))
    }

    func testCancelledEventsNeverRun() {
        var events = EventList()
        let a = events.schedule(at: 1, kind: 0, subject: 1)
        events.schedule(at: 2, kind: 0, subject: 2)
        let c = events.schedule(at: 3, kind: 0, subject: 3)
        events.cancel(a)
        events.cancel(c)
        XCTAssertEqual(events.count, 1)
        XCTAssertEqual(events.next()?.subject, 2)
        XCTAssertNil(events.next())
    }

    func testRandomOperationsMatchASortedReference() {
        // One heap alone; buckets narrower than the times' spread; and a ring of four buckets,
        // so that events also wait in the overflow and the ring wraps and jumps.
        checkAgainstSortedReference(EventList())
        checkAgainstSortedReference(EventList(bucketWidth: 2.5))
        checkAgainstSortedReference(EventList(bucketWidth: 1.5, buckets: 4))
        checkAgainstSortedReference(EventList(bucketWidth: 0.25, buckets: 3))
    }

    func testBucketsComeIntoUseWithManyEventsAndGoWhenFewAreLeft() {
        // Few events: all in order, no buckets. Many: the far ones move out to buckets. Popped
        // down to a few: gathered back. The order is the same throughout.
        var events = EventList(bucketWidth: 1, buckets: 8)
        for i in 0..<10 { events.schedule(at: Double(i) * 3, kind: 0, subject: Int32(i)) }
        XCTAssertFalse(events.tiered)
        for i in 10..<100 { events.schedule(at: Double(i) * 3, kind: 0, subject: Int32(i)) }
        XCTAssertTrue(events.tiered)
        XCTAssertLessThan(events.near.count, 10)
        var order: [Int32] = []
        while let e = events.next() {
            order.append(e.subject)
            XCTAssertTrue(events.isInOrder())
        }
        XCTAssertEqual(order, (0..<100).map(Int32.init))
        XCTAssertFalse(events.tiered)
    }

    func checkAgainstSortedReference(_ list: EventList, file: StaticString = #filePath, line: UInt = #line) {
        let stream = RandomStream(seed: 5)
        var events = list
        var reference: [(Double, UInt64, Int32)] = []
        var handles: [EventHandle: Int32] = [:]
        var lastTime = 0.0
        for step in 0..<20_000 {
            let u = stream.uniform()
            if u < 0.55 {
                // Coarse times so that ties are frequent; now and then one far ahead.
                let t = events.now + (stream.uniform() < 0.05 ? 200 : 1) * (stream.uniform() * 20).rounded()
                let h = events.schedule(at: t, kind: 0, subject: Int32(step))
                handles[h] = Int32(step)
                reference.append((t, h.sequence, Int32(step)))
            } else if u < 0.6, let victim = handles.keys.first {
                events.cancel(victim)
                handles[victim] = nil
                reference.removeAll { $0.1 == victim.sequence }
            } else if let e = events.next() {
                reference.sort { ($0.0, $0.1) < ($1.0, $1.1) }
                let expected = reference.removeFirst()
                XCTAssertEqual(e.time, expected.0, file: file, line: line)
                XCTAssertEqual(e.subject, expected.2, file: file, line: line)
                XCTAssertGreaterThanOrEqual(e.time, lastTime, file: file, line: line)
                lastTime = e.time
                handles[EventHandle(sequence: e.sequence)] = nil
            }
            if step % 1000 == 0 { XCTAssertTrue(events.isInOrder(), file: file, line: line) }
        }
        XCTAssertEqual(events.count, reference.count, file: file, line: line)
        var pending: [Int32] = []
        events.forEachPending { pending.append($0.subject) }
        XCTAssertEqual(pending.sorted(), reference.map(\.2).sorted(), file: file, line: line)
        // What is left comes out in order too.
        reference.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        var drained: [Int32] = []
        while let e = events.next() { drained.append(e.subject) }
        XCTAssertEqual(drained, reference.map(\.2), file: file, line: line)
    }

    func testFarAndInfiniteTimesComeLastInOrder() {
        var events = EventList(bucketWidth: 1, buckets: 4)
        events.schedule(at: .infinity, kind: 0, subject: 0)
        events.schedule(at: 1e300, kind: 0, subject: 1)
        events.schedule(at: 50, kind: 0, subject: 2)
        events.schedule(at: 0.5, kind: 0, subject: 3)
        events.schedule(at: 50, kind: 0, subject: 4)
        XCTAssertEqual(events.count, 5)
        var order: [Int32] = []
        while let e = events.next() { order.append(e.subject) }
        XCTAssertEqual(order, [3, 2, 4, 1, 0])
        XCTAssertEqual(events.now, .infinity)
    }

    func testNextUntilStopsAtTheLimit() {
        var events = EventList()
        events.schedule(at: 4, kind: 0, subject: 0)
        events.schedule(at: 12, kind: 0, subject: 1)
        XCTAssertEqual(events.next(until: 10)?.time, 4)
        XCTAssertNil(events.next(until: 10))
        XCTAssertEqual(events.now, 10)
        XCTAssertEqual(events.count, 1)
    }
}
