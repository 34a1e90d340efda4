import Foundation
import HeapModule
import SimKernel

/// Kernel-only M/M/c throughput: the project's `EventList` against swift-collections' `Heap`
/// on the same loop, same streams and same statistics.
enum KernelBench {
    static let c = 10
    static let mu = 1.0
    static let lambda = 0.9 * 10

    static func eventList(customers: Int) -> (events: Int, seconds: Double, wait: Double) {
        let model = MMcReferenceModel(lambda: lambda, mu: mu, servers: c, customers: customers)
        let start = DispatchTime.now().uptimeNanoseconds
        let r = model.run(seed: 1, replication: 0)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return (r.events, seconds, r.meanWait)
    }

    struct Entry: Comparable {
        var time: Double
        var sequence: UInt64
        var kind: Int32
        static func < (a: Entry, b: Entry) -> Bool { (a.time, a.sequence) < (b.time, b.sequence) }
    }

    /// The same M/M/c loop over `Heap<Entry>`.
    static func collectionsHeap(customers: Int) -> (events: Int, seconds: Double, wait: Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let arrivals = RandomStream(seed: 1, replication: 0, purpose: "arrivals")
        let services = RandomStream(seed: 1, replication: 0, purpose: "service")
        var heap = Heap<Entry>()
        var sequence: UInt64 = 0
        var queue = RingBuffer<Double>(capacity: 1024)
        var busy = 0, arrived = 0, events = 0
        var wait = Tally()
        var queueLength = TimeAverage(value: 0, at: 0)
        func schedule(_ t: Double, _ kind: Int32) {
            heap.insert(Entry(time: t, sequence: sequence, kind: kind))
            sequence += 1
        }
        schedule(arrivals.exponential(mean: 1 / lambda), 0)
        while let e = heap.popMin() {
            events += 1
            let now = e.time
            if e.kind == 0 {
                arrived += 1
                if arrived < customers { schedule(now + arrivals.exponential(mean: 1 / lambda), 0) }
                if busy < c {
                    busy += 1
                    wait.add(0)
                    schedule(now + services.exponential(mean: 1 / mu), 1)
                } else {
                    queue.append(now)
                    queueLength.update(to: Double(queue.count), at: now)
                }
            } else if let t = queue.popFirst() {
                queueLength.update(to: Double(queue.count), at: now)
                wait.add(now - t)
                schedule(now + services.exponential(mean: 1 / mu), 1)
            } else {
                busy -= 1
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return (events, seconds, wait.mean)
    }

    static func run(customers: Int, repeats: Int) {
        print("Kernel benchmark: M/M/c, c = \(c), rho = 0.9, \(customers) customers, best of \(repeats)")
        var bestList = Double.infinity, bestHeap = Double.infinity
        var events = 0
        for _ in 0..<repeats {
            let a = eventList(customers: customers)
            let b = collectionsHeap(customers: customers)
            precondition(a.events == b.events && a.wait == b.wait, "the two loops must simulate the same path")
            events = a.events
            bestList = min(bestList, a.seconds)
            bestHeap = min(bestHeap, b.seconds)
        }
        let rateList = Double(events) / bestList, rateHeap = Double(events) / bestHeap
        print(String(format: "  EventList:                  %6.2f M events/s  (%d events in %.3f s)", rateList / 1e6, events, bestList))
        print(String(format: "  swift-collections Heap:     %6.2f M events/s  (%d events in %.3f s)", rateHeap / 1e6, events, bestHeap))
        print(String(format: "  ratio EventList / Heap:     %6.2f", rateList / rateHeap))
    }
}
