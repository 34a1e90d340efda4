import Foundation
import XCTest

/// The project's own reference: the JSON Schemas (committed copies, examples and produced
/// documents checked by an independent validator), links in the documentation, and help texts.
final class SimrunReferenceTests: SimrunTestCase {
    let root = SimrunProcess.packageRoot

    func testCommittedSchemasAreWhatTheCommandPrints() throws {
        for which in ["scenario", "results"] {
            let printed = try simrun(["schema", which])
            XCTAssertEqual(printed.status, 0, printed.stderr)
            let committed = try String(contentsOf: root.appendingPathComponent("docs/schema/\(which).schema.json"), encoding: .utf8)
            XCTAssertEqual(printed.stdout, committed,
                           "docs/schema/\(which).schema.json is stale: regenerate it with `simrun schema \(which) -o docs/schema/\(which).schema.json`")
        }
    }

    /// Runs scripts/check-schema; nil (after a skip message) when Python or the validator cannot be had.
    func checkSchema(_ schema: String, expect: String, _ files: [String]) throws -> SimrunProcess.Outcome? {
        let outcome = try SimrunProcess.execute(URL(fileURLWithPath: "/usr/bin/env"),
                                                ["bash", root.appendingPathComponent("scripts/check-schema").path,
                                                 root.appendingPathComponent("docs/schema/\(schema).schema.json").path, "--expect", expect] + files)
        if outcome.status == 3 {
            print("skipping the schema validation: \(outcome.stderr)")
            return nil
        }
        return outcome
    }

    func testEveryExampleScenarioNamesAndMeetsTheSchema() throws {
        let dir = root.appendingPathComponent("scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 5)
        for name in files {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            XCTAssertTrue(text.hasPrefix("# yaml-language-server: $schema=../docs/schema/scenario.schema.json\n"),
                          "\(name) does not start with the schema line that editors read")
        }
        guard let r = try checkSchema("scenario", expect: "valid", files.map { "scenarios/" + $0 }) else { throw XCTSkip("no validator") }
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertEqual(r.stdout.components(separatedBy: ": valid").count - 1, files.count, r.stdout)
    }

    /// Anchors kept under an `x-` key and merged with `<<`: the loader and the schema agree.
    func testAMergedScenarioWithItsOwnKeysLoadsAndMeetsTheSchema() throws {
        let dir = try temporaryFolder()
        let file = dir.appendingPathComponent("merged.yaml").path
        try """
            name: merged
            run: {horizon: "2 day", replications: 2}
            arrivals: [{name: a, rate: "6 per hour"}]
            x-doctor: &doctor {capacity: 4, cost: {staffed_per_hour: 110, per_use: 35}}
            x-note: written by the ward manager
            resources:
              - {<<: *doctor, name: doctor}
              - {<<: *doctor, name: locum, capacity: 3}
            pathway:
              - &see {use: doctor, duration: {lognormal: {mean: 20 min, sd: 10 min}}, treatment: true}
              - {<<: *see, use: locum, treatment: false}

            """.write(toFile: file, atomically: true, encoding: .utf8)
        let validated = try SimrunProcess.simrun(["validate", file])
        XCTAssertEqual(validated.status, 0, validated.stderr)
        XCTAssertEqual(validated.stderr, "", "no warnings")
        guard let r = try checkSchema("scenario", expect: "valid", [file]) else { throw XCTSkip("no validator") }
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
    }

    func testEveryDocumentSimrunWritesMeetsTheResultsSchema() throws {
        let dir = try temporaryFolder()
        func out(_ name: String) -> String { dir.appendingPathComponent(name).path }
        let runs: [[String]] = [
            ["run", "scenarios/emergency-department.yaml", "--replications", "2", "--horizon", "2 day", "--format", "json", "--out", out("run.json")],
            ["run", "scenarios/mm1.yaml", "scenarios/erlang-loss.yaml", "--replications", "2", "--horizon", "1 day", "--format", "json", "--out", out("runs.json")],
            ["compare", "scenarios/mm1.yaml", "--policy", "fifo", "--policy", "priority", "--replications", "3", "--horizon", "1 day",
             "--format", "json", "--out", out("compare.json")],
            ["sweep", "scenarios/mm1.yaml", "--set", "resources.server.capacity=1..2", "--replications", "2", "--horizon", "1 day",
             "--format", "json", "--out", out("sweep.json")],
            ["check", "scenarios/mm1.yaml", "--baseline", "scenarios/baselines/mm1.json", "--format", "json", "--out", out("check.json")],
            ["baseline", "scenarios/mmc.yaml", "--replications", "2", "--horizon", "1 day", "--tolerance", "wait.mean=0.1", "-o", out("baseline.json")],
            ["run", "scenarios/mm1.yaml", "--replications", "3", "--horizon", "1 day", "--shard", "1/2", "--out", out("partial.json")],
            ["run", "scenarios/mm1.yaml", "--precision", "0.05", "--horizon", "1 day", "--format", "json", "--out", out("precision.json")],
            ["warmup", "scenarios/mm1.yaml", "--replications", "3", "--format", "json", "--out", out("warmup.json")],
            ["optimize", "scenarios/mm1.yaml", "--vary", "resources.server.capacity=1..3", "--minimize", "wait.mean",
             "--horizon", "1 day", "--format", "json", "--out", out("optimize.json")],
            ["optimize", "scenarios/mmc.yaml", "--vary", "resources.clinician.capacity=10..12", "--minimize", "wait.mean",
             "--minimize", "resource.clinician.utilization", "--horizon", "5 day", "--budget", "200", "--format", "json", "--out", out("front.json")],
            ["fit", "scenarios/data/ed-episodes.csv", "--arrival", "arrived_at", "--class", "triage", "--duration", "doctor_minutes",
             "--duration", "stay_hours:hour", "--format", "json", "--out", out("fit.json")],
            ["forecast", "scenarios/ed-weekend-roster.yaml", "--census", "scenarios/data/ed-census.csv", "--now", "2026-03-02T08:00",
             "--hours", "6", "--replications", "3", "--format", "json", "--out", out("forecast.json")],
        ]
        for arguments in runs {
            let r = try simrun(arguments)
            XCTAssertEqual(r.status, 0, "\(arguments): \(r.stderr)")
        }
        let baselines = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("scenarios/baselines").path)
            .filter { $0.hasSuffix(".json") }.map { "scenarios/baselines/" + $0 }
        let documents = ["run", "runs", "compare", "sweep", "check", "baseline", "partial", "precision", "warmup", "optimize", "front", "fit", "forecast"].map { out("\($0).json") } + baselines
        guard let r = try checkSchema("results", expect: "valid", documents) else { throw XCTSkip("no validator") }
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
    }

    /// Each file is wrong in one way; the schema and the loader must both refuse it.
    func testInvalidFilesAreRejectedByTheSchemaAndByTheLoader() throws {
        let base = """
            name: broken
            run: {horizon: 100}
            arrivals: [{name: a, rate: 1}]
            resources: [{name: r, capacity: 2}]
            pathway: [{use: r, duration: {exponential: {mean: 0.5}}}]

            """
        let cases: [(String, String, String)] = [
            ("typo", "run: {horizon: 100}", "run: {horizon: 100, replicatons: 2}"),
            ("capacity", "capacity: 2", "capacity: lots"),
            ("distribution", "exponential: {mean: 0.5}", "exponentail: {mean: 0.5}"),
            ("parameter", "exponential: {mean: 0.5}", "exponential: {mean: 0.5, sd: 1}"),
            ("time-unit", "{mean: 0.5}", "{mean: \"3 minits\"}"),
            ("two-kinds", "{use: r, duration", "{use: r, seize: r, duration"),
            ("no-run", "run: {horizon: 100}\n", ""),
            ("by-hour", "rate: 1", "by_hour: {values: [1, 2, 3]}"),
            ("two-processes", "rate: 1", "rate: 1, interarrival: 2"),
            ("clock", "capacity: 2", "shifts: [{from: \"25:00\", to: \"08:00\", capacity: 1}]"),
            ("policy", "capacity: 2", "capacity: 2, discipline: fifoo"),
            ("policy-parameter", "capacity: 2", "capacity: 2, discipline: {name: fast-track, unit: 1}"),
            ("gamma", "exponential: {mean: 0.5}", "gamma: {mean: 0.5}"),
            ("arm", "pathway: [", "pathway: [{branch: [{probability: 0.5}]}, "),
            ("leave", "pathway: [", "pathway: [{leave: false}, "),
            ("negative", "horizon: 100", "horizon: -5"),
        ]
        let dir = try temporaryFolder()
        var files: [String] = []
        for (name, from, to) in cases {
            XCTAssertTrue(base.contains(from), "\(name): the base has no \(from)")
            let path = dir.appendingPathComponent("\(name).yaml").path
            try base.replacingOccurrences(of: from, with: to).write(toFile: path, atomically: true, encoding: .utf8)
            let loaded = try simrun(["validate", path])
            XCTAssertEqual(loaded.status, 2, "\(name): the loader accepted it")
            files.append(path)
        }
        let good = dir.appendingPathComponent("good.yaml").path
        try base.write(toFile: good, atomically: true, encoding: .utf8)
        XCTAssertEqual(try simrun(["validate", good]).status, 0)
        guard let valid = try checkSchema("scenario", expect: "valid", [good]) else { throw XCTSkip("no validator") }
        XCTAssertEqual(valid.status, 0, valid.stdout)
        let r = try XCTUnwrap(try checkSchema("scenario", expect: "invalid", files))
        XCTAssertEqual(r.status, 0, "the schema accepted some of them:\n" + r.stdout)

        let badResults = dir.appendingPathComponent("bad-results.json").path
        try """
            {"scenario": "x", "seed": 1, "replications": 2, "horizon": 10, "warmup": 0, "time_unit": "minute",
             "policy": "fifo", "metrics": {"wait.mean": {"mean": 1, "half_width": 0.1}}, "profiles": {}}
            """.write(toFile: badResults, atomically: true, encoding: .utf8)
        let results = try XCTUnwrap(try checkSchema("results", expect: "invalid", [badResults]))
        XCTAssertEqual(results.status, 0, results.stdout)
    }

    /// Every relative link in README.md and docs/ names a file (and heading) inside the repository.
    func testEveryRelativeLinkResolvesInsideTheRepository() throws {
        var pages = [root.appendingPathComponent("README.md")]
        let docs = root.appendingPathComponent("docs")
        pages += try FileManager.default.contentsOfDirectory(atPath: docs.path).filter { $0.hasSuffix(".md") }
            .map { docs.appendingPathComponent($0) }
        let link = try NSRegularExpression(pattern: #"\]\(([^)\s]+)\)"#)
        var broken: [String] = []
        var checked = 0
        for page in pages {
            let text = try String(contentsOf: page, encoding: .utf8)
            XCTAssertFalse(text.contains("../shared"), "\(page.lastPathComponent) points outside the repository")
            for match in link.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let target = String(text[Range(match.range(at: 1), in: text)!])
                if target.contains("://") || target.hasPrefix("mailto:") { continue }
                checked += 1
                let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let file = parts[0].isEmpty ? page : page.deletingLastPathComponent().appendingPathComponent(parts[0]).standardized
                guard file.path.hasPrefix(root.standardized.path + "/") else {
                    broken.append("\(page.lastPathComponent): \(target) leaves the repository")
                    continue
                }
                guard FileManager.default.fileExists(atPath: file.path) else {
                    broken.append("\(page.lastPathComponent): \(target) does not exist")
                    continue
                }
                if parts.count == 2, file.pathExtension == "md" {
                    let anchors = Self.anchors(try String(contentsOf: file, encoding: .utf8))
                    if !anchors.contains(parts[1]) { broken.append("\(page.lastPathComponent): \(target) names no heading") }
                }
            }
        }
        XCTAssertGreaterThan(checked, 20)
        XCTAssertEqual(broken, [])
    }

    /// GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
    static func anchors(_ markdown: String) -> Set<String> {
        var result = Set<String>()
        var inCode = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inCode.toggle() }
            guard !inCode, line.hasPrefix("#") else { continue }
            let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
            let slug = title.lowercased().compactMap { c -> String? in
                if c.isLetter || c.isNumber || c == "-" || c == "_" { return String(c) }
                if c == " " { return "-" }
                return nil
            }.joined()
            result.insert(slug)
        }
        return result
    }

    func testHelpFitsEightyColumnsAndGivesAnExample() throws {
        let commands = ["run", "compare", "sweep", "check", "baseline", "merge", "report", "trace", "theory", "validate", "schema", "warmup", "optimize"]
        for command in commands {
            let r = try simrun([command, "--help"])
            XCTAssertEqual(r.status, 0)
            for line in r.stdout.split(separator: "\n") {
                XCTAssertLessThanOrEqual(line.count, 80, "simrun \(command) --help: \(line)")
            }
            let example = r.stdout.components(separatedBy: "Example:\n").dropFirst().first ?? ""
            XCTAssertTrue(example.contains("  simrun \(command) "), "simrun \(command) --help gives no example")
        }
    }

    func testAUsageErrorShowsTheSubcommandsUsage() throws {
        let r = try simrun(["sweep", "scenarios/mm1.yaml"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("Usage: simrun sweep"), r.stderr)
    }
}
