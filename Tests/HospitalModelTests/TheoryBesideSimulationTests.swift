import SimKernel
import XCTest
@testable import HospitalModel

/// `simrun theory` and the theory column: the formulas' values for single-station scenarios,
/// against numbers computed by hand.
final class TheoryBesideSimulationTests: XCTestCase {
    func theory(_ yaml: String) -> TheoryResult? { try? Theory.analyse(scenario(yaml)).get() }

    func testMM1ByHand() throws {
        let t = try XCTUnwrap(theory("""
            name: mm1
            run: {horizon: 1000}
            arrivals: [{name: a, rate: 0.8}]
            resources: [{name: s, capacity: 1}]
            pathway: [{use: s, duration: {exponential: {mean: 1}}}]
            """))
        XCTAssertEqual(t.model, "M/M/1")
        // rho = 0.8: Wq = rho / (mu - lambda) = 4, W = 5, Lq = 3.2, median wait ln(0.8 / 0.5) / 0.2.
        XCTAssertEqual(t.value("wait.mean")!, 4, accuracy: 1e-12)
        XCTAssertEqual(t.value("time_in_system.mean")!, 5, accuracy: 1e-12)
        XCTAssertEqual(t.value("resource.s.queue.mean")!, 3.2, accuracy: 1e-12)
        XCTAssertEqual(t.value("wait.p50")!, 2.350018, accuracy: 1e-6)
        XCTAssertEqual(t.value("patients.arrived")!, 800, accuracy: 1e-9)
    }

    func testMMcAgainstAPublishedErlangC() throws {
        // c = 5, a = 4: C = 0.554113, Wq = C / (c mu - lambda) = 0.554113 with mu = 1, lambda = 4.
        let t = try XCTUnwrap(theory("""
            name: mmc
            time_unit: hour
            run: {horizon: 100}
            arrivals: [{name: a, rate: "4 per hour"}]
            resources: [{name: s, capacity: 5}]
            pathway: [{use: s, duration: "1 hour"}]
            """.replacingOccurrences(of: "duration: \"1 hour\"", with: "duration: {exponential: {mean: \"60 min\"}}")))
        XCTAssertEqual(t.model, "M/M/5")
        XCTAssertEqual(t.value("wait.mean")!, 0.554113, accuracy: 1e-6)
        XCTAssertEqual(t.value("resource.s.busy.mean")!, 4, accuracy: 1e-9)
    }

    func testMD1AndLossAndFiniteRoomByHand() throws {
        let md1 = try XCTUnwrap(theory("""
            name: md1
            run: {horizon: 100}
            arrivals: [{name: a, rate: 0.85}]
            resources: [{name: s, capacity: 1}]
            pathway: [{use: s, duration: 1}]
            """))
        XCTAssertEqual(md1.model, "M/D/1")
        XCTAssertEqual(md1.value("wait.mean")!, 0.85 / (2 * 0.15), accuracy: 1e-12)  // rho / (2 mu (1 - rho))
        let loss = try XCTUnwrap(theory("""
            name: loss
            run: {horizon: 100}
            arrivals: [{name: a, rate: 0.25}]
            resources: [{name: bed, capacity: 8, queue_capacity: 0}]
            pathway: [{use: bed, duration: {lognormal: {mean: 24, sd: 10}}}]
            """))
        XCTAssertEqual(loss.model, "M/G/8/8")
        XCTAssertEqual(loss.value("blocked.fraction")!, 0.121876, accuracy: 1e-6)  // Erlang B(8, 6)
        // M/M/1/2 with rho = 1: states 0, 1, 2 equally likely: blocking 1/3, Lq = 1/3.
        let finite = try XCTUnwrap(theory("""
            name: mm12
            run: {horizon: 100}
            arrivals: [{name: a, rate: 1}]
            resources: [{name: s, capacity: 1, queue_capacity: 1}]
            pathway: [{use: s, duration: {exponential: {mean: 1}}}]
            """))
        XCTAssertEqual(finite.model, "M/M/1/2")
        XCTAssertEqual(finite.value("blocked.fraction")!, 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(finite.value("resource.s.queue.mean")!, 1.0 / 3, accuracy: 1e-12)
    }

    func testTheoryDeclinesWhatItCannotSolve() {
        let rosterOrTwoSteps = """
            name: no
            run: {horizon: 100}
            arrivals: [{name: a, rate: 0.5}]
            resources: [{name: s, capacity: 2}]
            pathway: [{use: s, duration: 1}, {use: s, duration: 1}]
            """
        guard case .failure(let why) = Theory.analyse(scenario(rosterOrTwoSteps)) else { return XCTFail() }
        XCTAssertTrue(why.reason.contains("one use step"), why.reason)
        let mgc = rosterOrTwoSteps.replacingOccurrences(of: "[{use: s, duration: 1}, {use: s, duration: 1}]", with: "[{use: s, duration: 1}]")
        guard case .failure(let why2) = Theory.analyse(scenario(mgc)) else { return XCTFail() }
        XCTAssertTrue(why2.reason.contains("M/G/c"), why2.reason)
    }
}
