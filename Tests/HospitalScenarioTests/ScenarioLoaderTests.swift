import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalPolicies
@testable import HospitalScenario
@testable import HospitalSimulation

final class ScenarioLoaderTests: XCTestCase {
    func errors(_ yaml: String) -> [ScenarioError] {
        do {
            _ = try ScenarioLoader.load(yaml: yaml, file: "bad.yaml")
            XCTFail("the scenario should have been rejected")
            return []
        } catch {
            return error.errors
        }
    }

    func testEveryProblemIsReportedAtOnceWithItsPlace() {
        let e = errors("""
            name: broken
            run: {horizon: "10 day", replications: 0}
            arrivals:
              - name: a
                rate: -3
              - name: b
                by_hour: {values: [1, 2, 3]}
            classes:
              - {name: x, share: 0.5}
              - {name: y, share: 0.4}
            resources:
              - name: doctor
                capcity: 3
              - name: nurse
                capacity: 2
                shifts:
                  - {from: "08:00", to: "20:00", capacity: 2}
            pathway:
              - use: docter
                duration: {exponential: {mean: 0}}
              - release: nurse
              - delay: {lognormal: {mean: 5}}
            """)
        let byPath = Dictionary(e.map { ($0.keyPath, $0) }, uniquingKeysWith: { a, _ in a })
        func expect(_ path: String, line: Int, containing text: String, file: StaticString = #filePath, l: UInt = #line) {
            guard let found = byPath[path] else {
                return XCTFail("no error at \(path); got:\n" + e.map(\.description).joined(separator: "\n"), file: file, line: l)
            }
            XCTAssertEqual(found.line, line, "line of \(path)", file: file, line: l)
            XCTAssertTrue(found.message.contains(text), "\(found.message) should mention \(text)", file: file, line: l)
        }
        expect("run.replications", line: 2, containing: "at least 1")
        expect("arrivals[0].rate", line: 5, containing: "positive")
        expect("arrivals[1].by_hour.values", line: 7, containing: "24 values")
        expect("classes", line: 9, containing: "sum to 1")
        expect("resources[0].capcity", line: 13, containing: "did you mean 'capacity'")
        expect("resources[1].shifts", line: 17, containing: "20:00-08:00 uncovered")
        expect("pathway[0].use", line: 19, containing: "did you mean 'doctor'")
        expect("pathway[0].duration.exponential", line: 20, containing: "mean must be a positive number")
        expect("pathway[1].release", line: 21, containing: "has not seized")
        expect("pathway[2].delay.lognormal", line: 22, containing: "needs the parameter 'sd'")
        XCTAssertTrue(e.allSatisfy { $0.file == "bad.yaml" && $0.column >= 1 })
        XCTAssertTrue(e.first!.description.hasPrefix("bad.yaml:2:"), e.first!.description)
    }

    func testSyntaxErrorsHaveALineAndColumn() {
        let e = errors("name: x\nrun: {horizon: 5\narrivals: []\n")
        XCTAssertEqual(e.count, 1)
        XCTAssertTrue(e[0].message.contains("YAML"), e[0].message)
        XCTAssertGreaterThan(e[0].line, 1)
    }

    func testDuplicateKeysAndWrongTypes() {
        let e = errors("""
            name: x
            name: y
            run: {horizon: 5}
            arrivals: [{name: a, rate: 1}]
            resources: [{name: s, capacity: 1}]
            pathway: [{use: s, duration: 1}]
            """)
        XCTAssertTrue(e[0].message.contains("duplicate key 'name'"), e[0].message)
        let types = errors("""
            name: x
            run: {horizon: 5, seed: lots}
            arrivals: {name: a, rate: 1}
            resources: [{name: s, capacity: 1.5}]
            pathway: [{use: s, duration: 1, treatment: maybe}]
            """)
        let paths = Set(types.map(\.keyPath))
        XCTAssertEqual(paths, ["run.seed", "arrivals", "resources[0].capacity", "pathway[0].treatment"])
    }

    /// `{deterministic: 5}` and `{exponential: 5 min}` leave out the parameter's name: the
    /// message says which names go inside, with an example.
    func testADistributionWithABareNumberSaysWhichParametersItTakes() {
        let e = errors("""
            name: x
            run: {horizon: 5}
            arrivals: [{name: a, rate: 1}]
            resources: [{name: s, capacity: 1}]
            pathway: [{use: s, duration: {deterministic: 5}}, {use: s, duration: {gamma: 2 min}}]
            """)
        XCTAssertEqual(e.map(\.keyPath), ["pathway[0].duration.deterministic", "pathway[1].duration.gamma"])
        XCTAssertTrue(e[0].message.contains("deterministic takes a mapping of its parameters (value), such as {deterministic: {value: ...}}; got '5'"), e[0].message)
        XCTAssertTrue(e[1].message.contains("(mean, sd, shape, scale)"), e[1].message)
        XCTAssertEqual(e.map(\.line), [5, 5])
    }

    /// A class with a pathway of its own does not follow the shared one: an override or a
    /// branch probability for it there is a warning, and a key changing which changes nothing.
    func testSettingsForAClassThatDoesNotFollowThePathwayAreUnused() throws {
        let (s, warnings) = try ScenarioLoader.load(yaml: """
            name: own pathway
            run: {horizon: "2 day"}
            arrivals: [{name: a, rate: 0.1, classes: {x: 0.5, y: 0.5}}]
            classes: [{name: x, pathway: [{use: s, duration: 3}]}, {name: y}]
            resources: [{name: s, capacity: 2}]
            pathway:
              - {use: s, duration: 5, by_class: {x: {duration: 50}, y: {duration: 6}}}
              - branch:
                  - {probability: {x: 0.5, y: 0.2}, steps: [{delay: 5}]}
                  - otherwise: []
            """, file: "own.yaml")
        XCTAssertEqual(warnings.map(\.keyPath), ["pathway[0].by_class.x", "pathway[1].branch[0].probability.x"])
        XCTAssertEqual(warnings.map(\.line), [7, 9])
        XCTAssertEqual(s.unusedKeys.keys.sorted(), ["pathway.0.by_class.x", "pathway.1.branch.0.probability.x"])
        XCTAssertNotNil(s.unusedReason("pathway.0.by_class.x.duration"), "a key inside an unused one is unused")
        XCTAssertNil(s.unusedReason("pathway.0.by_class.y.duration"))
    }

    func testBranchesAndClassOverridesAreChecked() {
        let e = errors("""
            name: x
            run: {horizon: 5}
            arrivals: [{name: a, rate: 1, classes: {red: 0.5, blue: 0.5}}]
            classes: [{name: red, share: 0.5}, {name: green, share: 0.5}]
            resources: [{name: bed, capacity: 1}]
            pathway:
              - branch:
                  - probability: {red: 0.7, gren: 0.2}
                    steps: [{delay: 1}]
                  - probability: 0.6
                    steps: [{seize: bed}]
              - use: bed
                duration: 1
                by_class: {blu: {duration: 2}}
              - leave: true
              - delay: 3
            """)
        let messages = e.map(\.description).joined(separator: "\n")
        XCTAssertTrue(messages.contains("unknown key 'blue'"), messages)
        XCTAssertTrue(messages.contains("did you mean 'green'"), messages)
        XCTAssertTrue(messages.contains("must release what it seizes"), messages)
        XCTAssertTrue(messages.contains("never reached"), messages)
    }

    func testOfferedLoadAtCapacityIsAWarningNotAnError() throws {
        let (_, warnings) = try ScenarioLoader.load(yaml: """
            name: overloaded
            run: {horizon: 5}
            arrivals: [{name: a, rate: 2}]
            resources: [{name: s, capacity: 1}]
            pathway: [{use: s, duration: {exponential: {mean: 0.6}}}]
            """, file: "w.yaml")
        XCTAssertEqual(warnings.count, 1)
        XCTAssertEqual(warnings.first?.severity, .warning)
        XCTAssertTrue(warnings.first?.message.contains("offered load of 's' is 1.2") ?? false, warnings.first?.message ?? "")
    }

    func testTimesAndRatesWithUnits() throws {
        let (s, _) = try ScenarioLoader.load(yaml: """
            name: units
            time_unit: hour
            run: {horizon: "2 week", warmup: "90 min"}
            arrivals: [{name: a, rate: "48 per day"}]
            resources: [{name: s, capacity: infinite}]
            pathway: [{use: s, duration: "30 min"}]
            """, file: "u.yaml")
        XCTAssertEqual(s.run.horizon, 336)
        XCTAssertEqual(s.run.warmup, 1.5)
        guard case .poisson(let rate) = s.arrivals[0].process else { return XCTFail() }
        XCTAssertEqual(rate, 2, accuracy: 1e-12)
        guard case .use(_, let d, _, _, _, _) = s.pathway[0] else { return XCTFail() }
        XCTAssertEqual(d.mean, 0.5)
    }

    /// Shorthands people write: no space before the unit, short unit names, a slash for "per".
    func testTimesAndRatesAsPeopleAbbreviateThem() throws {
        for (text, hours) in [("30min", 0.5), ("1.5h", 1.5), ("2 hrs", 2), ("2d", 48), ("1 wk", 168), ("90 SECS", 0.025), ("1e1min", 1.0 / 6)] {
            guard case .success(let x) = TimeText.duration(text, unit: .hour) else { return XCTFail(text) }
            XCTAssertEqual(x, hours, accuracy: 1e-12, text)
        }
        for (text, perHour) in [("6/hour", 6.0), ("6 / h", 6), ("144/d", 6), ("0.1/min", 6)] {
            guard case .success(let x) = TimeText.rate(text, unit: .hour) else { return XCTFail(text) }
            XCTAssertEqual(x, perHour, accuracy: 1e-12, text)
        }
        for (text, words) in [("90 m", "did you mean 'min'?"), ("1h30m", "expected a time"), ("min", "expected a time")] {
            guard case .failure(let e) = TimeText.duration(text, unit: .hour) else { return XCTFail(text) }
            XCTAssertTrue(e.message.contains(words), e.message)
        }
        for text in ["6/", "/h", "6//h"] {
            guard case .failure = TimeText.rate(text, unit: .hour) else { return XCTFail(text) }
        }
    }

    func testSizesThatCannotRunAndGapsOfZeroAreRejected() {
        let e = errors("""
            name: too big
            run: {horizon: 5, replications: 5000000}
            arrivals: [{name: a, interarrival: 0}]
            resources: [{name: s, capacity: 100000000}]
            pathway: [{use: s, duration: 1}]
            """)
        XCTAssertEqual(Set(e.map(\.keyPath)), ["run.replications", "arrivals[0].interarrival", "resources[0].capacity"])
    }
}

/// The overload warning is about queues that grow without bound: a capped queue does not.
final class OverloadWarningTests: XCTestCase {
    func testACappedQueueIsNotWarnedAboutUnboundedGrowth() throws {
        let capped = """
            name: M/M/3/8
            run: {horizon: "5 day", replications: 3}
            arrivals: [{name: p, rate: 4}]
            resources: [{name: s, capacity: 3, queue_capacity: 5}]
            pathway: [{use: s, duration: {exponential: {mean: 1}}}]
            """
        XCTAssertEqual(try ScenarioLoader.load(yaml: capped, file: "c.yaml").warnings.count, 0)
        let open = capped.replacingOccurrences(of: ", queue_capacity: 5", with: "")
        let warnings = try ScenarioLoader.load(yaml: open, file: "o.yaml").warnings
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings.first?.message.contains("grow without bound") ?? false)
    }
}
