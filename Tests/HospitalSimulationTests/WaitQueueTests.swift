import XCTest
@testable import HospitalSimulation

/// A queue's rings keep first-in first-out order through wrapping around, growing and a
/// preempted patient put back at the front, against an array doing the same.
final class WaitQueueTests: XCTestCase {
    func testRingsKeepTheirOrderThroughWrapsGrowthAndPrepends() {
        let storage = ReplicationStorage()
        var queue = WaitQueue(classes: 2, lanes: 1, storage: storage)
        var reference: [[Int32]] = [[], []]
        var next: Int32 = 0
        func entry(_ p: Int32) -> WaitQueue.Entry { WaitQueue.Entry(patient: p, ticket: 0, sequence: UInt64(p), since: 0) }
        // Uneven appends and pops wrap each ring round, then outgrow it (16 slots at first).
        for step in 0..<300 {
            let c = step % 3 == 0 ? 1 : 0
            if step % 5 == 4 {
                let popped = queue.byClass[c].popFirst()?.patient
                XCTAssertEqual(popped, reference[c].isEmpty ? nil : reference[c].removeFirst(), "step \(step)")
            } else if step % 7 == 6 {
                queue.prepend(entry(next), ring: c, classIndex: c)
                reference[c].insert(next, at: 0)
                next += 1
            } else {
                queue.append(entry(next), ring: c, classIndex: c)
                reference[c].append(next)
                next += 1
            }
            XCTAssertEqual(queue.byClass[c].first?.patient, reference[c].first, "step \(step)")
        }
        for c in 0..<2 {
            XCTAssertGreaterThan(reference[c].count, 16, "ring \(c) never had to grow")
            XCTAssertEqual(queue.byClass[c].count, reference[c].count)
            var drained: [Int32] = []
            while let e = queue.byClass[c].popFirst() { drained.append(e.patient) }
            XCTAssertEqual(drained, reference[c])
        }
    }
}
