import HospitalTestSupport
import XCTest
@testable import HospitalScenario
import HospitalModel

/// YAML merge keys: a scenario written with anchors and `<<` reads as the same scenario written
/// out in full, with YAML's precedence, and its mistakes are still placed where they are written.
final class MergeKeysTests: XCTestCase {
    let header = """
        name: merged
        time_unit: minute
        run: {horizon: "2 day", replications: 2, seed: 1}
        arrivals: [{name: a, rate: "6 per hour"}]

        """

    /// What a reader sees of a scenario, apart from where it came from.
    func shape(_ yaml: String) throws -> String {
        let s = try ScenarioLoader.load(yaml: yaml, file: "s.yaml").scenario
        return "\(s.resources)|\(s.pathway)|\(s.classes)"
    }

    func testAMergedScenarioIsTheScenarioWrittenOut() throws {
        let merged = header + """
            classes:
              - &base {name: minor, share: 0.5, priority: 3, patience: {exponential: {mean: 2 hour}}}
              - {<<: *base, name: urgent, priority: 2}
            resources:
              - &doctor {name: doctor, capacity: 2, cost: {staffed_per_hour: 110, per_use: 35}}
              - <<: *doctor
                name: locum
                capacity: 1
            pathway:
              - &see {use: doctor, duration: {lognormal: {mean: 20 min, sd: 10 min}}, treatment: true}
              - {<<: *see, use: locum, treatment: false}
              - {<<: [{duration: 1 min}, *see], use: doctor, treatment: false}
            """
        let written = header + """
            classes:
              - {name: minor, share: 0.5, priority: 3, patience: {exponential: {mean: 2 hour}}}
              - {name: urgent, share: 0.5, priority: 2, patience: {exponential: {mean: 2 hour}}}
            resources:
              - {name: doctor, capacity: 2, cost: {staffed_per_hour: 110, per_use: 35}}
              - {name: locum, capacity: 1, cost: {staffed_per_hour: 110, per_use: 35}}
            pathway:
              - {use: doctor, duration: {lognormal: {mean: 20 min, sd: 10 min}}, treatment: true}
              - {use: locum, duration: {lognormal: {mean: 20 min, sd: 10 min}}, treatment: false}
              - {use: doctor, duration: 1 min, treatment: false}
            """
        XCTAssertEqual(try shape(merged), try shape(written))
    }

    /// A quoted `<<` is an ordinary key (here unknown, so reported); a merge of a plain value is
    /// an error at its place; a mistake inside merged text is reported where it is written.
    func testMistakesAreReportedInPlace() {
        func errors(_ yaml: String) -> [ScenarioError] {
            do {
                _ = try ScenarioLoader.load(yaml: yaml, file: "s.yaml")
                XCTFail("should have been rejected")
                return []
            } catch { return error.errors }
        }
        let quoted = errors(header + "resources: [{name: s, capacity: 1, \"<<\": {capacity: 2}}]\npathway: [{use: s, duration: 1}]\n")
        XCTAssertTrue(quoted.contains { $0.message.contains("unknown key '<<'") }, "\(quoted)")
        let plain = errors(header + "resources: [{name: s, capacity: 1}, {<<: 5, name: t}]\npathway: [{use: s, duration: 1}]\n")
        XCTAssertEqual(plain.map(\.line), [5])
        XCTAssertTrue(plain[0].message.contains("a merge key (<<) takes a mapping"), plain[0].message)
        // Only top-level keys starting `x-` are the writer's own; elsewhere, or without the dash, unknown.
        let own = errors(header + "x-fine: 1\nxtra: 1\nresources: [{name: s, capacity: 1, x-note: 2}]\npathway: [{use: s, duration: 1}]\n")
        XCTAssertEqual(own.map(\.keyPath).sorted(), ["resources[0].x-note", "xtra"])
        let typo = errors(header + "x: &d {durration: 2}\nresources: [{name: s, capacity: 1}]\npathway: [{use: s, <<: *d}]\n")
        XCTAssertTrue(typo.contains { $0.line == 5 && $0.message.contains("did you mean 'duration'") }, "\(typo)")
    }

    /// Only a text that holds "<<" is walked for merge keys.
    func testOnlyATextWithAMergeKeyIsWalked() {
        XCTAssertTrue(MergeKeys.mentionsMerge("a: {<<: *b}"))
        XCTAssertTrue(MergeKeys.mentionsMerge("<<"))
        XCTAssertFalse(MergeKeys.mentionsMerge("a: \"< <\" # 1 < 2"))
        XCTAssertFalse(MergeKeys.mentionsMerge(""))
    }

    /// Aliases merged into themselves level upon level stop at the budget instead of running
    /// out of memory.
    func testNestedMergesOfAliasesStopAtTheBudget() {
        var yaml = "a0: &a0 {k: 1}\n"
        for i in 1...12 {
            let list = (0..<10).map { _ in "*a\(i - 1)" }.joined(separator: ", ")
            yaml += "a\(i): &a\(i) {<<: [\(list)], l\(i): [\(list)]}\n"
        }
        do {
            _ = try ScenarioLoader.load(yaml: yaml, file: "bomb.yaml")
            XCTFail("should have been rejected")
        } catch {
            XCTAssertTrue(error.errors.contains { $0.message.contains("expand to more than 1000000 values") }, "\(error.errors)")
        }
    }
}
