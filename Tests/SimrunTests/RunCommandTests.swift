import Foundation
import XCTest

/// `simrun run` and `validate` as a user runs them, on the files in `scenarios/`.
final class RunCommandTests: SimrunTestCase {
    /// Every YAML file in `scenarios/`, at any depth, is a scenario that validates: configuration
    /// of other kinds (the web service's) lives elsewhere, so a tool validating the folder finds
    /// nothing else there.
    func testEveryYAMLFileUnderScenariosIsAScenario() throws {
        let root = SimrunProcess.packageRoot.appendingPathComponent("scenarios")
        let all = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.map { "scenarios/" + $0 }.sorted()
        XCTAssertEqual(all, scenarioFiles)
        let r = try simrun(["validate"] + all)
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testEveryExampleScenarioValidates() throws {
        XCTAssertGreaterThanOrEqual(scenarioFiles.count, 5)
        let r = try simrun(["validate"] + scenarioFiles)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout.split(separator: "\n").count, scenarioFiles.count)
    }

    func testEveryExampleScenarioRunsAndPrintsTheContractsJSON() throws {
        for file in scenarioFiles {
            let r = try simrun(["run", file, "--replications", "3", "--horizon", "3 day", "--warmup", "1 day", "--format", "json"])
            XCTAssertEqual(r.status, 0, "\(file): \(r.stderr)")
            let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], file)
            XCTAssertEqual(doc["replications"] as? Int, 3)
            for key in ["scenario", "seed", "horizon", "warmup", "time_unit", "policy", "metrics", "profiles"] {
                XCTAssertNotNil(doc[key], "\(file): \(key)")
            }
            let metrics = try XCTUnwrap(doc["metrics"] as? [String: [String: Any]])
            let arrived = try XCTUnwrap(metrics["patients.arrived"])
            XCTAssertEqual(arrived["n"] as? Int, 3)
            XCTAssertGreaterThan(arrived["mean"] as? Double ?? 0, 0, file)
            for name in ["wait.mean", "wait.p90", "time_in_system.mean", "cost.total", "reneged.fraction", "blocked.fraction"] {
                XCTAssertNotNil(metrics[name], "\(file): \(name)")
            }
            let profiles = try XCTUnwrap(doc["profiles"] as? [String: [[String: Any]]])
            XCTAssertFalse(profiles.isEmpty)
            XCTAssertTrue(profiles.values.allSatisfy { $0.count == 24 })
        }
    }

    func testThreadCountDoesNotChangeTheOutput() throws {
        let one = try simrun(["run", "scenarios/emergency-department.yaml", "--replications", "4", "--horizon", "2 day", "--threads", "1", "--format", "json"])
        let many = try simrun(["run", "scenarios/emergency-department.yaml", "--replications", "4", "--horizon", "2 day", "--threads", "8", "--format", "json"])
        XCTAssertEqual(one.status, 0)
        XCTAssertEqual(one.stdout, many.stdout)
    }

    func testBadInputExitsWithTwoAndLocatedErrorsAndWritesNothing() throws {
        let bad = dir.appendingPathComponent("bad.yaml")
        try """
            name: bad
            run: {horizon: 10}
            arrivals: [{name: a, rate: 1}]
            resources: [{name: doctor, capcity: 2}]
            pathway: [{use: doctor, duration: 1}]
            """.write(to: bad, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out.json")
        let r = try simrun(["run", bad.path, "--format", "json", "--out", out.path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("\(bad.path):4:28: error: unknown key 'capcity' in a resource; did you mean 'capacity'? (at resources[0].capcity)"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "one problem, reported once")
        XCTAssertEqual(r.stdout, "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
        XCTAssertEqual(try simrun(["validate", bad.path, "scenarios/mm1.yaml"]).status, 2)
        XCTAssertEqual(try simrun(["run", "scenarios/mm1.yaml", "--replications", "0"]).status, 2)
        XCTAssertEqual(try simrun(["run", "scenarios/mm1.yaml", "--horizon", "3 fortnights"]).status, 2)
        XCTAssertEqual(try simrun(["run", dir.appendingPathComponent("missing.yaml").path]).status, 2)
    }

    func testOutFileHoldsExactlyWhatWouldBePrinted() throws {
        let args = ["run", "scenarios/mm1.yaml", "--replications", "2", "--horizon", "1 day", "--format", "csv"]
        let printed = try simrun(args)
        let out = dir.appendingPathComponent("r.csv")
        XCTAssertEqual(try simrun(args + ["--out", out.path]).status, 0)
        XCTAssertEqual(try String(contentsOf: out, encoding: .utf8), printed.stdout)
        // Writing again replaces the file in one step (it once vanished here).
        XCTAssertEqual(try simrun(args + ["--out", out.path]).status, 0)
        XCTAssertEqual(try String(contentsOf: out, encoding: .utf8), printed.stdout)
        let lines = printed.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "metric,mean,half_width,sd,min,max,n")
        XCTAssertTrue(lines.contains { $0.hasPrefix("wait.mean,") })
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["r.csv"], "no temporary file left")
    }

    func testRunManyFilesContinuesPastABadOne() throws {
        try "name: broken\n".write(to: dir.appendingPathComponent("a-broken.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: SimrunProcess.packageRoot.appendingPathComponent("scenarios/mm1.yaml"), to: dir.appendingPathComponent("b.yaml"))
        let r = try simrun(["run", dir.path, "scenarios/mmc.yaml", "--replications", "2", "--horizon", "1 day", "--format", "json"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("a-broken.yaml:1:1: error:"), r.stderr)
        let docs = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(docs.map { $0["scenario"] as? String }, ["M/M/1 teaching queue", "M/M/c with ten clinicians"])
    }

    /// SIGTERM stops a run after the replications in flight and keeps them; --resume finishes
    /// it with exactly the numbers of an uninterrupted run.
    func testInterruptedRunResumesToTheSameNumbers() throws {
        // Many short replications (about 20 ms each here) and a long whole (about 2 s): the signal
        // lands after some have finished and well before all, on a slower or faster machine alike.
        let args = ["run", "scenarios/mmc.yaml", "--replications", "200", "--horizon", "10000", "--threads", "2", "--format", "json"]
        let whole = try simrun(args)
        XCTAssertEqual(whole.status, 0)

        let out = dir.appendingPathComponent("r.json").path
        let (status, message) = try SimrunProcess.interrupted(args + ["--out", out])  // SIGTERM part-way
        XCTAssertEqual(status, 128 + 15, message)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "no results file for an unfinished run")
        let checkpoint = out + ".checkpoint.json"
        XCTAssertTrue(message.contains("replications done, kept in \(checkpoint)"), message)
        let kept = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: checkpoint))) as? [String: Any])
        let reps = ((kept["parts"] as? [[String: Any]])?.first?["replications"] as? [Any])?.count ?? 0
        XCTAssertGreaterThan(reps, 0)
        XCTAssertLessThan(reps, 200)

        let resumed = try simrun(args + ["--out", out, "--resume", checkpoint])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), whole.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: checkpoint), "the checkpoint is removed once used")
        let gone = try simrun(["run", "scenarios/mm1.yaml", "--resume", checkpoint])
        XCTAssertEqual(gone.status, 2)
        XCTAssertTrue(gone.stderr.contains("\(checkpoint):1:1: error: no such file"), gone.stderr)
    }
}
