import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// An output that is also an input of the same command is refused before any work, and the input
/// is left as it was: `simrun run s.yaml --out s.yaml` replaced the scenario with its results.
final class OutputClashTests: SimrunTestCase {
    let quick = ["--replications", "2", "--horizon", "100"]

    /// A copy of the M/M/1 example in the test's folder, and its bytes.
    func scenarioCopy(_ name: String = "s.yaml") throws -> (path: String, bytes: Data) {
        let path = dir.appendingPathComponent(name).path
        let bytes = try Data(contentsOf: SimrunProcess.packageRoot.appendingPathComponent("scenarios/mm1.yaml"))
        try bytes.write(to: URL(fileURLWithPath: path))
        return (path, bytes)
    }

    /// Runs `args`, expects exit 2 with `words` in the message, and `path` to hold `bytes` still.
    func assertRefused(_ args: [String], _ words: String, keeps path: String, _ bytes: Data,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try simrun(args)
        XCTAssertEqual(r.status, 2, "\(args.joined(separator: " ")): \(r.stderr)", file: file, line: line)
        XCTAssertTrue(r.stderr.contains(words), r.stderr, file: file, line: line)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), bytes, "the input is untouched", file: file, line: line)
        XCTAssertEqual(r.stdout, "", "nothing was run", file: file, line: line)
    }

    func testAnOutputThatIsTheScenarioIsRefusedUnderAnyName() throws {
        let (scenario, bytes) = try scenarioCopy()
        let link = dir.appendingPathComponent("link.yaml").path
        XCTAssertEqual(symlink(scenario, link), 0)
        let hard = dir.appendingPathComponent("hard.yaml").path
        XCTAssertEqual(Glibc.link(scenario, hard), 0)
        let relative = "./" + URL(fileURLWithPath: scenario).lastPathComponent
        for args in [["run", scenario] + quick + ["--out", scenario],
                     ["run", scenario] + quick + ["--out=\(link)"],
                     ["run", scenario] + quick + ["-o", hard],
                     ["trace", scenario, "--until", "5", "--out", scenario],
                     ["baseline", scenario, "-o", scenario] + quick,
                     ["warmup", scenario, "--replications", "2", "--out", scenario],
                     ["compare", scenario, "--policy", "fifo", "--policy", "priority"] + quick + ["--checkpoint", scenario],
                     ["run", scenario] + quick + ["--event-log", scenario]] {
            try assertRefused(args, "it is also an input of this command", keeps: scenario, bytes)
        }
        // The working folder is the package root: a relative spelling of the same file, from there.
        let fromRoot = try simrun(["run", scenario] + quick + ["--out", dir.path + "/" + relative])
        XCTAssertEqual(fromRoot.status, 2, fromRoot.stderr)
    }

    func testAReportOrMergeCannotReplaceWhatItReads() throws {
        let results = dir.appendingPathComponent("r.json").path
        XCTAssertEqual(try simrun(["run", "scenarios/mm1.yaml"] + quick + ["--format", "json", "--out", results]).status, 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: results))
        try assertRefused(["report", results, "-o", results], "(-o): it is also an input", keeps: results, bytes)
        try assertRefused(["report", results, "--out", results], "(--out): it is also an input", keeps: results, bytes)
        let part = dir.appendingPathComponent("part-0.json").path
        XCTAssertEqual(try simrun(["run", "scenarios/mm1.yaml"] + quick + ["--shard", "0/1", "--out", part]).status, 0)
        let partBytes = try Data(contentsOf: URL(fileURLWithPath: part))
        try assertRefused(["merge", part, "--output", part], "it is also an input", keeps: part, partBytes)
        try assertRefused(["check", "scenarios/mm1.yaml", "--baseline", results] + quick + ["--junit", results],
                          "it is also an input", keeps: results, bytes)
    }

    func testAScenarioInAFolderThatIsReadIsRefused() throws {
        let (scenario, bytes) = try scenarioCopy("in-folder.yaml")
        try assertRefused(["run", dir.path] + quick + ["--out", scenario], "a folder this command reads", keeps: scenario, bytes)
        // A results file beside the scenarios is not a scenario: written as asked.
        let table = dir.appendingPathComponent("results.txt").path
        FileManager.default.createFile(atPath: table, contents: Data("old".utf8))
        XCTAssertEqual(try simrun(["run", dir.path] + quick + ["--out", table]).status, 0)
        XCTAssertTrue(try String(contentsOfFile: table, encoding: .utf8).contains("patients.arrived"))
    }

    func testTwoOutputsNamingOneFileAreRefusedEvenBeforeItExists() throws {
        let out = dir.appendingPathComponent("x.json").path
        let r = try simrun(["run", "scenarios/mm1.yaml"] + quick + ["--out", out, "--checkpoint", dir.path + "/./x.json"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("--out and --checkpoint name the same file"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    /// Allowed: the checkpoint `--resume` reads is the one the run keeps writing.
    func testTheCheckpointMayBeTheOneResumed() throws {
        let out = dir.appendingPathComponent("out.json").path
        let checkpoint = dir.appendingPathComponent("c.json").path
        let args = ["run", "scenarios/mm1.yaml", "--replications", "4", "--horizon", "100", "--format", "json"]
        XCTAssertEqual(try simrun(args + ["--shard", "0/1", "--out", checkpoint]).status, 0)
        let r = try simrun(args + ["--out", out, "--resume", checkpoint, "--checkpoint", checkpoint])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), try simrun(args).stdout, "the same document as a run from scratch")
    }
}
