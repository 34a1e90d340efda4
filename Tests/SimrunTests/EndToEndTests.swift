import Foundation
import XCTest

/// Runs `simrun` as a user would, on the files in `scenarios/`.
final class EndToEndTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The simrun built alongside this test bundle.
    static let simrun: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [beside, beside.deletingLastPathComponent()] {
            let candidate = dir.appendingPathComponent("simrun")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        for config in ["release", "debug"] {
            let candidate = packageRoot.appendingPathComponent(".build/\(config)/simrun")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        fatalError("simrun was not built next to the tests")
    }()

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    @discardableResult
    func simrun(_ arguments: [String]) throws -> Outcome { try Self.simrun(arguments) }

    @discardableResult
    static func simrun(_ arguments: [String]) throws -> Outcome { try execute(Self.simrun, arguments) }

    /// Runs a program from the package root and collects its output and status.
    static func execute(_ program: URL, _ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = Self.packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                       stderr: String(decoding: e, as: UTF8.self))
    }

    var scenarioFiles: [String] {
        let dir = Self.packageRoot.appendingPathComponent("scenarios")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { "scenarios/" + $0 }
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
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-e2e-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
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
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-e2e-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
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

    func testCompareRunsPoliciesOnTheSamePatients() throws {
        let r = try simrun(["compare", "scenarios/ed-fast-track.yaml", "--replications", "4", "--horizon", "3 day",
                            "--policy", "priority", "--policy", "{name: fast-track, units: 2, classes: [minor]}", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(doc["baseline"] as? String, "priority")
        let variants = try XCTUnwrap(doc["variants"] as? [[String: Any]])
        XCTAssertEqual(variants.map { $0["label"] as? String }, ["priority", "fast-track{classes: [minor], units: 2}"])
        let second = try XCTUnwrap(variants[1]["metrics"] as? [String: [String: Any]])
        let arrived = try XCTUnwrap(second["patients.arrived"]?["difference"] as? [String: Any])
        XCTAssertEqual(arrived["mean"] as? Int, 0, "the same patients arrive under both")
        XCTAssertNotNil(second["class.minor.wait.mean"]?["difference"])

        let table = try simrun(["compare", "scenarios/mm1.yaml", "--replications", "3", "--horizon", "1 day", "--policy", "priority"])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.stdout.contains("[1] as written"), table.stdout)
        XCTAssertTrue(table.stdout.contains("[2] priority"), table.stdout)

        let bad = try simrun(["compare", "scenarios/mm1.yaml", "--policy", "{name: bed-reservation, reserv: 2}"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("did you mean 'reserve'"), bad.stderr)
        XCTAssertEqual(try simrun(["compare", "scenarios/mm1.yaml"]).status, 2, "nothing to compare")
        let csv = try simrun(["compare", "scenarios/mm1.yaml", "--replications", "2", "--horizon", "1 day",
                              "--policy", "fifo", "--policy", "priority", "--format", "csv"])
        XCTAssertTrue(csv.stdout.hasPrefix("metric,variant,mean,half_width,n,difference,difference_half_width,significant,pareto_efficient\n"))
    }

    func testTraceIsTheHandSimulationTable() throws {
        let r = try simrun(["trace", "scenarios/mm1.yaml", "--until", "30", "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = r.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(rows.first, ["time", "event", "patient", "class", "resource", "queue", "busy", "detail", "drawn", "next_time", "next_event", "from"])
        let body = Array(rows.dropFirst())
        XCTAssertGreaterThan(body.count, 20)
        let times = body.map { Double($0[0])! }
        XCTAssertEqual(times, times.sorted(), "time never goes backwards")
        XCTAssertLessThanOrEqual(times.last!, 30)
        // One server: busy is 0 or 1, and every arrival either seizes at once or waits.
        XCTAssertTrue(body.filter { $0[4] == "server" }.allSatisfy { $0[6] == "0" || $0[6] == "1" })
        let arrivals = body.filter { $0[1] == "arrival" }.count
        let firstSteps = Set(body.filter { $0[1] == "seize" || $0[1] == "wait" }.map { $0[2] })
        XCTAssertEqual(firstSteps.count, arrivals)
        // A unit handed straight on is one row: no release is followed at once by a seize of it.
        for (a, b) in zip(body, body.dropFirst()) where a[1] == "release" {
            XCTAssertFalse(b[1] == "seize" && b[0] == a[0] && b[7] == a[7], "release and seize of one unit at \(a[0]) are two rows")
        }
        let handovers = body.filter { $0[1] == "handover" }
        XCTAssertFalse(handovers.isEmpty)
        XCTAssertTrue(handovers.allSatisfy { !$0[11].isEmpty && $0[6] == "1" }, "a handover names who released, and the unit stays busy")
        // The next event is the time of a later row; a service drawn at a seize ends that
        // patient's use exactly then; the gap drawn at an arrival brings the next arrival.
        for (i, row) in body.enumerated() {
            if let next = Double(row[9]) {
                XCTAssertGreaterThanOrEqual(next, times[i])
                XCTAssertTrue(times.contains(next), "row \(i): next event at \(next) is in the trace")
            }
            guard let drawn = Double(row[8]), times[i] + drawn < 30 else { continue }
            let due = times[i] + drawn
            switch row[1] {
            case "seize", "handover":
                XCTAssertTrue(body.contains { ($0[1] == "release" && $0[2] == row[2] || $0[1] == "handover" && $0[11] == row[2])
                                              && abs(Double($0[0])! - due) < 1e-9 }, "patient \(row[2])'s service ends at \(due)")
            case "arrival":
                XCTAssertTrue(body.contains { $0[1] == "arrival" && abs(Double($0[0])! - due) < 1e-9 }, "an arrival at \(due)")
            default: break
            }
        }
        let table = try simrun(["trace", "scenarios/mm1.yaml", "--until", "30"])
        XCTAssertTrue(table.stdout.hasPrefix("times in minutes;"), "the table names its time unit")
        let explained = try simrun(["trace", "scenarios/mm1.yaml", "--until", "30", "--explain", "--limit", "25"])
        XCTAssertEqual(explained.status, 0, explained.stderr)
        let sentences = explained.stdout.split(separator: "\n").filter { $0.range(of: #"^ +[0-9]+\.[0-9]{3}  [A-Z]"#, options: .regularExpression) != nil }
        XCTAssertEqual(sentences.count, 25, "one sentence per event, up to --limit")
        XCTAssertTrue(explained.stdout.contains("more events (--limit)"))
        XCTAssertTrue(sentences.contains { $0.contains("Patient 1 arrives.") })
        XCTAssertEqual(try simrun(["trace", "scenarios/mm1.yaml", "--until", "soon"]).status, 2)
        XCTAssertEqual(try simrun(["trace", "scenarios/mm1.yaml", "--until", "5", "--limit", "0"]).status, 2)
    }

    func testTheoryCommandAndTheoryColumn() throws {
        let t = try simrun(["theory", "scenarios/mmc.yaml"])
        XCTAssertEqual(t.status, 0, t.stderr)
        XCTAssertTrue(t.stdout.contains("M/M/10"), t.stdout)
        XCTAssertTrue(t.stdout.contains("0.6687"), t.stdout)  // Erlang C wait, hours
        let none = try simrun(["theory", "scenarios/emergency-department.yaml"])
        XCTAssertEqual(none.status, 2)
        XCTAssertTrue(none.stderr.contains("theory does not apply"), none.stderr)
        let run = try simrun(["run", "scenarios/erlang-loss.yaml", "--replications", "3"])
        XCTAssertTrue(run.stdout.contains("theory: M/M/8/8"), run.stdout)
    }

    func testCompareWithAScenarioVariant() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-e2e-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = try String(contentsOf: Self.packageRoot.appendingPathComponent("scenarios/mm1.yaml"), encoding: .utf8)
        let two = dir.appendingPathComponent("two-servers.yaml")
        try base.replacingOccurrences(of: "capacity: 1", with: "capacity: 2").write(to: two, atomically: true, encoding: .utf8)
        let r = try simrun(["compare", "scenarios/mm1.yaml", "--variant", two.path, "--replications", "4", "--horizon", "2 day", "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let waitRows = r.stdout.split(separator: "\n").filter { $0.hasPrefix("wait.mean,") }
        XCTAssertEqual(waitRows.count, 2)
        let second = waitRows[1].split(separator: ",", omittingEmptySubsequences: false)
        XCTAssertEqual(second[1], "two-servers.yaml")
        XCTAssertLessThan(Double(second[5])!, 0, "a second server cuts the wait")
        XCTAssertEqual(second[7], "true")
    }

    /// `--variant-set` is the file with one key changed: the same patients, paired differences.
    func testCompareWithAVariantSet() throws {
        let r = try simrun(["compare", "scenarios/mm1.yaml", "--variant-set", "resources.server.capacity=2", "--replications", "4",
                            "--horizon", "2 day", "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = r.stdout.split(separator: "\n").filter { $0.hasPrefix("wait.mean,") }.map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        XCTAssertEqual(rows.map { String($0[1]) }, ["as written", "resources.server.capacity=2"])
        XCTAssertLessThan(Double(rows[1][5])!, 0, "a second server cuts the wait")
        XCTAssertEqual(rows[1][7], "true")
        let arrived = r.stdout.split(separator: "\n").filter { $0.hasPrefix("patients.arrived,") }
        XCTAssertEqual(arrived[1].split(separator: ",", omittingEmptySubsequences: false)[5], "0", "common random numbers: the same arrivals")
        let bad = try simrun(["compare", "scenarios/mm1.yaml", "--variant-set", "resources.sever.capacity=2"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("sever"), bad.stderr)
    }

    func testCheckPassesAnUnchangedModelAndCatchesARegression() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-e2e-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let baseline = dir.appendingPathComponent("b.json").path
        let made = try simrun(["baseline", "scenarios/mmc.yaml", "-o", baseline, "--replications", "6", "--tolerance", "wait.mean=0.2"])
        XCTAssertEqual(made.status, 0, made.stderr)
        let junit = dir.appendingPathComponent("ok.xml").path
        let same = try simrun(["check", "scenarios/mmc.yaml", "--baseline", baseline, "--junit", junit])
        XCTAssertEqual(same.status, 0, same.stdout + same.stderr)
        XCTAssertTrue(same.stdout.contains("metrics within tolerance"), same.stdout)
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        XCTAssertEqual(xml.components(separatedBy: "<testcase ").count - 1, same.stdout.split(separator: "\n").count - 2)  // header, summary
        XCTAssertFalse(xml.contains("<failure"))

        // One clinician fewer: waits rise far beyond any tolerance.
        let text = try String(contentsOf: Self.packageRoot.appendingPathComponent("scenarios/mmc.yaml"), encoding: .utf8)
        let worse = dir.appendingPathComponent("mmc.yaml")
        try text.replacingOccurrences(of: "capacity: 10", with: "capacity: 9\n    queue_capacity: 50").write(to: worse, atomically: true, encoding: .utf8)
        let failing = dir.appendingPathComponent("fail.xml").path
        let regressed = try simrun(["check", worse.path, "--baseline", baseline, "--junit", failing])
        XCTAssertEqual(regressed.status, 1, regressed.stdout + regressed.stderr)
        let waitLine = regressed.stdout.split(separator: "\n").first { $0.hasPrefix("wait.mean ") }
        XCTAssertTrue(waitLine?.hasSuffix("REGRESSION") ?? false, String(waitLine ?? ""))
        let failed = try String(contentsOfFile: failing, encoding: .utf8)
        XCTAssertTrue(failed.contains("<failure type=\"regression\" message=\"wait.mean: baseline"), failed)

        let broken = dir.appendingPathComponent("broken.json")
        try "{\"metrics\": 3}".write(to: broken, atomically: true, encoding: .utf8)
        let bad = try simrun(["check", "scenarios/mmc.yaml", "--baseline", broken.path])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("broken.json:1:1: error:"), bad.stderr)
    }

    func testSweepRunsTheGridOnTheSamePatients() throws {
        let r = try simrun(["sweep", "scenarios/erlang-loss.yaml", "--set", "resources.bed.capacity=6..9",
                            "--set", "run.seed=3", "--replications", "4", "--horizon", "60 day", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let points = try XCTUnwrap(doc["points"] as? [[String: Any]])
        XCTAssertEqual(points.count, 4)
        XCTAssertEqual(points.map { ($0["set"] as? [String: String])?["resources.bed.capacity"] }, ["6", "7", "8", "9"])
        let arrived = points.map { (($0["metrics"] as? [String: [String: Any]])?["patients.arrived"]?["mean"] as? NSNumber)?.doubleValue }
        XCTAssertEqual(Set(arrived).count, 1, "every point sees the same arrivals")
        let blocked = points.map { (($0["metrics"] as? [String: [String: Any]])?["blocked.fraction"]?["mean"] as? NSNumber)?.doubleValue ?? 0 }
        XCTAssertEqual(blocked, blocked.sorted(by: >), "more beds, less blocking, on the same patients")
        let bad = try simrun(["sweep", "scenarios/erlang-loss.yaml", "--set", "resources.cot.capacity=3"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("no item named 'cot'"), bad.stderr)
    }

    func testRunManyFilesContinuesPastABadOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-e2e-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "name: broken\n".write(to: dir.appendingPathComponent("a-broken.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: Self.packageRoot.appendingPathComponent("scenarios/mm1.yaml"), to: dir.appendingPathComponent("b.yaml"))
        let r = try simrun(["run", dir.path, "scenarios/mmc.yaml", "--replications", "2", "--horizon", "1 day", "--format", "json"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("a-broken.yaml:1:1: error:"), r.stderr)
        let docs = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(docs.map { $0["scenario"] as? String }, ["M/M/1 teaching queue", "M/M/c with ten clinicians"])
    }

    /// Shards merge into exactly the bytes of the unsharded run, for any number of shards
    /// (more shards than replications included).
    func testShardsMergeIntoTheUnshardedDocumentByteForByte() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-e2e-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = ["--replications", "5", "--horizon", "3 day"]
        for format in ["json", "table"] {
            let whole = try simrun(["run", "scenarios/emergency-department.yaml", "--format", format] + common)
            XCTAssertEqual(whole.status, 0, whole.stderr)
            for n in [1, 2, 7] {
                var parts: [String] = []
                for k in (0..<n).reversed() {  // the order of the parts does not matter
                    let part = dir.appendingPathComponent("\(format)-\(k)-of-\(n).json").path
                    let r = try simrun(["run", "scenarios/emergency-department.yaml", "--format", format, "--shard", "\(k)/\(n)", "--out", part] + common)
                    XCTAssertEqual(r.status, 0, r.stderr)
                    parts.append(part)
                }
                let merged = try simrun(["merge"] + parts)
                XCTAssertEqual(merged.status, 0, merged.stderr)
                XCTAssertEqual(merged.stdout, whole.stdout, "\(format), \(n) shards")
                if n == 7 {
                    XCTAssertEqual(try simrun(["merge"] + parts.dropLast()).status, 2, "a missing shard")
                    XCTAssertEqual(try simrun(["merge"] + parts + [parts[0]]).status, 2, "a shard twice")
                }
            }
        }
        let compareArgs = ["compare", "scenarios/ed-fast-track.yaml", "--policy", "priority", "--policy", "fifo", "--format", "json"] + common
        let whole = try simrun(compareArgs)
        var parts: [String] = []
        for k in 0..<3 {
            let part = dir.appendingPathComponent("compare-\(k).json").path
            XCTAssertEqual(try simrun(compareArgs + ["--shard", "\(k)/3", "--out", part]).status, 0)
            parts.append(part)
        }
        XCTAssertEqual(try simrun(["merge"] + parts).stdout, whole.stdout)
        let sweepArgs = ["sweep", "scenarios/erlang-loss.yaml", "--set", "resources.bed.capacity=7,8", "--set", "resources.bed.queue_capacity=0,2"] + common
        let wholeSweep = try simrun(sweepArgs)
        var sweepParts: [String] = []
        for k in 0..<2 {
            let part = dir.appendingPathComponent("sweep-\(k).json").path
            XCTAssertEqual(try simrun(sweepArgs + ["--shard", "\(k)/2", "--out", part]).status, 0)
            sweepParts.append(part)
        }
        XCTAssertEqual(try simrun(["merge"] + sweepParts).stdout, wholeSweep.stdout, "sweep table")
        let other = dir.appendingPathComponent("other.json").path
        XCTAssertEqual(try simrun(["run", "scenarios/mm1.yaml", "--shard", "1/3", "--out", other] + common).status, 0)
        let mixed = try simrun(["merge", parts[0], other, parts[2]])
        XCTAssertEqual(mixed.status, 2)
        XCTAssertTrue(mixed.stderr.contains("does not belong to the same run"), mixed.stderr)
    }

    /// SIGTERM stops a run after the replications in flight and keeps them; --resume finishes
    /// it with exactly the numbers of an uninterrupted run.
    func testInterruptedRunResumesToTheSameNumbers() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-e2e-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Many short replications (about 20 ms each here) and a long whole (about 2 s): the signal
        // lands after some have finished and well before all, on a slower or faster machine alike.
        let args = ["run", "scenarios/mmc.yaml", "--replications", "200", "--horizon", "10000", "--threads", "2", "--format", "json"]
        let whole = try simrun(args)
        XCTAssertEqual(whole.status, 0)

        let out = dir.appendingPathComponent("r.json").path
        let process = Process()
        process.executableURL = Self.simrun
        process.arguments = args + ["--out", out]
        process.currentDirectoryURL = Self.packageRoot
        let err = Pipe()
        process.standardError = err
        try process.run()
        Thread.sleep(forTimeInterval: 0.8)
        process.terminate()  // SIGTERM
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 128 + 15, message)
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
        XCTAssertTrue(gone.stderr.contains("cannot read the checkpoint"), gone.stderr)
    }
}

/// A test case that runs `simrun` and has a fresh temporary folder, `dir`, removed afterwards.
class SimrunTestCase: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-test-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    func simrun(_ arguments: [String]) throws -> EndToEndTests.Outcome { try EndToEndTests.simrun(arguments) }
}
