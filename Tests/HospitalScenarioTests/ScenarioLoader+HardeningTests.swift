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

/// The reproducers of a hostile or careless user's input: each must be a located, readable
/// error (or warning), never a hang, a crash or a silent wrong answer.
final class ScenarioLoaderHardeningTests: XCTestCase {
    let base = """
        name: base
        run: {horizon: "2 day", warmup: "1 day", replications: 2, seed: 1}
        arrivals: [{name: walk_in, rate: 0.5}]
        resources: [{name: doctor, capacity: 1}]
        pathway:
          - use: doctor
            duration: {exponential: {mean: 1}}

        """

    func diagnostics(_ yaml: String) -> [ScenarioError] {
        do {
            return try ScenarioLoader.load(yaml: yaml, file: "t.yaml").warnings
        } catch {
            return error.all
        }
    }

    func firstError(_ yaml: String, file: StaticString = #filePath, line: UInt = #line) -> ScenarioError? {
        let found = diagnostics(yaml).first { $0.severity == .error }
        XCTAssertNotNil(found, "the scenario should have been rejected", file: file, line: line)
        return found
    }

    func testHugeButFiniteValuesAreRejectedWithTheLimit() throws {
        let cases: [(String, String, String)] = [
            (base.replacingOccurrences(of: "rate: 0.5", with: "rate: 1e9"), "arrivals", "per replication"),
            (base.replacingOccurrences(of: "warmup: \"1 day\"", with: "warmup: 1e308"), "run.horizon", "100 years"),
            (base.replacingOccurrences(of: "horizon: \"2 day\"", with: "horizon: 1e12").replacingOccurrences(of: "rate: 0.5", with: "rate: 1e-6"),
             "run.horizon", "100 years"),
            (base.replacingOccurrences(of: "capacity: 1}", with: "capacity: 1, queue_capacity: 4294967296}"),
             "resources[0].queue_capacity", "at most 1000000"),
            (base.replacingOccurrences(of: "name: doctor", with: "name: " + String(repeating: "d", count: 10_000_000)),
             "resources[0].name", "the limit is 200"),
        ]
        for (yaml, keyPath, words) in cases {
            let e = try XCTUnwrap(firstError(yaml), keyPath)
            XCTAssertEqual(e.keyPath, keyPath)
            XCTAssertTrue(e.message.contains(words), e.message)
            XCTAssertGreaterThan(e.line, 1, "located: \(e)")
            XCTAssertLessThan(e.description.count, 700, "the message quotes little of the input")
        }
    }

    func testARunawayReplicationStopsAtItsLimitsAndSaysWhy() {
        var unstable = scenario(base.replacingOccurrences(of: "rate: 0.5", with: "rate: 3"))
        unstable.run.limits.patients = 500
        let r = Runner.run(CompiledModel(unstable), threads: 2)
        XCTAssertTrue(r.stopped?.contains("more than 500 patients inside") == true, r.stopped ?? "no stop")
        var long = scenario(base)
        long.run.limits.events = 100
        let s = Runner.run(CompiledModel(long), threads: 1)
        XCTAssertTrue(s.stopped?.contains("passed 100 events") == true, s.stopped ?? "no stop")
        XCTAssertEqual(s.replications.count, 1, "no replication starts after one has failed")
        XCTAssertNil(Runner.run(CompiledModel(scenario(base)), threads: 2).stopped)
    }

    func testARunThatCompletesNobodyIsNoticed() {
        let slow = scenario(base.replacingOccurrences(of: "horizon: \"2 day\"", with: "horizon: \"1 hours\"")
            .replacingOccurrences(of: "mean: 1}", with: "mean: 6000}"))
        XCTAssertTrue(Runner.run(CompiledModel(slow), threads: 2).completedNone)
        XCTAssertFalse(Runner.run(CompiledModel(scenario(base)), threads: 2).completedNone)
    }

    /// Loading is linear: 100,000 classes or resources load like a small file (the quadratic
    /// duplicate and name look-ups took 10 s and 57 s). Correctness here; the time is reported
    /// by the fuzz script, not asserted.
    func testManyClassesAndResourcesLoad() throws {
        let n = 100_000
        var yaml = "name: many\nrun: {horizon: 100}\narrivals: [{rate: 1}]\nresources:\n"
        for i in 0..<n { yaml += "  - {name: r\(i), capacity: 1}\n" }
        yaml += "classes:\n"
        for i in 0..<n { yaml += "  - {name: c\(i), share: \(i == 0 ? 1 : 0)}\n" }
        yaml += "pathway:\n  - {use: r99999, duration: 1, by_class: {c99999: {duration: 2}}}\n"
        let s = scenario(yaml)
        XCTAssertEqual(s.resources.count, n)
        XCTAssertEqual(s.classes.count, n)
        let dup = yaml.replacingOccurrences(of: "name: r99998,", with: "name: r5,")
        XCTAssertEqual(try XCTUnwrap(firstError(dup)).keyPath, "resources[99998].name")
    }

    func testBranchesShortOfOneAreLoudAndOtherwiseSaysSo() throws {
        let pathway = """
            pathway:
              - use: doctor
                duration: 1
              - branch:
                  - probability: 0.3
                    steps: [{delay: 5}]
                  - probability: 0.3
                    steps: [{delay: 6}]

            """
        let short = base.replacingOccurrences(of: "pathway:\n  - use: doctor\n    duration: {exponential: {mean: 1}}\n", with: pathway)
        let warning = try XCTUnwrap(diagnostics(short).first { $0.severity == .warning && $0.keyPath == "pathway[1].branch" })
        XCTAssertTrue(warning.message.contains("less than 1 for class all (0.6)"), warning.message)
        XCTAssertTrue(warning.message.contains("otherwise"), warning.message)
        let explicit = short.replacingOccurrences(of: "steps: [{delay: 6}]\n", with: "steps: [{delay: 6}]\n      - otherwise: [{delay: 7}]\n")
        XCTAssertTrue(diagnostics(explicit).isEmpty, "\(diagnostics(explicit))")
        // The otherwise arm takes exactly the rest: mean delay 0.3*5 + 0.3*6 + 0.4*7 = 6.1.
        var s = scenario(explicit)
        s.run.replications = 5
        s.run.horizon = 20_000
        let r = Runner.run(CompiledModel(s), threads: 2)
        let expected = 0.5 + 1 + 6.1  // M/D/1 wait at rho 0.5 (Pollaczek-Khinchine: 0.5), service 1, delay
        assertCovers(r, "time_in_system.mean", expected, precision: 0.05)
        let misplaced = explicit.replacingOccurrences(of: "      - otherwise: [{delay: 7}]\n", with: "")
            .replacingOccurrences(of: "  - branch:\n", with: "  - branch:\n      - otherwise: []\n")
        XCTAssertTrue(try XCTUnwrap(firstError(misplaced)).message.contains("last arm"))
    }

    func testNumbersInMessagesAreReadable() throws {
        let yaml = base.replacingOccurrences(of: "pathway:", with: "classes: [{name: a, share: 0.7}, {name: b, share: 0.6}]\npathway:")
        let e = try XCTUnwrap(firstError(yaml))
        XCTAssertTrue(e.message.hasSuffix("they sum to 1.3"), e.message)
        XCTAssertEqual(NumberText.readable(0.1 + 0.2), "0.3")
        XCTAssertEqual(NumberText.readable(42), "42")
        XCTAssertEqual(NumberText.readable(1e-20), "1e-20")
    }

    func testYAMLProblemsCarryTheirRealPlace() throws {
        let tab = try XCTUnwrap(firstError("name: x\nrun:\n\thorizon: 10\n"))
        XCTAssertEqual([tab.line, tab.column], [3, 1])
        XCTAssertTrue(tab.message.contains("tab"), tab.message)
        let control = try XCTUnwrap(firstError("name: x\nrun: {horizon: 1\u{1}}\n"))
        XCTAssertEqual([control.line, control.column], [2, 17], control.description)
        XCTAssertTrue(control.message.contains("U+0001"), control.message)
    }

    func testFoldersBinaryAndJunkFilesGetPlainMessages() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hospsim-load-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func loadError(_ path: String) -> String {
            do {
                _ = try ScenarioLoader.load(path: path)
                return "loaded"
            } catch {
                return error.all.map(\.description).joined(separator: "\n")
            }
        }
        XCTAssertTrue(loadError(dir.path).contains("is a folder"))
        let binary = dir.appendingPathComponent("b.yaml")
        try Data([0x6e, 0x61, 0x0a, 0x00, 0xff]).write(to: binary)
        XCTAssertTrue(loadError(binary.path).contains(":2:1: error: this is not a text file"), loadError(binary.path))
        let latin1 = dir.appendingPathComponent("l.yaml")
        try Data("name: caf".utf8 + [0xe9]).write(to: latin1)
        XCTAssertTrue(loadError(latin1.path).contains(":1:10: error: the file is not UTF-8"), loadError(latin1.path))
        let junk = dir.appendingPathComponent("junk.yaml")
        try Data(repeating: UInt8(ascii: "x"), count: 5_000_000).write(to: junk)
        let message = loadError(junk.path)
        XCTAssertLessThan(message.utf8.count, 400, "a huge value is quoted cut short")
        XCTAssertTrue(message.contains("(5000000 characters)"), message)
        XCTAssertTrue(loadError(dir.appendingPathComponent("none.yaml").path).contains("no such file"))
    }

    /// Found by the fuzzer (a shift line doubled): overlapping shifts add up, so the units a
    /// resource needs are its roster's peak, not its largest single shift; it crashed before.
    func testOverlappingShiftsStaffTheirSum() throws {
        let yaml = base.replacingOccurrences(of: "resources: [{name: doctor, capacity: 1}]", with: """
            resources:
              - name: doctor
                shifts:
                  - {from: "00:00", to: "00:00", capacity: 2}
                  - {from: "08:00", to: "20:00", capacity: 3}
                  - {from: "08:00", to: "20:00", capacity: 3}
            """).replacingOccurrences(of: "rate: 0.5", with: "rate: 6")
        let s = scenario(yaml)
        XCTAssertEqual(s.resources[0].capacity, 8)
        XCTAssertEqual(Roster(shifts: s.resources[0].shifts!).meanCapacity, 5)
        let r = Runner.run(CompiledModel(s), threads: 2)
        XCTAssertNil(r.stopped)
        // Offered load 6 against a mean of 5 staffed: nearly every staffed unit is busy (units
        // finishing a patient after their shift count as staffed until they leave).
        XCTAssertGreaterThan(try XCTUnwrap(r.metric("resource.doctor.busy.mean")).mean, 4.5)
        let utilization = try XCTUnwrap(r.metric("resource.doctor.utilization"))
        XCTAssertGreaterThan(utilization.mean, 0.9)
        XCTAssertLessThanOrEqual(utilization.mean, 1)
        let huge = yaml.replacingOccurrences(of: "capacity: 2}", with: "capacity: 99999}")
        XCTAssertTrue(try XCTUnwrap(firstError(huge)).message.contains("the roster staffs 100005 units at its peak"))
    }

    /// Documents simrun reads back (baselines, partial results, reports' input) say where their
    /// JSON breaks, not 1:1.
    func testJSONDocumentsReportTheirSyntaxErrorsInPlace() throws {
        let text = "{\n  \"scenario\": \"x\",\n  \"metrics\": ]\n}\n"
        for read in [{ (d: Data) throws -> Void in _ = try Baseline.read(d, file: "b.json") },
                     { (d: Data) throws -> Void in _ = try PartialResult.read(d, file: "b.json") }] {
            do {
                try read(Data(text.utf8))
                XCTFail("bad JSON was read")
            } catch let error as ScenarioErrors {
                XCTAssertEqual([error.all[0].line, error.all[0].column], [3, 14], error.description)
            }
        }
    }

    /// Found by the fuzzer: a policy's unit count of 2^32 trapped converting to Int32.
    func testHugePolicyCountsAreRejectedNotTrapped() throws {
        let yaml = base.replacingOccurrences(of: "resources: [{name: doctor, capacity: 1}]",
                                             with: "resources: [{name: doctor, capacity: 1, discipline: {name: fast-track, units: 4294967296, classes: [all]}}]")
        let e = try XCTUnwrap(firstError(yaml))
        XCTAssertEqual(e.keyPath, "resources[0].discipline.units")
        XCTAssertTrue(e.message.contains("at most 1000000"), e.message)
        let erlang = base.replacingOccurrences(of: "{exponential: {mean: 1}}", with: "{erlang: {k: 1e300, mean: 1}}")
        XCTAssertTrue(try XCTUnwrap(firstError(erlang)).message.contains("from 1 to 10000"))
    }

    /// A clinic's lateness with a parameter misspelt or missing is a located error, not a trap
    /// (found by mutating the example scenarios: `{normal: {meax: 0, sd: 10}}` crashed `validate`).
    func testLatenessWithAParameterMissingIsAnError() throws {
        let clinic = """
            name: clinic
            time_unit: minute
            run: {horizon: "14 day", warmup: "0 day", replications: 1, seed: 5}
            classes: [{name: outpatient, pathway: [{use: doctor, duration: 10}]}]
            resources: [{name: doctor, capacity: 1}]
            clinics:
              - name: cardiology
                class: outpatient
                sessions: [{days: [mon], start: "09:00", slots: 4, slot_length: "15 min"}]

            """
        for (lateness, expected) in [("{normal: {meax: 0, sd: 10}}", "did you mean 'mean'?"),
                                     ("{normal: {sd: 10}}", "needs the key 'mean'"),
                                     ("{uniform: {min: -5}}", "needs the key 'max'"),
                                     ("{uniform: {}}", "needs the key 'min'")] {
            let error = try XCTUnwrap(firstError(clinic + "    lateness: \(lateness)\n"), lateness)
            XCTAssertTrue(error.description.contains(expected), "\(lateness): \(error.description)")
            XCTAssertTrue(error.description.contains("clinics[0].lateness"), error.description)
        }
    }
}
