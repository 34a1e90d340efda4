import Foundation
import XCTest

/// The reproducers of a hostile user's attack on the newer commands: each exits 0 with a whole
/// output or 2 with a located message, never a crash, a runaway or a hidden leftover.
final class SimrunHardeningTests: SimrunTestCase {
    func write(_ text: String, _ name: String) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func assertRefused(_ arguments: [String], _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try simrun(arguments)
        XCTAssertEqual(r.status, 2, r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.contains(message), "\(message) not in: \(r.stderr)", file: file, line: line)
        XCTAssertTrue(r.stdout.isEmpty, r.stdout, file: file, line: line)
    }

    /// Arrival times spanning more years than an Int holds were converted to Int for the
    /// message that refused them (SIGILL); the stray value's own line is named.
    func testFitRefusesArrivalsSpanningAeons() throws {
        for (stray, line) in [("1e25", 3), ("-1e25", 3), ("1e308", 3)] {
            let csv = try write("arrival\n0\n\(stray)\n5\n", "aeons.csv")
            try assertRefused(["fit", csv, "--arrival", "arrival"], "aeons.csv:\(line):1: error: the arrival times span")
        }
    }

    /// A 5 MB class name was echoed into the fit's JSON and YAML; a class name is held to the
    /// scenario's name limit, at its line.
    func testFitRefusesClassNamesLongerThanAScenarioTakes() throws {
        let csv = try write("arrival,class\n0,b\n1,\(String(repeating: "c", count: 5_000_000))\n2,b\n", "classes.csv")
        try assertRefused(["fit", csv, "--arrival", "arrival", "--class", "class", "--format", "json"],
                          "classes.csv:3:3: error: a class name is 5000000 characters long; the limit is 200 (at class)")
    }

    /// 25,000 arrivals in one hour: GSL's chi-square quantile does not converge at 50,002
    /// degrees of freedom, and its default handler aborted the process. The interval comes from
    /// the normal approximation instead: about 25,000 +- 1.96 x sqrt(25,000).
    func testFitOfTensOfThousandsOfArrivalsInAnHourGivesAnInterval() throws {
        let csv = try write("arrival\n" + (0..<25_000).map { String(Double($0) * 0.001) }.joined(separator: "\n") + "\n", "dense.csv")
        let r = try simrun(["fit", csv, "--arrival", "arrival", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let arrivals = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["arrivals"] as? [String: Any])
        let lower = try XCTUnwrap((arrivals["lower"] as? [Double])?.first)
        let upper = try XCTUnwrap((arrivals["upper"] as? [Double])?.first)
        let half = 1.96 * 25_000.0.squareRoot()
        XCTAssertEqual(lower, 25_000 - half, accuracy: 0.02 * half)
        XCTAssertEqual(upper, 25_000 + half, accuracy: 0.02 * half)
    }

    /// A one-station scenario with five resources in a row, for grids of several axes.
    func fiveStations() throws -> String {
        let steps = "abcde".map { "  - {use: \($0), duration: {exponential: {mean: \"0.5 hour\"}}}" }.joined(separator: "\n")
        let resources = "abcde".map { "  - {name: \($0), capacity: 2}" }.joined(separator: "\n")
        return try write("""
            name: five
            time_unit: hour
            run: {horizon: "10 day", replications: 2, seed: 7}
            arrivals:
              - {name: patients, rate: "1 per hour"}
            resources:
            \(resources)
            pathway:
            \(steps)

            """, "five.yaml")
    }

    /// A goal of 1e-300 projected more replications than an Int holds (SIGILL).
    func testAPrecisionGoalBeyondReachStopsAtTheMaximum() throws {
        let r = try simrun(["run", "scenarios/mm1.yaml", "--precision", "1e-300", "--max-replications", "6", "--horizon", "2 day"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("precision NOT reached: 20 replications (the maximum)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("which would need more than 10^15"), r.stdout)
    }

    /// Five axes of 9,999 values hold 10^20 points, more than an Int counts: the size was
    /// converted to Int (SIGILL). Searched by neighbourhood, the size is reported as a number.
    func testAGridLargerThanAnIntIsSearchedByNeighbourhood() throws {
        let file = try fiveStations()
        let axes = "abcde".flatMap { ["--vary", "resources.\($0).capacity=1..9999:1"] }
        let r = try simrun(["optimize", file] + axes + ["--minimize", "wait.mean", "--budget", "20"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("neighbourhood search: 9.9950009999e+19 points in the grid"), r.stderr)
    }

    /// An exhaustive search builds every point's model first: --max-points is held to a sweep's limit.
    func testExhaustiveSearchesAreLimitedAsSweepsAre() throws {
        let file = try fiveStations()
        try assertRefused(["optimize", file, "--vary", "resources.a.capacity=1..3", "--minimize", "wait.mean", "--max-points", "1000000000"],
                          "--max-points must be between 1 and 10000")
    }

    /// A capacity of 0 completes no patient, which `run` refuses; its undefined wait (NaN)
    /// won every comparison and was recommended.
    func testAPointWhereNoPatientCompletesIsInfeasible() throws {
        let file = try fiveStations()
        let r = try simrun(["optimize", file, "--vary", "resources.a.capacity=0..2:1", "--minimize", "wait.mean", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let points = try XCTUnwrap(doc["points"] as? [[String: Any]])
        func capacity(_ point: [String: Any]) -> String? { (point["settings"] as? [String: String])?["resources.a.capacity"] }
        let zero = try XCTUnwrap(points.first { capacity($0) == "0" })
        XCTAssertEqual(zero["status"] as? String, "infeasible")
        XCTAssertEqual(capacity(try XCTUnwrap(doc["recommended"] as? [String: Any])), "2")
        let table = try simrun(["optimize", file, "--vary", "resources.a.capacity=0..2:1", "--minimize", "wait.mean"])
        XCTAssertTrue(table.stdout.contains("infeasible: no patient completed"), table.stdout)
    }

    /// One key varied twice (by name and by index, or twice by name): the later value would
    /// silently win at every point.
    func testAKeyVariedTwiceIsRefused() throws {
        let file = try fiveStations()
        try assertRefused(["optimize", file, "--vary", "resources.a.capacity=1..3", "--vary", "resources.a.capacity=2", "--minimize", "wait.mean"],
                          "resources.a.capacity is varied twice")
        try assertRefused(["sweep", file, "--set", "resources.a.capacity=1..3", "--set", "resources.0.capacity=2"],
                          "resources.a.capacity and resources.0.capacity are one key")
    }

    /// A sweep of 10^8 points was built in memory (4 GB) before its size was checked; a range
    /// from Int.min to Int.max overflowed its length.
    func testHugeSweepsAreRefusedBeforeTheyAreBuilt() throws {
        let file = try fiveStations()
        try assertRefused(["sweep", file, "--set", "resources.a.capacity=1..9999", "--set", "resources.b.capacity=1..9999"],
                          "the sweep has 99980001 points; at most 10000")
        try assertRefused(["sweep", file, "--set", "resources.a.capacity=-9223372036854775808..9223372036854775807"],
                          "must run upwards and hold fewer than 10000 values")
    }

    /// `--after 1e300` never ended: the warm-up cut escaped the 100-year limit.
    func testWarmupAfterIsHeldToTheRunLimit() throws {
        try assertRefused(["warmup", "scenarios/mm1.yaml", "--after", "1e300"], "--after: warm-up and horizon together come to")
    }

    /// 10^8 forecast replications took 9.5 GB; a forecast's own limit keeps its hourly series
    /// within about 300 MB, stated with the number it allows.
    func testForecastReplicationsAreLimited() throws {
        let base = ["forecast", "scenarios/ed-weekend-roster.yaml", "--census", "scenarios/data/ed-census.csv", "--now", "2025-06-07T08:00"]
        try assertRefused(base + ["--hours", "72", "--replications", "100000000"], "the limit is 1000000")
        try assertRefused(base + ["--hours", "8784", "--replications", "1000"], "--replications must be at most 379 for a forecast of 8784 hours")
    }

    /// A reorder point 10^8 above the stock placed 10^8 orders of 1 (3.7 GB); a consume of 10^8
    /// units placed 10^7 orders of 10 (5.8 GB, deaf to SIGTERM).
    func testReorderRulesThatWouldPlaceMillionsOfOrdersAreRefused() throws {
        let supplies = """
            name: supplies
            time_unit: minute
            run: {horizon: 60, replications: 2, seed: 1}
            arrivals:
              - {name: p, rate: "1 per minute"}
            resources:
              - {name: nurse, capacity: 2}
            supplies:
              - {name: kit, initial: 0, lead_time: 5, reorder: {point: POINT, quantity: 10}}
            pathway:
              - {consume: {kit: UNITS}}
              - {use: nurse, duration: 1}

            """
        func scenario(point: Int, units: Int) throws -> String {
            try write(supplies.replacingOccurrences(of: "POINT", with: "\(point)").replacingOccurrences(of: "UNITS", with: "\(units)"), "supplies.yaml")
        }
        try assertRefused(["run", try scenario(point: 100_000_000, units: 1)], "supplies.yaml:9:60: error: the stock of 0 is 100000000 units below the point")
        try assertRefused(["run", try scenario(point: 1, units: 100_000_000)], "error: 100000000 units at once would make the reorder rule place 10000000 orders of 10")
        // Just inside both limits: 10,000 orders of 10 at the start, 10,000 at a consume.
        let r = try simrun(["run", try scenario(point: 99_999, units: 100_000), "--replications", "2"])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    /// Parts whose scenario_hash was removed all matched one another ("" = ""), so parts of
    /// an edited file could be joined.
    func testMergeRefusesPartsWithoutTheirScenarioHash() throws {
        var parts: [String] = []
        for k in 0..<2 {
            let out = dir.appendingPathComponent("p\(k).json").path
            let r = try simrun(["run", "scenarios/mm1.yaml", "--shard", "\(k)/2", "--format", "json", "--out", out, "--horizon", "2 day"])
            XCTAssertEqual(r.status, 0, r.stderr)
            let text = try String(contentsOfFile: out, encoding: .utf8)
            let stripped = text.replacingOccurrences(of: #""scenario_hash": ?"[0-9a-f]+", ?"#, with: "", options: .regularExpression)
            XCTAssertNotEqual(stripped, text)
            parts.append(try write(stripped, "stripped\(k).json"))
        }
        try assertRefused(["merge"] + parts, "the part has no scenario_hash")
    }

    /// A census with times of 10^308 ran with absurd residuals; a queued patient who waited
    /// less than the time spent in its queue, or more at the first step, was accepted.
    func testCensusTimesAreHeldToTheRunLimitAndToEachOther() throws {
        let census = try String(contentsOfFile: "\(SimrunProcess.packageRoot.path)/scenarios/data/ed-census.csv", encoding: .utf8)
        let base = ["forecast", "scenarios/ed-weekend-roster.yaml", "--now", "2025-06-07T08:00", "--hours", "24", "--replications", "5"]
        for (row, message) in [("q9,minor,1,queued,1e308,1e308,", "is more than the 100-year limit of a run (at elapsed)"),
                               ("q9,minor,1,queued,43 min,5 min,", "a queued patient has waited at least the 43 minutes spent in this queue"),
                               ("q9,minor,1,queued,43 min,50 min,", "queued at the first step, the patient has had no earlier queue")] {
            let file = try write(census + row + "\n", "census.csv")
            try assertRefused(base + ["--census", file], message)
        }
    }

    /// `replications: -5` was reported as "-5 replications", and a value of 1e308 drew -nan
    /// coordinates; a 50 MB top-level array took 45 s and 3.5 GB to be refused.
    func testDocumentsReadBackAreChecked() throws {
        let out = dir.appendingPathComponent("r.json").path
        XCTAssertEqual(try simrun(["run", "scenarios/mm1.yaml", "--format", "json", "--out", out, "--horizon", "2 day", "--replications", "3"]).status, 0)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let html = dir.appendingPathComponent("r.html").path
        let negative = try write(text.replacingOccurrences(of: "\"replications\": 3", with: "\"replications\": -5"), "negative.json")
        try assertRefused(["report", negative, "-o", html], "replications must be at least 1 (at replications)")
        let huge = try write(text.replacingOccurrences(of: #""half_width": [0-9.e+-]+"#, with: "\"half_width\": 1e308", options: .regularExpression), "huge.json")
        try assertRefused(["report", huge, "-o", html], "is beyond ±1e100")
        let array = try write("[" + String(repeating: "0,", count: 1_000_000) + "0]", "array.json")
        try assertRefused(["report", array, "-o", html], "a JSON object")
        try assertRefused(["merge", array], "expected a partial result, a JSON object")
        // Another kind of document is named as what it is, in check and report alike.
        let part = dir.appendingPathComponent("part.json").path
        XCTAssertEqual(try simrun(["run", "scenarios/mm1.yaml", "--shard", "0/1", "--out", part, "--horizon", "2 day", "--replications", "3"]).status, 0)
        try assertRefused(["check", "scenarios/mm1.yaml", "--baseline", part], "this is a partial result (of --shard or a checkpoint, for simrun merge), not a baseline")
        try assertRefused(["report", part, "-o", html], "which has no report: report takes the JSON of run, compare")
        try assertRefused(["report", try write("{\"name\": 1}", "other.json"), "-o", html], "not a document simrun writes")
        let large = dir.appendingPathComponent("large.json").path
        FileManager.default.createFile(atPath: large, contents: Data(repeating: 0x20, count: (16 << 20) + 1))
        try assertRefused(["check", "scenarios/mm1.yaml", "--baseline", large], "the file is larger than 16 MiB")
        XCTAssertFalse(FileManager.default.fileExists(atPath: html))
    }

    /// SIGTERM during one long replication: it is abandoned (none kept), not waited for.
    func testInterruptsAbandonTheReplicationInFlightAndASecondSignalEndsAtOnce() throws {
        let out = dir.appendingPathComponent("century.json").path
        // M/M/1 for 80 years: one replication of minutes of work.
        let century = ["run", "scenarios/mm1.yaml", "--horizon", "29000 day", "--replications", "1", "--threads", "1", "--out", out]
        let (status, message) = try SimrunProcess.interrupted(century, after: 1)
        XCTAssertEqual(status, 128 + 15, message)
        XCTAssertTrue(message.contains("interrupted: 0 of 1 replications done"), message)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))

        // Two at once: whichever path ends it (the first stops within milliseconds), the
        // status is the signal's and no output is written.
        let twice = try SimrunProcess.interrupted(century, after: 1, signals: 2)
        XCTAssertEqual(twice.status, 128 + 15, twice.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    /// --out, --event-log and --export-csv are committed together: when one cannot be written
    /// (here --out is a dangling link, found only when it is written), none is, and no
    /// temporary is left; before, the event log and tables were already in place.
    func testOutputsAreCommittedAsASet() throws {
        let out = dir.appendingPathComponent("r.json").path
        try FileManager.default.createSymbolicLink(atPath: out, withDestinationPath: dir.appendingPathComponent("nowhere/r.json").path)
        let log = dir.appendingPathComponent("log.csv").path, tables = dir.appendingPathComponent("tables").path
        let r = try simrun(["run", "scenarios/mm1.yaml", "--horizon", "1 day", "--replications", "2",
                            "--event-log", log, "--export-csv", tables, "--out", out])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("dangling link"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: log))
        XCTAssertFalse(FileManager.default.fileExists(atPath: tables))
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
        XCTAssertEqual(left, [])
        // Named as a file inside a file: said before the simulation, not "folder does not exist".
        let file = try write("x", "afile")
        try assertRefused(["run", "scenarios/mm1.yaml", "--event-log", file + "/x.csv"], "afile is not a folder")
    }

    /// A simrun killed outright (kill -9) leaves its hidden temporary beside the target; the
    /// next run there removes it, and leaves a live process's alone.
    func testStaleTemporariesOfKilledRunsAreRemoved() throws {
        var dead: Int32 = 999_999
        while kill(dead, 0) == 0 || errno != ESRCH { dead -= 1 }
        let stale = dir.appendingPathComponent(".r.json.simrun-\(dead)-12345.tmp").path
        let live = dir.appendingPathComponent(".r.json.simrun-\(getpid())-12345.tmp").path
        for path in [stale, live] { FileManager.default.createFile(atPath: path, contents: Data("half".utf8)) }
        let staleFolder = dir.appendingPathComponent(".tables.simrun-\(dead)-7.tmp").path
        try FileManager.default.createDirectory(atPath: staleFolder, withIntermediateDirectories: false)
        let r = try simrun(["run", "scenarios/mm1.yaml", "--horizon", "1 day", "--replications", "2",
                            "--out", dir.appendingPathComponent("r.json").path, "--export-csv", dir.appendingPathComponent("tables").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale))
        XCTAssertFalse(FileManager.default.fileExists(atPath: staleFolder))
        XCTAssertTrue(FileManager.default.fileExists(atPath: live))
    }

    /// --help and --version exited 0 when standard output could not take them; a closed pipe
    /// (no reader) is now a message and exit 2.
    func testHelpAndVersionFailOnAClosedStandardOutput() throws {
        for arguments in [["--version"], ["--help"], ["run", "--help"]] {
            let process = Process()
            process.executableURL = SimrunProcess.simrun
            process.arguments = arguments
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try out.fileHandleForReading.close()
            try process.run()
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationReason, .exit, "\(arguments)")
            XCTAssertEqual(process.terminationStatus, 2, "\(arguments): \(message)")
            XCTAssertTrue(message.contains("cannot write standard output"), message)
        }
    }

    /// Yams printed a line to standard output when YAMS_DEFAULT_ENCODING was set, after the JSON
    /// document written there: the environment no longer reaches the output.
    func testTheYAMLLibrarysEnvironmentDoesNotReachStandardOutput() throws {
        let arguments = ["run", "scenarios/mm1.yaml", "--replications", "2", "--threads", "1", "--format", "json"]
        let plain = try simrun(arguments)
        XCTAssertEqual(plain.status, 0, plain.stderr)
        for value in ["UTF8", "utf16"] {
            let r = try SimrunProcess.execute(SimrunProcess.simrun, arguments, environment: ["YAMS_DEFAULT_ENCODING": value])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertEqual(r.stdout, plain.stdout, value)
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)), value)
        }
    }
}
