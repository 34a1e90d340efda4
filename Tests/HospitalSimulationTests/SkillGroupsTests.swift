import Foundation
import SimKernel
import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalPolicies
@testable import HospitalScenario
@testable import HospitalSimulation

/// Doctors in skill groups, against exact reasoning: disjoint skills are separate M/M/c
/// stations, a fully flexible pool is the pooled M/M/c, and a partly flexible one lies between.
final class SkillGroupsTests: XCTestCase {
    /// Two classes, each asking for its own skill, 2.1 patients an hour each, one hour each;
    /// two groups of three doctors with the skills given.
    func pool(_ skillsA: String, _ skillsB: String, seed: Int = 5) -> String {
        """
        name: skills
        time_unit: hour
        run: {horizon: 60000, warmup: 200, replications: 16, seed: \(seed)}
        arrivals: [{name: x, rate: 4.2}]
        classes:
          - {name: ca, share: 0.5, pathway: [{use: doctor, skill: a, duration: {exponential: {mean: 1}}}]}
          - {name: cb, share: 0.5, pathway: [{use: doctor, skill: b, duration: {exponential: {mean: 1}}}]}
        resources:
          - name: doctor
            units:
              - {name: ga, count: 3, skills: \(skillsA)}
              - {name: gb, count: 3, skills: \(skillsB)}
        """
    }

    func testDisjointSkillsAreTwoIndependentStations() throws {
        let mm3 = try XCTUnwrap(QueueingTheory.mmc(lambda: 2.1, mu: 1, servers: 3))
        let result = simulate(pool("[a]", "[b]"))
        assertCovers(result, "resource.doctor.skill.a.wait.mean", mm3.wq, precision: 0.1)
        assertCovers(result, "resource.doctor.skill.b.wait.mean", mm3.wq, precision: 0.1)
        assertCovers(result, "resource.doctor.group.ga.utilization", 0.7)
        assertCovers(result, "resource.doctor.group.gb.utilization", 0.7)
    }

    func testAFullyFlexiblePoolIsThePooledStation() throws {
        let mm6 = try XCTUnwrap(QueueingTheory.mmc(lambda: 4.2, mu: 1, servers: 6))
        let result = simulate(pool("[a, b]", "[a, b]"))
        assertCovers(result, "wait.mean", mm6.wq, precision: 0.1)
        assertCovers(result, "resource.doctor.utilization", 0.7)
    }

    /// One group flexible, one specialised: the mean wait lies strictly between the pooled and
    /// the separate stations' (each interval clear of the other bound).
    func testAPartlyFlexiblePoolLiesBetween() throws {
        let pooled = try XCTUnwrap(QueueingTheory.mmc(lambda: 4.2, mu: 1, servers: 6)).wq
        let separate = try XCTUnwrap(QueueingTheory.mmc(lambda: 2.1, mu: 1, servers: 3)).wq
        let wait = try XCTUnwrap(simulate(pool("[a]", "[a, b]")).metric("wait.mean"))
        let hw = wait.halfWidth(level: 0.999)
        XCTAssertGreaterThan(wait.mean - hw, pooled, "partial flexibility waits longer than a pooled team")
        XCTAssertLessThan(wait.mean + hw, separate, "and shorter than two separate teams")
    }

    /// A group with its own roster (4 by day, 3 by night: 3.5 on average) serves its skill's
    /// 2.1 patients an hour, so it is busy 2.1 / 3.5 = 0.6 of its staffed time; the other group,
    /// with a fixed count, is untouched by it (the same patients on common random numbers).
    func testEachGroupCanHaveItsOwnRoster() throws {
        let groupA = "{name: ga, count: 3, skills: [a]}"
        let rosteredA = #"{name: ga, skills: [a], shifts: [{from: "08:00", to: "20:00", capacity: 4}, {from: "20:00", to: "08:00", capacity: 3}]}"#
        let plainYAML = pool("[a]", "[b]")
        XCTAssertTrue(plainYAML.contains(groupA))
        let result = simulate(plainYAML.replacingOccurrences(of: groupA, with: rosteredA))
        assertCovers(result, "resource.doctor.group.ga.utilization", 2.1 / 3.5)
        assertCovers(result, "resource.doctor.group.gb.utilization", 0.7)
        let plain = simulate(plainYAML)
        XCTAssertEqual(result.metric("resource.doctor.skill.b.wait.mean")!.mean, plain.metric("resource.doctor.skill.b.wait.mean")!.mean,
                       accuracy: 1e-12, "group b's patients and doctors are the same")
        XCTAssertLessThan(result.metric("resource.doctor.skill.a.wait.mean")!.mean, plain.metric("resource.doctor.skill.a.wait.mean")!.mean,
                          "a fourth doctor by day shortens group a's waits")
    }

    /// A step without a skill takes any unit; the groups are tried in the order written.
    func testAStepWithoutASkillTakesAnyUnitFirstGroupFirst() throws {
        var s = scenario("""
            name: any
            run: {horizon: 200, replications: 1}
            arrivals: [{name: x, rate: 0.01}]
            resources:
              - name: doctor
                units:
                  - {name: first, count: 1, skills: [a]}
                  - {name: second, count: 1, skills: [b]}
            pathway: [{use: doctor, duration: 1}]
            """)
        s.run.warmup = 0
        let seizes = Tracer.trace(s, until: 200).records.filter { $0.event == "seize" }
        XCTAssertFalse(seizes.isEmpty)
        XCTAssertTrue(seizes.allSatisfy { $0.detail == "unit 1" }, "an idle system always hands out the first group's unit")
    }

    func testSkillsAreValidated() {
        func messages(_ resource: String, _ step: String = "{use: doctor, skill: cardiology, duration: 1}") -> String {
            loadMessages("""
                name: bad
                run: {horizon: 100}
                arrivals: [{name: a, rate: 1}]
                resources: [\(resource)]
                pathway: [\(step)]
                """)
        }
        let good = "{name: doctor, units: [{name: cardiologists, count: 2, skills: [cardiology]}, {name: gps, count: 1, skills: [general]}]}"
        XCTAssertEqual(messages(good), "")
        XCTAssertTrue(messages(good, "{use: doctor, skill: cardiolgy, duration: 1}").contains("did you mean 'cardiology'"))
        XCTAssertTrue(messages(good, "{use: doctor, skill: surgery, duration: 1}").contains("no unit of 'doctor' has the skill 'surgery'"))
        XCTAssertTrue(messages("{name: doctor, capacity: 2}").contains("has no skill groups"))
        XCTAssertTrue(messages("{name: doctor, capacity: 2, units: [{name: g, count: 1, skills: [cardiology]}]}").contains("leave out 'capacity'"))
        XCTAssertTrue(messages("{name: doctor, units: [{name: g, count: 1, skill: [cardiology]}]}").contains("did you mean 'skills'"))
        XCTAssertTrue(messages("{name: doctor, units: [{name: g, count: 1, skills: [cardiology]}], discipline: preemptive}").contains("preemptive"))
        XCTAssertTrue(messages("{name: doctor, units: [{name: g, count: 1, skills: [cardiology]}], surge: {threshold: 2, extra: 1}}").contains("surge"))
        XCTAssertTrue(messages("{name: doctor, units: []}").contains("at least one group"))
        XCTAssertTrue(messages("{name: doctor, units: [{name: g, skills: [cardiology]}]}").contains("needs 'count'"))
        XCTAssertTrue(messages(#"{name: doctor, units: [{name: g, count: 1, shifts: [{from: "00:00", to: "00:00", capacity: 1}], skills: [cardiology]}]}"#)
            .contains("one of them"))
    }
}
