import Foundation
import SimKernel
import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalScenario
@testable import HospitalSimulation

/// Staffing to demand against known answers: Erlang C for a constant rate, and the
/// iterative staffing algorithm against SIPP on a sinusoidal rate where the load lags.
final class StaffingTests: XCTestCase {
    static func sinusoid(amplitude: Double, mean: Double, hold: Double, days: Int, replications: Int) -> String {
        let rates: [Double] = (0..<24).map { (h: Int) -> Double in
            let phase: Double = 2 * Double.pi * (Double(h) + 0.5) / 24
            return mean * (1 + amplitude * sin(phase))
        }
        let values = rates.map { String(format: "%.4f", $0) }.joined(separator: ", ")
        return """
            name: M(t)/M/s(t)
            time_unit: hour
            run: {horizon: "\(days) day", warmup: "2 day", replications: \(replications), seed: 7}
            arrivals: [{name: calls, by_hour: {values: [\(values)]}}]
            resources: [{name: agent, capacity: 1}]
            pathway: [{use: agent, duration: {exponential: {mean: \(hold)}}}]
            """
    }

    /// Ample staff, then SIPP's and the iterative algorithm's requirements for `yaml`.
    func staff(_ yaml: String, target text: String) throws -> (ample: HourlyMeasures, sipp: [Int], isa: Staffing.Iteration, sippMeasured: HourlyMeasures) {
        let s = scenario(yaml)
        let target = try StaffingTarget.parse(text, unit: .hour).get()
        func measure(_ requirement: [Int]?) -> Result<HourlyMeasures, StaffingFailure>? {
            Staffing.measure(Staffing.staffed(s, resource: 0, hourly: requirement, period: .day), resource: 0, period: .day, quantile: nil, threads: 2, stop: nil)
        }
        let ample = try XCTUnwrap(measure(nil)).get()
        let sipp = Staffing.sipp(ample, target: target, classTargets: [nil], hourLength: 1, lag: false)
        let isa = Staffing.iterate(ample: ample, target: target, classTargets: [nil], maxIterations: 20) { measure($0) }
        return (ample, sipp, isa, try XCTUnwrap(measure(sipp)).get())
    }

    /// The iteration limit counts simulations: with a limit of 2 the algorithm simulates two
    /// requirements and stops there, reporting the second's measures.
    func testTheIterationLimitCountsSimulations() throws {
        let s = scenario(Self.sinusoid(amplitude: 0.6, mean: 20, hold: 3, days: 10, replications: 4))
        let target = try StaffingTarget.parse("delay.probability <= 0.2", unit: .hour).get()
        var simulated: [[Int]] = []
        func measure(_ requirement: [Int]?) -> Result<HourlyMeasures, StaffingFailure>? {
            Staffing.measure(Staffing.staffed(s, resource: 0, hourly: requirement, period: .day), resource: 0, period: .day, quantile: nil, threads: 2, stop: nil)
        }
        let ample = try XCTUnwrap(measure(nil)).get()
        let it = Staffing.iterate(ample: ample, target: target, classTargets: [nil], maxIterations: 2) { r in
            simulated.append(r)
            return measure(r)
        }
        XCTAssertEqual(it.ended, "limit")
        XCTAssertEqual(simulated.count, 2)
        XCTAssertEqual(it.requirements, simulated)
        XCTAssertNotNil(it.final)
    }

    /// A constant rate of 2 an hour with mean service 3 hours (load 6). The algorithm's fixed
    /// point at s servers needs P(L >= s) <= alpha < P(L >= s - 1) in the stationary M/M/s
    /// queue, that is C(s) <= alpha < C(s) + pi(s - 1); with alpha in the middle of that range
    /// for s = 9 (0.196 to 0.286: wide against a sampling error of about 0.01), Erlang C's least
    /// staffing is 9 too, and both methods must give 9 at every hour; simulated at that
    /// staffing, every hour's delay probability covers Erlang C's value.
    func testAConstantRateGetsErlangCStaffingAtEveryHour() throws {
        let erlang = 9, load = 6.0
        let terms = (0..<erlang).map { k in pow(load, Double(k)) / tgamma(Double(k + 1)) }
        let top = pow(load, Double(erlang)) / tgamma(Double(erlang + 1)) / (1 - load / Double(erlang))
        let below = terms[erlang - 1] / (terms.reduce(0, +) + top)  // P(L = s - 1)
        let c = QueueingTheory.erlangC(servers: erlang, load: load)!
        XCTAssertEqual(c, top / (terms.reduce(0, +) + top), accuracy: 1e-12)
        XCTAssertGreaterThan(QueueingTheory.erlangC(servers: erlang - 1, load: load)!, c + below / 2, "Erlang C's least staffing is 9")
        let r = try staff(Self.sinusoid(amplitude: 0, mean: 2, hold: 3, days: 60, replications: 20),
                          target: "delay.probability <= \(c + below / 2)")
        XCTAssertEqual(r.isa.ended, "unchanged")
        XCTAssertEqual(r.isa.requirement, Array(repeating: erlang, count: 24))
        XCTAssertEqual(r.sipp, Array(repeating: erlang, count: 24))
        let theory = c
        for (h, p) in try XCTUnwrap(r.isa.final).delayProbability.enumerated() {
            XCTAssertLessThanOrEqual(abs(p.mean - theory), p.halfWidth(level: 0.999), "hour \(h): \(p.mean) against Erlang C \(theory)")
        }
    }

    /// Feldman, Mandelbaum, Massey and Whitt's setting: a sinusoidal rate (20 an hour, +-60%)
    /// and a mean service of 3 hours, so the load peaks hours after the arrivals. The iterative
    /// algorithm holds every hour's delay probability within 0.1 of the 0.2 target (the 99.9%
    /// interval inside the band); SIPP, staffing each hour for its own arrival rate, misses it
    /// badly in the hours after the peak (above 0.5 with confidence) and overstaffs before it.
    func testTheIterativeMethodHoldsTheDelayProbabilityWhereSIPPMissesIt() throws {
        let r = try staff(Self.sinusoid(amplitude: 0.6, mean: 20, hold: 3, days: 30, replications: 20), target: "delay.probability <= 0.2")
        let isa = try XCTUnwrap(r.isa.final)
        XCTAssertLessThanOrEqual(r.isa.requirements.count, 10, "the algorithm should settle in a few iterations")
        for (h, p) in isa.delayProbability.enumerated() {
            let hw = p.halfWidth(level: 0.999)
            XCTAssertGreaterThanOrEqual(p.mean - hw, 0.1, "hour \(h)")
            XCTAssertLessThanOrEqual(p.mean + hw, 0.3, "hour \(h)")
        }
        // The arrivals peak at hour 5-6; the load, and SIPP's misses, come after.
        let peakArrivals = r.ample.arrivals.indices.max { r.ample.arrivals[$0].mean < r.ample.arrivals[$1].mean }!
        let peakLoad = r.ample.busy.indices.max { r.ample.busy[$0].mean < r.ample.busy[$1].mean }!
        XCTAssertGreaterThanOrEqual(peakLoad - peakArrivals, 2, "the load lags the arrivals")
        let sipp = r.sippMeasured.delayProbability
        let after = (1...12).map { (peakArrivals + $0) % 24 }.filter { sipp[$0].mean - sipp[$0].halfWidth(level: 0.999) > 0.5 }
        XCTAssertGreaterThanOrEqual(after.count, 4, "SIPP misses the target in the hours after the peak")
        for h in (0...4).map({ (peakArrivals - $0 + 24) % 24 }) {
            XCTAssertLessThan(sipp[h].mean + sipp[h].halfWidth(level: 0.999), 0.1, "SIPP overstaffs the rise to the peak, hour \(h)")
        }
    }
}
