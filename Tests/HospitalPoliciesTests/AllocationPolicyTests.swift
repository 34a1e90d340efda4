import SimKernel
import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalPolicies
@testable import HospitalScenario
@testable import HospitalSimulation

/// Allocation policies: each against theory where theory exists, and otherwise against the
/// baseline policy on the same patients (common random numbers), with paired intervals.
final class AllocationPolicyTests: XCTestCase {
    func compare(_ yaml: String, _ policies: [String]) -> Comparison {
        let s = scenario(yaml)
        return Comparison.run(policies.map { ($0, compiled(s, policy: $0)) }, threads: 2)
    }

    func difference(_ c: Comparison, _ v: Int, _ metric: String, file: StaticString = #filePath, line: UInt = #line) -> Comparison.Difference {
        guard let d = c.difference(variant: v, metric: metric) else {
            XCTFail("no difference for \(metric)", file: file, line: line)
            fatalError()
        }
        return d
    }

    static let twoClassMM1 = """
        name: two classes
        run: {horizon: "80 day", warmup: "1 day", replications: 20, seed: 31}
        arrivals: [{name: a, rate: 0.8}]
        classes:
          - {name: urgent, share: 0.3, priority: 1}
          - {name: routine, share: 0.7, priority: 2}
        resources: [{name: s, capacity: 1}]
        pathway: [{use: s, duration: {exponential: {mean: 1}}}]
        """

    func testAPolicyAgainstItselfDiffersByExactlyZero() {
        let c = compare(Self.twoClassMM1.replacingOccurrences(of: "80 day", with: "5 day"), ["priority", "{name: priority}"])
        XCTAssertFalse(c.metricNames.isEmpty)
        for name in c.metricNames {
            let d = difference(c, 1, name)
            XCTAssertTrue(d.summary.mean == 0 || d.summary.mean.isNaN, "\(name): \(d.summary.mean)")
            XCTAssertFalse(d.significant, name)
        }
    }

    /// Kleinrock's conservation law: with equal service rates, priority only redistributes the
    /// wait; the overall mean equals M/M/1 first come first served, while the urgent class waits
    /// the Cobham amount.
    func testPriorityBeatsFIFOForTheUrgentClassAndConservesTheMeanWait() {
        let c = compare(Self.twoClassMM1, ["fifo", "priority"])
        let urgent = difference(c, 1, "class.urgent.wait.mean")
        XCTAssertTrue(urgent.significant && urgent.summary.mean < 0, "urgent wait should fall: \(urgent.summary.mean)")
        let fcfs = QueueingTheory.mmc(lambda: 0.8, mu: 1, servers: 1)!.wq
        assertCovers(c.variants[0].result, "wait.mean", fcfs)
        assertCovers(c.variants[1].result, "wait.mean", fcfs)
        let cobham = QueueingTheory.priorityNonPreemptive(lambdas: [0.24, 0.56], mu: 1, servers: 1)!
        assertCovers(c.variants[1].result, "class.urgent.wait.mean", cobham[0])
        assertCovers(c.variants[1].result, "class.routine.wait.mean", cobham[1])
    }

    /// Shortest expected service first is non-preemptive priority by service length, so the
    /// M/G/1 priority formula applies: W_k = W0 / ((1 - s_{k-1})(1 - s_k)), W0 = sum lambda E[S^2] / 2.
    func testShortestExpectedFirstMatchesMG1PriorityTheory() {
        let c = compare("""
            name: sef
            run: {horizon: "60 day", warmup: "1 day", replications: 20, seed: 32}
            arrivals: [{name: a, rate: 0.3}]
            classes:
              - {name: long, share: 0.5, priority: 1}
              - {name: short, share: 0.5, priority: 1}
            resources: [{name: s, capacity: 1}]
            pathway:
              - use: s
                duration: {exponential: {mean: 4}}
                by_class: {short: {duration: {exponential: {mean: 1}}}}
            """, ["fifo", "shortest-expected-first"])
        let lambda = 0.15, w0 = lambda * 2 * 1 + lambda * 2 * 16  // sum lambda_i E[S_i^2] / 2
        let shortWait = w0 / 2 / (1 - 0.15), longWait = w0 / 2 / ((1 - 0.15) * (1 - 0.75))
        let sef = c.variants[1].result
        assertCovers(sef, "class.short.wait.mean", shortWait)
        assertCovers(sef, "class.long.wait.mean", longWait, precision: 0.08)
        let d = difference(c, 1, "wait.mean")
        XCTAssertTrue(d.significant && d.summary.mean < 0, "SEF should lower the mean wait: \(d.summary.mean)")
    }

    /// Trunk reservation in a loss system against its exact birth-death solution.
    func testBedReservationProtectsTheReservedClassInALossSystem() {
        let c = compare("""
            name: beds
            time_unit: hour
            run: {horizon: "1000 day", warmup: "10 day", replications: 20, seed: 33}
            arrivals: [{name: a, rate: "9 per day"}]
            classes:
              - {name: emergency, share: 0.3, priority: 1}
              - {name: elective, share: 0.7, priority: 2}
            resources: [{name: bed, capacity: 10, queue_capacity: 0}]
            pathway: [{use: bed, duration: {exponential: {mean: "24 hour"}}}]
            """, ["fifo", "{name: bed-reservation, reserve: 2, classes: [emergency]}"])
        let d = difference(c, 1, "class.emergency.blocked.fraction")
        XCTAssertTrue(d.significant && d.summary.mean < 0, "reservation should lower emergency blocking: \(d.summary.mean)")
        let theory = QueueingTheory.trunkReservation(lambdaProtected: 2.7 / 24, lambdaOther: 6.3 / 24, mu: 1.0 / 24,
                                                     servers: 10, reserve: 2)!
        assertCovers(c.variants[1].result, "class.emergency.blocked.fraction", theory.protected, precision: 0.25)
        assertCovers(c.variants[1].result, "class.elective.blocked.fraction", theory.other, precision: 0.05)
        assertCovers(c.variants[0].result, "blocked.fraction", QueueingTheory.erlangB(servers: 10, load: 9)!, precision: 0.05)
    }

    func testSurgeStaffingRaisesCostAndLowersWait() {
        let c = compare("""
            name: surge
            run: {horizon: "30 day", warmup: "2 day", replications: 20, seed: 34}
            arrivals:
              - name: a
                by_hour: {values: [2, 2, 2, 2, 2, 2, 4, 8, 10, 11, 11, 11, 11, 10, 10, 10, 9, 8, 6, 5, 4, 3, 2, 2]}
            resources:
              - name: doctor
                capacity: 3
                cost: {staffed_per_hour: 100}
            pathway: [{use: doctor, duration: {exponential: {mean: 20}}}]
            """, ["priority", "{name: surge-staffing, threshold: 6, after: 15 min, delay: 30 min, extra: 2, premium_per_hour: 80, release_below: 2}"])
        let cost = difference(c, 1, "cost.total"), wait = difference(c, 1, "wait.mean")
        XCTAssertTrue(cost.significant && cost.summary.mean > 0, "surge should cost more: \(cost.summary.mean)")
        XCTAssertTrue(wait.significant && wait.summary.mean < 0, "surge should cut the wait: \(wait.summary.mean)")
        let surge = c.variants[1].result.metric("resource.doctor.surge.mean")!
        XCTAssertGreaterThan(surge.mean, 0.1)
        XCTAssertLessThan(surge.mean, 2)
    }

    /// Surge is a resource rule: `surge:` with the priority discipline is exactly the
    /// surge-staffing policy, and it combines with another discipline (fast track here).
    func testSurgeIsAResourceRuleThatCombinesWithAnyDiscipline() throws {
        let base = """
            name: surge rule
            run: {horizon: "10 day", warmup: "1 day", replications: 8, seed: 36}
            arrivals: [{name: a, rate: "9 per hour", classes: {major: 0.7, minor: 0.3}}]
            classes: [{name: major, share: 0.7, priority: 1}, {name: minor, share: 0.3, priority: 2}]
            resources:
              - name: doctor
                capacity: 3
                cost: {staffed_per_hour: 100}
                DISCIPLINE
            pathway: [{use: doctor, duration: {exponential: {mean: 20}}}]
            """
        let rule = "{threshold: 6, after: 15 min, delay: 30 min, extra: 2, premium_per_hour: 80, release_below: 2}"
        func run(_ discipline: String) -> RunResult {
            simulate(base.replacingOccurrences(of: "DISCIPLINE", with: discipline))
        }
        let asPolicy = run("discipline: {name: surge-staffing, threshold: 6, after: 15 min, delay: 30 min, extra: 2, premium_per_hour: 80, release_below: 2}")
        let asRule = run("discipline: priority\n    surge: \(rule)")
        XCTAssertEqual(ResultsDocument.json(asPolicy), ResultsDocument.json(asRule), "the same model, written two ways")
        let fastTrack = "discipline: {name: fast-track, units: 1, classes: [minor]}"
        let plain = run(fastTrack), surged = run(fastTrack + "\n    surge: \(rule)")
        XCTAssertGreaterThan(try XCTUnwrap(surged.metric("resource.doctor.surge.mean")).mean, 0.1)
        XCTAssertNil(plain.metric("resource.doctor.surge.mean"))
        XCTAssertGreaterThan(surged.metric("cost.total")!.mean, plain.metric("cost.total")!.mean)
        XCTAssertLessThan(surged.metric("class.major.wait.mean")!.mean, plain.metric("class.major.wait.mean")!.mean)
        do {
            _ = try ScenarioLoader.load(yaml: base.replacingOccurrences(of: "DISCIPLINE", with:
                "discipline: {name: surge-staffing, threshold: 6, extra: 1}\n    surge: \(rule)"), file: "t.yaml")
            XCTFail("two surge rules should be refused")
        } catch {
            XCTAssertTrue(error.all.contains { $0.message.contains("one surge rule") }, "\(error)")
        }
    }

    /// Accumulating priority lies between first come first served and strict priority for
    /// both classes.
    func testAccumulatingPriorityLiesBetweenFIFOAndPriority() {
        let yaml = Self.twoClassMM1
        let c = compare(yaml, ["fifo", "priority", "{name: accumulating-priority, rates: {urgent: 1, routine: 0.25}}"])
        for (cls, urgentGains) in [("urgent", true), ("routine", false)] {
            let strict = difference(c, 1, "class.\(cls).wait.mean").summary.mean
            let accumulating = difference(c, 2, "class.\(cls).wait.mean")
            XCTAssertTrue(accumulating.significant, cls)
            if urgentGains {
                XCTAssertTrue(strict < accumulating.summary.mean && accumulating.summary.mean < 0, "\(cls): \(strict) < \(accumulating.summary.mean) < 0")
            } else {
                XCTAssertTrue(0 < accumulating.summary.mean && accumulating.summary.mean < strict, "\(cls): 0 < \(accumulating.summary.mean) < \(strict)")
            }
        }
    }

    /// A fast-track unit for minors cuts their wait against strict priority, where minors wait
    /// behind everybody in a busy department (majors 4.5 busy units, minors 0.8, of 6).
    func testFastTrackCutsTheMinorsWait() {
        let c = compare("""
            name: streaming
            run: {horizon: "20 day", warmup: "1 day", replications: 20, seed: 35}
            arrivals: [{name: a, rate: "15 per hour"}]
            classes:
              - {name: major, share: 0.6, priority: 1}
              - {name: minor, share: 0.4, priority: 2}
            resources: [{name: doctor, capacity: 6}]
            pathway:
              - use: doctor
                duration: {exponential: {mean: 30}}
                by_class: {minor: {duration: {exponential: {mean: 8}}}}
            """, ["priority", "{name: fast-track, units: 1, classes: [minor], help_main_queue: false}"])
        let minor = difference(c, 1, "class.minor.wait.mean")
        XCTAssertTrue(minor.significant && minor.summary.mean < 0, "minor wait: \(minor.summary.mean)")
        let major = difference(c, 1, "class.major.wait.mean")
        XCTAssertTrue(major.significant && major.summary.mean > 0, "major wait: \(major.summary.mean)")
    }

    /// Common random numbers make the paired difference's interval narrower than the interval
    /// of two independent runs would be.
    func testCommonRandomNumbersNarrowTheIntervalOnTheEmergencyDepartment() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scenarios/emergency-department.yaml").path
        var s = try ScenarioLoader.load(path: path).scenario
        s.run.horizon = 7 * 1440
        let fifo = try ScenarioLoader.policy("fifo", for: s), priority = try ScenarioLoader.policy("priority", for: s)
        let paired = Comparison.run([("fifo", CompiledModel(s, policy: fifo)), ("priority", CompiledModel(s, policy: priority))], threads: 2)
        var other = s
        other.run.seed += 1000
        let independent = Runner.run(CompiledModel(other, policy: priority), threads: 2)
        for metric in ["wait.mean", "time_in_system.mean", "target_met.fraction", "class.minor.wait.mean"] {
            let crn = paired.difference(variant: 1, metric: metric)!.summary.halfWidth
            let a = paired.variants[0].result.metric(metric)!, b = independent.metric(metric)!
            let v1 = a.sd * a.sd / Double(a.n), v2 = b.sd * b.sd / Double(b.n)
            let df = (v1 + v2) * (v1 + v2) / (v1 * v1 / Double(a.n - 1) + v2 * v2 / Double(b.n - 1))
            let welch = gslStudentQuantile(0.975, df) * (v1 + v2).squareRoot()
            XCTAssertLessThan(crn, welch, "\(metric): paired ± \(crn), independent ± \(welch)")
        }
    }

    func testPolicyParametersAreValidated() {
        let s = scenario(Self.twoClassMM1)
        func problems(_ text: String) -> String {
            do {
                _ = try ScenarioLoader.policy(text, for: s)
                return ""
            } catch {
                return error.description
            }
        }
        XCTAssertTrue(problems("{name: bed-reservation, reserv: 2, classes: [urgent]}").contains("did you mean 'reserve'"))
        XCTAssertTrue(problems("{name: bed-reservation, classes: [urgent]}").contains("needs the parameter 'reserve'"))
        XCTAssertTrue(problems("{name: fast-track, units: 1, classes: [urgnt]}").contains("did you mean 'urgent'"))
        XCTAssertTrue(problems("priorty").contains("did you mean 'priority'"))
        XCTAssertTrue(problems("{name: fifo, rate: 3}").contains("it takes none"))
        XCTAssertTrue(problems("{name: surge-staffing, threshold: 2, extra: 1, release_below: 5}").contains("must not exceed threshold"))
        XCTAssertEqual(problems("{name: accumulating-priority, rates: {urgent: 2}}"), "")
    }
}

func gslStudentQuantile(_ p: Double, _ df: Double) -> Double {
    // At the whole number of degrees of freedom below Welch's fractional one: a slightly wider,
    // conservative interval for the independent runs.
    Summary.studentQuantile(p, degreesOfFreedom: max(1, Int(df.rounded(.down))))
}
