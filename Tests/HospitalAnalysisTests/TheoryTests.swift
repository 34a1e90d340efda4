import SimKernel
import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalPolicies
@testable import HospitalScenario
@testable import HospitalSimulation

/// The full scenario machinery against exact queueing-theory results.
final class TheoryTests: XCTestCase {
    func testMM1() {
        let r = simulate("""
            name: mm1
            run: {horizon: "100 day", warmup: "1 day", replications: 20, seed: 11}
            arrivals: [{name: a, rate: 0.8}]
            resources: [{name: s, capacity: 1}]
            pathway: [{use: s, duration: {exponential: {mean: 1}}}]
            """)
        let theory = QueueingTheory.mmc(lambda: 0.8, mu: 1, servers: 1)!
        assertCovers(r, "wait.mean", theory.wq)
        assertCovers(r, "time_in_system.mean", theory.w)
        assertCovers(r, "resource.s.queue.mean", theory.lq)
        assertCovers(r, "resource.s.utilization", 0.8, precision: 0.01)
        // The waiting-time distribution of M/M/1: P(W > x) = rho exp(-(mu - lambda) x), so the
        // median wait solves rho exp(-0.2 x) = 0.5 and the 90th percentile rho exp(-0.2 x) = 0.1.
        assertCovers(r, "wait.p50", log(0.8 / 0.5) / 0.2, precision: 0.1)
        assertCovers(r, "wait.p90", log(0.8 / 0.1) / 0.2)
    }

    func testMMcErlangC() {
        let r = simulate("""
            name: mmc
            time_unit: hour
            run: {horizon: "800 day", warmup: "5 day", replications: 20, seed: 12}
            arrivals: [{name: a, rate: "4.25 per hour"}]
            resources: [{name: s, capacity: 5}]
            pathway: [{use: s, duration: {exponential: {mean: "60 min"}}}]
            """)
        let theory = QueueingTheory.mmc(lambda: 4.25, mu: 1, servers: 5)!
        assertCovers(r, "wait.mean", theory.wq)
        assertCovers(r, "resource.s.queue.mean", theory.lq)
        assertCovers(r, "resource.s.busy.mean", 4.25, precision: 0.01)
    }

    func testErlangBLossSystem() {
        let r = simulate("""
            name: loss
            time_unit: hour
            run: {horizon: "2000 day", warmup: "7 day", replications: 20, seed: 13}
            arrivals: [{name: a, rate: "6 per day"}]
            resources: [{name: bed, capacity: 8, queue_capacity: 0}]
            pathway: [{use: bed, duration: {lognormal: {mean: "24 hour", sd: "30 hour"}}}]
            """)
        // Erlang B is insensitive to the length-of-stay distribution beyond its mean.
        let b = QueueingTheory.erlangB(servers: 8, load: 6)!
        assertCovers(r, "blocked.fraction", b, precision: 0.1)
        assertCovers(r, "resource.bed.busy.mean", 6 * (1 - b), precision: 0.02)
    }

    func testMMcKFiniteWaitingRoom() {
        let r = simulate("""
            name: mmck
            run: {horizon: "20 day", warmup: "1 day", replications: 20, seed: 14}
            arrivals: [{name: a, rate: 2.7}]
            resources: [{name: s, capacity: 3, queue_capacity: 4}]
            pathway: [{use: s, duration: {exponential: {mean: 1}}}]
            """)
        let theory = QueueingTheory.mmck(lambda: 2.7, mu: 1, servers: 3, capacity: 7)!
        assertCovers(r, "blocked.fraction", theory.pBlock, precision: 0.05)
        assertCovers(r, "wait.mean", theory.wq)
    }

    func testNonPreemptivePriorityCobham() {
        let r = simulate("""
            name: cobham
            run: {horizon: "40 day", warmup: "1 day", replications: 20, seed: 15}
            arrivals: [{name: a, rate: 3.6}]
            classes:
              - {name: high, share: 0.2, priority: 1}
              - {name: mid, share: 0.3, priority: 2}
              - {name: low, share: 0.5, priority: 3}
            resources: [{name: s, capacity: 4, discipline: priority}]
            pathway: [{use: s, duration: {exponential: {mean: 1}}}]
            """)
        let waits = QueueingTheory.priorityNonPreemptive(lambdas: [0.72, 1.08, 1.8], mu: 1, servers: 4)!
        assertCovers(r, "class.high.wait.mean", waits[0], precision: 0.06)
        assertCovers(r, "class.mid.wait.mean", waits[1], precision: 0.08)
        assertCovers(r, "class.low.wait.mean", waits[2], precision: 0.08)
        // The conservation law: the overall mean equals the FIFO mean.
        assertCovers(r, "wait.mean", QueueingTheory.mmc(lambda: 3.6, mu: 1, servers: 4)!.wq, precision: 0.08)
    }

    func testPreemptiveResumePriorityMM1() {
        let r = simulate("""
            name: preemptive
            run: {horizon: "40 day", warmup: "1 day", replications: 20, seed: 16}
            arrivals: [{name: a, rate: 0.8}]
            classes:
              - {name: urgent, share: 0.375, priority: 1}
              - {name: routine, share: 0.625, priority: 2}
            resources: [{name: s, capacity: 1}]
            policy: {name: preemptive}
            pathway:
              - use: s
                duration: {exponential: {mean: 1}}
                by_class: {urgent: {duration: {exponential: {mean: 0.5}}}}
            """)
        let t = QueueingTheory.priorityPreemptiveResume(lambdas: [0.3, 0.5], mus: [2, 1])!
        assertCovers(r, "class.urgent.time_in_system.mean", t[0], precision: 0.02)
        assertCovers(r, "class.routine.time_in_system.mean", t[1])
    }

    func testMD1PollaczekKhinchine() {
        let r = simulate("""
            name: md1
            run: {horizon: "20 day", warmup: "1 day", replications: 20, seed: 17}
            arrivals: [{name: a, rate: 0.85}]
            resources: [{name: s, capacity: 1}]
            pathway: [{use: s, duration: 1}]
            """)
        assertCovers(r, "wait.mean", QueueingTheory.mg1(lambda: 0.85, meanService: 1, scv: 0)!.wq)
    }

    func testMG1WithGammaService() {
        let r = simulate("""
            name: mg1
            run: {horizon: "100 day", warmup: "1 day", replications: 20, seed: 18}
            arrivals: [{name: a, rate: 0.1}]
            resources: [{name: s, capacity: 1}]
            pathway: [{use: s, duration: {gamma: {mean: 7, sd: 10}}}]
            """)
        assertCovers(r, "wait.mean", QueueingTheory.mg1(lambda: 0.1, meanService: 7, scv: 100.0 / 49)!.wq, precision: 0.08)
    }

    func testJacksonTandem() {
        let r = simulate("""
            name: tandem
            run: {horizon: "20 day", warmup: "1 day", replications: 20, seed: 19}
            arrivals: [{name: a, rate: 2}]
            resources: [{name: first, capacity: 3}, {name: second, capacity: 2}]
            pathway:
              - use: first
                duration: {exponential: {mean: 1.2}}
              - use: second
                duration: {exponential: {mean: 0.8}}
            """)
        let a = QueueingTheory.mmc(lambda: 2, mu: 1 / 1.2, servers: 3)!
        let b = QueueingTheory.mmc(lambda: 2, mu: 1 / 0.8, servers: 2)!
        assertCovers(r, "resource.first.wait.mean", a.wq)
        assertCovers(r, "resource.second.wait.mean", b.wq)
        assertCovers(r, "time_in_system.mean", a.w + b.w, precision: 0.02)
    }

    func testErlangAAbandonment() {
        let r = simulate("""
            name: erlang-a
            run: {horizon: "20 day", warmup: "1 day", replications: 20, seed: 20}
            arrivals: [{name: a, rate: 4.8}]
            classes:
              - {name: all, share: 1, patience: {exponential: {mean: 2}}}
            resources: [{name: s, capacity: 5}]
            pathway: [{use: s, duration: {exponential: {mean: 1}}}]
            """)
        let theory = QueueingTheory.erlangA(lambda: 4.8, mu: 1, servers: 5, theta: 0.5)!
        assertCovers(r, "reneged.fraction", theory.pAbandon)
        assertCovers(r, "resource.s.queue.mean", theory.lq)
        assertCovers(r, "resource.s.busy.mean", 5 * theory.utilization, precision: 0.01)
        // Completed patients' waits: those of the served.
        let served = QueueingTheory.erlangAServed(lambda: 4.8, mu: 1, servers: 5, theta: 0.5)!
        assertCovers(r, "wait.mean", served.meanWait)
        assertCovers(r, "time_in_system.mean", served.meanWait + 1, precision: 0.01)
    }

    /// `simrun theory` (and the run's theory column) gives Erlang-A's values for exponential
    /// patience, and says why not for other patience.
    func testTheoryOfExponentialPatienceIsErlangA() throws {
        let text = """
            name: erlang-a
            time_unit: hour
            run: {horizon: "20 day"}
            arrivals: [{name: a, rate: 9}]
            classes: [{name: all, share: 1, patience: {exponential: {mean: 0.5}}}]
            resources: [{name: s, capacity: 10}]
            pathway: [{use: s, duration: {exponential: {mean: 1}}}]
            """
        guard case .success(let t) = Theory.analyse(scenario(text)) else { return XCTFail("Erlang-A applies") }
        XCTAssertEqual(t.model, "M/M/10+M (Erlang-A)")
        let a = QueueingTheory.erlangA(lambda: 9, mu: 1, servers: 10, theta: 2)!
        let served = QueueingTheory.erlangAServed(lambda: 9, mu: 1, servers: 10, theta: 2)!
        let values = Dictionary(uniqueKeysWithValues: t.values.map { ($0.metric, $0.value) })
        XCTAssertEqual(values["reneged.fraction"], a.pAbandon)
        XCTAssertEqual(values["wait.mean"], served.meanWait)
        XCTAssertEqual(values["resource.s.queue.mean"], a.lq)
        XCTAssertNil(values["wait.p90"], "no quantiles: the served wait is a mixture of hypoexponentials")
        let lognormal = text.replacingOccurrences(of: "{exponential: {mean: 0.5}}", with: "{lognormal: {mean: 0.5, sd: 0.2}}")
        guard case .failure(let why) = Theory.analyse(scenario(lognormal)) else { return XCTFail("M/M/c+G has no formula here") }
        XCTAssertTrue(why.reason.contains("M/M/c+G"), why.reason)
    }

    /// A Poisson stream with an hour-of-day profile brings the profile's integral in arrivals.
    func testHourOfDayProfileArrivalCounts() {
        let r = simulate("""
            name: profile
            run: {horizon: "400 day", replications: 10, seed: 21}
            arrivals:
              - name: a
                by_hour:
                  unit: per hour
                  values: [2, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 7, 7, 7, 7, 7, 7, 6, 5, 4, 3, 3, 2]
            resources: [{name: s, capacity: infinite}]
            pathway: [{use: s, duration: {exponential: {mean: 30}}}]
            """)
        let perDay = [2.0, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 7, 7, 7, 7, 7, 7, 6, 5, 4, 3, 3, 2].reduce(0, +)
        assertCovers(r, "patients.arrived", perDay * 400, precision: 0.01)
        // Infinite servers: the busy profile of M_t/M/infinity lags the arrival profile;
        // its mean is the mean rate times the mean service time (30 min).
        assertCovers(r, "resource.s.busy.mean", perDay / 24 * 0.5, precision: 0.02)
    }
}

/// `simrun theory` shows how its numbers follow: the formula of each model with the values in.
final class TheoryFormulaTests: XCTestCase {
    func testEachModelNamesItsFormulaWithTheNumbersIn() throws {
        let mmc = scenario("""
            name: M/M/10
            time_unit: hour
            run: {horizon: "10 day"}
            arrivals: [{name: p, rate: 9}]
            resources: [{name: s, capacity: 10}]
            pathway: [{use: s, duration: {exponential: {mean: 1}}}]
            """)
        let t = try Theory.analyse(mmc).get()
        let text = t.formulas.joined(separator: "\n")
        XCTAssertTrue(text.contains("Erlang C"), text)
        XCTAssertTrue(text.contains("Little's law"), text)
        XCTAssertTrue(text.contains("= 0.6687"), "P(wait) = Wq = 0.6687 for c = 10, a = 9: \(text)")
        var loss = mmc
        loss.resources[0].queueCapacity = 0
        XCTAssertTrue(try Theory.analyse(loss).get().formulas.joined().contains("Erlang B"))
        var pk = mmc
        pk.resources[0].capacity = 1
        pk.arrivals[0].process = .poisson(rate: 0.5)
        pk.pathway = [.use(resource: 0, duration: try Distribution.deterministic(1), byClass: [:], treatment: nil, id: "pathway[0]")]
        XCTAssertTrue(try Theory.analyse(pk).get().formulas.joined().contains("Pollaczek-Khinchine"))
    }
}
