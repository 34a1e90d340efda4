import XCTest
@testable import SimKernel

final class SeedingTests: XCTestCase {
    func testFNV1aMatchesPublishedTestVectors() {
        XCTAssertEqual(StreamSeed.fnv1a64(""), 0xCBF2_9CE4_8422_2325)
        XCTAssertEqual(StreamSeed.fnv1a64("a"), 0xAF63_DC4C_8601_EC8C)
        XCTAssertEqual(StreamSeed.fnv1a64("foobar"), 0x8594_4171_F739_67E8)
    }

    func testDerivedSeedsAreStableAndDistinct() {
        let a = StreamSeed.derive(seed: 7, replication: 3, purpose: "arrivals")
        XCTAssertEqual(a, StreamSeed.derive(seed: 7, replication: 3, purpose: "arrivals"))
        var seen = Set<UInt64>()
        for seed in 0..<4 as Range<UInt64> {
            for rep in 0..<50 {
                for purpose in ["arrivals", "class", "patience", "step.1", "step.2"] {
                    seen.insert(StreamSeed.derive(seed: seed, replication: rep, purpose: purpose))
                }
            }
        }
        XCTAssertEqual(seen.count, 4 * 50 * 5)
    }

    func testSameSeedSameNumbersAndStreamsAreIndependentOfCreationOrder() {
        let first = RandomStream(seed: 1, replication: 2, purpose: "x")
        _ = RandomStream(seed: 1, replication: 2, purpose: "y").uniform()
        let again = RandomStream(seed: 1, replication: 2, purpose: "x")
        for _ in 0..<100 { XCTAssertEqual(first.uniform(), again.uniform()) }
        let other = RandomStream(seed: 1, replication: 3, purpose: "x")
        XCTAssertNotEqual(RandomStream(seed: 1, replication: 2, purpose: "x").uniform(), other.uniform())
    }
}

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

final class StatisticsTests: XCTestCase {
    func testTallyAgainstHandComputedValues() {
        var t = Tally()
        for x in [2.0, 4, 4, 4, 5, 5, 7, 9] { t.add(x) }
        XCTAssertEqual(t.count, 8)
        XCTAssertEqual(t.mean, 5, accuracy: 1e-12)
        XCTAssertEqual(t.variance, 32.0 / 7.0, accuracy: 1e-12)  // sum of squares 32, n - 1 = 7
        XCTAssertEqual(t.min, 2)
        XCTAssertEqual(t.max, 9)
        XCTAssertTrue(Tally().meanOrNaN.isNaN)
    }

    func testTimeAverageAgainstHandComputedValues() {
        var q = TimeAverage(value: 0, at: 0)
        q.update(to: 2, at: 1.5)
        q.update(to: 1, at: 3)
        // 0 x 1.5 + 2 x 1.5 + 1 x 1 over 4
        XCTAssertEqual(q.mean(at: 4), 4.0 / 4.0, accuracy: 1e-12)
        q.restart(at: 4)
        q.update(to: 3, at: 5)
        XCTAssertEqual(q.mean(at: 6), (1.0 + 3.0) / 2.0, accuracy: 1e-12)
    }

    func testHourlyTimeAverageSplitsIntervalsAtHourBoundaries() {
        // Minutes: value 1 from 00:30 to 02:15 of day 1, value 0 otherwise, over two days.
        var busy = TimeAverage(value: 0, at: 0, hourLength: 60)
        busy.update(to: 1, at: 30)
        busy.update(to: 0, at: 135)
        let hourly = busy.hourlyMeans(at: 2 * 1440)
        XCTAssertEqual(hourly.count, 24)
        XCTAssertEqual(hourly[0], 0.5 * 0.5, accuracy: 1e-12)  // half of hour 0, on one day of two
        XCTAssertEqual(hourly[1], 0.5, accuracy: 1e-12)
        XCTAssertEqual(hourly[2], 0.25 * 0.5, accuracy: 1e-12)
        XCTAssertEqual(hourly[3], 0)
        XCTAssertEqual(busy.mean(at: 2880), 105.0 / 2880.0, accuracy: 1e-12)
    }

    func testQuantileSketchIsWithinItsStatedRelativeError() {
        let stream = RandomStream(seed: 11)
        var sketch = QuantileSketch(relativeError: 0.005)
        var xs: [Double] = []
        for i in 0..<50_000 {
            let x = i % 5 == 0 ? 0 : stream.exponential(mean: 30)  // a fifth wait zero
            xs.append(x)
            sketch.add(x)
        }
        xs.sort()
        for p in [0.1, 0.2, 0.5, 0.9, 0.95, 0.99] {
            let exact = xs[Int((p * Double(xs.count)).rounded(.up)) - 1]
            let estimate = sketch.quantile(p)
            if exact == 0 { XCTAssertEqual(estimate, 0) } else {
                XCTAssertLessThanOrEqual(abs(estimate - exact) / exact, 0.005 + 1e-12, "p = \(p)")
            }
        }
    }

    /// Merged sketches answer as one sketch fed every observation, and survive being written
    /// out as numbers and read back.
    func testQuantileSketchesMergeAndRoundTrip() {
        let stream = RandomStream(seed: 3)
        var a = QuantileSketch(), b = QuantileSketch(), both = QuantileSketch()
        for i in 0..<20_000 {
            let x = i % 7 == 0 ? 0 : stream.exponential(mean: i % 2 == 0 ? 5 : 500)
            if i % 3 == 0 { a.add(x) } else { b.add(x) }
            both.add(x)
        }
        var merged = a
        merged.merge(b)
        XCTAssertEqual(merged.count, both.count)
        for p in stride(from: 0.0, through: 1.0, by: 0.05) { XCTAssertEqual(merged.quantile(p), both.quantile(p), "p = \(p)") }
        let buckets = merged.buckets
        let back = QuantileSketch(zeroCount: buckets.zeroCount, offset: buckets.offset, counts: buckets.counts)
        XCTAssertEqual(back.count, both.count)
        for x in [0.0, 0.1, 3, 40, 900] { XCTAssertEqual(back.fraction(atMost: x), both.fraction(atMost: x)) }
        XCTAssertEqual(both.fraction(atMost: 0), Double(20_000 / 7 + 1) / 20_000, accuracy: 1e-12)
    }

    func testSummaryConfidenceIntervalAgainstHandComputedValues() {
        let s = Summary(of: [1, 2, 3, 4, 5, .nan])
        XCTAssertEqual(s.n, 5)
        XCTAssertEqual(s.mean, 3)
        XCTAssertEqual(s.sd, 2.5.squareRoot(), accuracy: 1e-12)
        // t(0.975, 4) = 2.776445105 (tables); 2.776445105 x sqrt(2.5) / sqrt(5)
        XCTAssertEqual(s.halfWidth, 2.776445105 * (0.5).squareRoot(), accuracy: 1e-8)
        XCTAssertTrue(Summary(of: [4]).halfWidth.isNaN)
    }

    func testWelchPValueAgainstAHandComputedValue() {
        // t = (10 - 12) / sqrt(4/10 + 9/10) = -1.7541; df = 1.69 / (0.016/9 + 0.081/9) = 15.68
        let p = WelchTest.pValue(mean1: 10, sd1: 2, n1: 10, mean2: 12, sd2: 3, n2: 10)
        XCTAssertEqual(p, 0.0989, accuracy: 0.0005)
        XCTAssertEqual(WelchTest.pValue(mean1: 3, sd1: 0, n1: 5, mean2: 3, sd2: 0, n2: 5), 1)
    }
}

final class QueueingTheoryTests: XCTestCase {
    func testErlangFormulasAgainstPublishedTables() {
        // Erlang B, c = 10, a = 5: 0.018385; Erlang C, c = 5, a = 4: 0.554113
        XCTAssertEqual(QueueingTheory.erlangB(servers: 10, load: 5)!, 0.018385, accuracy: 1e-6)
        XCTAssertEqual(QueueingTheory.erlangC(servers: 5, load: 4)!, 0.554113, accuracy: 1e-6)
        XCTAssertNil(QueueingTheory.erlangC(servers: 2, load: 2))
        let mm1 = QueueingTheory.mmc(lambda: 0.8, mu: 1, servers: 1)!
        XCTAssertEqual(mm1.wq, 4, accuracy: 1e-12)  // rho / (mu - lambda)
        let md1 = QueueingTheory.mg1(lambda: 0.8, meanService: 1, scv: 0)!
        XCTAssertEqual(md1.wq, 2, accuracy: 1e-12)  // half of M/M/1
    }

    func testErlangAReducesToErlangCForVerySlowAbandonment() {
        let a = QueueingTheory.erlangA(lambda: 4, mu: 1, servers: 5, theta: 1e-7)!
        let c = QueueingTheory.mmc(lambda: 4, mu: 1, servers: 5)!
        XCTAssertEqual(a.wq, c.wq, accuracy: 1e-3)
    }

    func testPriorityFormulasConserveTheMeanWait() {
        // Kleinrock's conservation law: with equal service rates the load-weighted mean wait
        // under non-preemptive priority equals the FIFO wait.
        let lambdas = [1.0, 1.5, 1.25]
        let waits = QueueingTheory.priorityNonPreemptive(lambdas: lambdas, mu: 1, servers: 5)!
        let fifo = QueueingTheory.mmc(lambda: 3.75, mu: 1, servers: 5)!.wq
        let weighted = zip(lambdas, waits).reduce(0) { $0 + $1.0 * $1.1 } / 3.75
        XCTAssertEqual(weighted, fifo, accuracy: 1e-12)
    }
}
