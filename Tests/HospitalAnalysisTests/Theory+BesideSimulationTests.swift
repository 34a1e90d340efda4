import SimKernel
import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalPolicies
@testable import HospitalScenario
@testable import HospitalSimulation

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

    /// Each exact wait distribution is a distribution (F(0) = P(no wait), F rises to 1) whose mean,
    /// the integral of 1 - F, is the model's Wq: M/M/1, M/M/c and M/M/c/K.
    func testExactWaitDistributionsIntegrateToTheMeanWait() throws {
        for (name, capacity, room) in [("M/M/1", 1, ""), ("M/M/3", 3, ""), ("M/M/3/8", 3, ", queue_capacity: 5")] {
            let t = try XCTUnwrap(theory("""
                name: w
                run: {horizon: 100}
                arrivals: [{name: a, rate: 2.4}]
                resources: [{name: s, capacity: \(capacity)\(room)}]
                pathway: [{use: s, duration: {exponential: {mean: \(capacity == 1 ? 0.35 : 1)}}}]
                """))
            XCTAssertEqual(t.model, name)
            let w = try XCTUnwrap(t.waitDistribution, name)
            let wq = t.value("wait.mean")!
            XCTAssertEqual(w.cdf(0), w.noWait, accuracy: 1e-12)
            XCTAssertEqual(w.cdf(200 * wq + 100), 1, accuracy: 1e-9, name)
            // Simpson's rule on [0, T] with T far in the tail.
            let end = 60 * wq + 50, steps = 20_000, h = end / Double(steps)
            var integral = 0.0
            for i in 0...steps {
                let weight: Double = i == 0 || i == steps ? 1 : (i % 2 == 1 ? 4 : 2)
                integral += weight * (1 - w.cdf(Double(i) * h))
            }
            XCTAssertEqual(integral * h / 3, wq, accuracy: 1e-6 * max(1, wq), "\(name): the mean of the distribution is Wq")
        }
    }

    /// The waits the simulation keeps (one sketch per class and replication) follow the exact
    /// M/M/2 distribution: at each point, the replications' fractions of patients seen within t
    /// cover P(Wq <= t) with a 99.9% interval (plus the sketch's 0.5% resolution in t).
    func testKeptWaitsFollowTheExactDistribution() throws {
        let yaml = """
            name: mm2
            run: {horizon: 20000, warmup: 500, replications: 10, seed: 5}
            arrivals: [{name: a, rate: 1.6}]
            resources: [{name: s, capacity: 2}]
            pathway: [{use: s, duration: {exponential: {mean: 1}}}]
            """
        let w = try XCTUnwrap(theory(yaml)?.waitDistribution)
        let result = simulate(yaml)
        XCTAssertEqual(result.replications.map(\.waits.count), Array(repeating: 1, count: 10))
        for t in [0.0, 0.5, 1, 2, 4, 8] {
            let fractions = Summary(of: result.replications.map { $0.waits[0].fraction(atMost: t) })
            let slack = w.cdf(t * 1.005) - w.cdf(t * 0.995)
            XCTAssertLessThanOrEqual(abs(fractions.mean - w.cdf(t)), fractions.halfWidth(level: 0.999) + slack,
                                     "P(Wq <= \(t)): simulated \(fractions.mean), theory \(w.cdf(t))")
        }
        let pooled = try XCTUnwrap(result.waitDistributions)
        XCTAssertEqual(pooled.all.count, Int(result.metric("patients.completed")!.mean * 10 + 0.5), "every completed patient is in the pooled waits")
    }
}
