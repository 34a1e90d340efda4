import HospitalTestSupport
import SimKernel
import XCTest
@testable import HospitalSimulation

/// A stop is read inside the event loop: a replication of a century is abandoned within one
/// stride of events of the flag being set, not at its end (a slow file's replication took
/// 272 s to notice SIGTERM).
final class SimulationCancellationTests: XCTestCase {
    static let century = """
        name: M/M/1 for a century
        time_unit: minute
        run: {horizon: "36500 day", replications: 1, seed: 3}
        arrivals:
          - {name: p, rate: "0.9 per minute"}
        resources:
          - {name: server, capacity: 1}
        pathway:
          - {use: server, duration: {exponential: {mean: 1}}}
        """

    func testASetFlagEndsTheReplicationWithinOneStride() {
        let model = compiled(scenario(Self.century))
        var sim = Simulation(model: model, replication: 0)
        let stop = StopFlag()
        stop.set()
        sim.cancellation = stop
        _ = sim.run()
        XCTAssertTrue(sim.cancelled)
        XCTAssertLessThanOrEqual(sim.eventCount, StopFlag.eventStride + 1)
    }

    /// The flag costs nothing to a replication it does not stop: the same events, the same numbers.
    func testAnUnsetFlagChangesNothing() {
        let short = Self.century.replacingOccurrences(of: "36500 day", with: "200 day")
        let model = compiled(scenario(short))
        var plain = Simulation(model: model, replication: 0)
        let a = plain.run()
        var watched = Simulation(model: model, replication: 0)
        watched.cancellation = StopFlag()
        let b = watched.run()
        XCTAssertFalse(watched.cancelled)
        XCTAssertGreaterThan(watched.eventCount, 4 * StopFlag.eventStride)
        XCTAssertEqual(plain.eventCount, watched.eventCount)
        XCTAssertEqual(a.metrics.map(\.bitPattern), b.metrics.map(\.bitPattern))
    }
}
