import CGSL
import HospitalTestSupport
import SimKernel
import XCTest
@testable import HospitalSimulation

/// Variates made ahead in batches are the variates made one at a time, and only the streams
/// whose every draw transforms one unit variate are batched.
final class VariateBatchesTests: XCTestCase {
    /// Three batches and more from two interleaved streams of different units, against twin
    /// generators drawn one at a time: equal bit for bit, in order.
    func testBatchedVariatesAreTheOneAtATimeVariatesInOrder() {
        let units: [Sampler.Unit?] = [.exponential, .polarNormal]
        let table = UnsafeMutableBufferPointer<Sampler.Unit?>.allocate(capacity: units.count)
        _ = table.initialize(from: units)
        defer { table.deallocate() }
        let purposes = ["a", "b"]
        let batchedStreams = StreamSet(seed: 11, replication: 3, purposes: purposes)
        let directStreams = StreamSet(seed: 11, replication: 3, purposes: purposes)
        let storage = ReplicationStorage()
        let batches = VariateBatches(units: UnsafeBufferPointer(table), storage: storage)
        for k in 0..<(3 * VariateBatches.size + 7) {
            let s = k % 3 == 0 ? 1 : 0  // uneven use, so the two streams cross batches apart
            let batched = batches.next(s, batchedStreams[s])
            let direct = units[s]!.draw(directStreams[s])
            XCTAssertEqual(batched.bitPattern, direct.bitPattern, "variate \(k) of stream \(s)")
        }
    }

    /// A step whose duration is exponential for one class and lognormal for another shares one
    /// stream, as does patience here: neither is batched. Streams of one kind are.
    func testAStreamWithADrawOfAnotherKindIsNotBatched() {
        let model = compiled(scenario("""
            name: mixed
            time_unit: minute
            run: {horizon: "1 day", replications: 2, seed: 1}
            arrivals: [{name: walk-in, rate: 0.2}]
            classes:
              - {name: a, share: 0.5, priority: 1, patience: {exponential: {mean: 30}}}
              - {name: b, share: 0.5, priority: 2, patience: {lognormal: {mean: 60, sd: 20}}}
            resources: [{name: nurse, capacity: 2}, {name: doctor, capacity: 3}]
            pathway:
              - use: nurse
                duration: {exponential: {mean: 4}}
              - use: doctor
                duration: {exponential: {mean: 6}}
                by_class: {b: {duration: {lognormal: {mean: 6, sd: 2}}}}
              - delay: {lognormal: {mean: 20, sd: 10}}
                by_class: {a: {duration: 5}}
            """))
        let program = LinkedProgram(model)
        for c in 0..<2 {
            let first = program.drawFirst[c]
            let nurse = Int(program.drawStream[first]), doctor = Int(program.drawStream[first + 1])
            let delay = Int(program.drawStream[first + 2])
            XCTAssertEqual(program.streamUnit[nurse], .exponential)
            XCTAssertEqual(program.drawBatched[first], .exponential(mean: 4), "class \(c)")
            XCTAssertNil(program.streamUnit[doctor], "the doctor's stream gives an exponential and a lognormal")
            XCTAssertNil(program.drawBatched[first + 1], "class \(c)")
            XCTAssertEqual(program.streamUnit[delay], .polarNormal, "a fixed delay takes nothing from the stream")
        }
        XCTAssertNotNil(program.drawBatched[program.drawFirst[1] + 2], "class b's lognormal delay")
        XCTAssertNil(program.drawBatched[program.drawFirst[0] + 2], "class a's fixed delay is drawn by its sampler")
        XCTAssertEqual(program.streamUnit[0], .exponential, "Poisson arrivals")
        XCTAssertNil(program.streamUnit[program.patienceStream])
        XCTAssertNil(program.classPatienceBatched[0])
    }
}
