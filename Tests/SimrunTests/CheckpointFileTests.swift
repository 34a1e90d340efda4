import Foundation
import XCTest

/// `compare` and `sweep` interrupted by a signal keep their finished replications, and
/// `--resume` finishes them byte for byte as an uninterrupted run; `sweep --db` stores each point.
final class CheckpointFileTests: SimrunTestCase {
    /// Runs `args` whole, then again stopped by SIGTERM part-way, then resumed: the resumed output
    /// must equal the whole one. Returns how many replications the checkpoint held.
    func interruptAndResume(_ args: [String], total: Int) throws {
        let dir = try temporaryFolder()
        let whole = try SimrunProcess.simrun(args)
        XCTAssertEqual(whole.status, 0, whole.stderr)
        let out = dir.appendingPathComponent("out.json").path
        let (status, message) = try SimrunProcess.interrupted(args + ["--out", out])  // SIGTERM part-way
        XCTAssertEqual(status, 128 + 15, message)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "no output for an unfinished run")
        let checkpoint = out + ".checkpoint.json"
        let kept = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: checkpoint))) as? [String: Any])
        let done = (kept["parts"] as? [[String: Any]] ?? []).reduce(0) { $0 + (($1["replications"] as? [Any])?.count ?? 0) }
        XCTAssertGreaterThan(done, 0, message)
        XCTAssertLessThan(done, total, message)
        let resumed = try SimrunProcess.simrun(args + ["--out", out, "--resume", checkpoint])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), whole.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: checkpoint), "the checkpoint is removed once used")
    }

    func testAnInterruptedComparisonResumesToTheSameDocument() throws {
        try interruptAndResume(["compare", "scenarios/mmc.yaml", "--policy", "fifo", "--policy", "priority",
                                "--replications", "120", "--horizon", "8000", "--threads", "2", "--format", "json"], total: 240)
    }

    func testAnInterruptedSweepResumesToTheSameDocument() throws {
        try interruptAndResume(["sweep", "scenarios/mmc.yaml", "--set", "resources.clinician.capacity=10..11",
                                "--replications", "120", "--horizon", "8000", "--threads", "2", "--format", "json"], total: 240)
    }

    func testACheckpointOfAnotherSweepIsRefused() throws {
        let dir = try temporaryFolder()
        let checkpoint = dir.appendingPathComponent("c.json").path
        // A checkpoint is a partial result of the same form: make one by sharding a one-shard sweep.
        let made = try SimrunProcess.simrun(["sweep", "scenarios/mm1.yaml", "--set", "resources.server.capacity=1..2",
                                             "--replications", "4", "--horizon", "1 day", "--shard", "0/1", "--out", checkpoint])
        XCTAssertEqual(made.status, 0, made.stderr)
        let other = try SimrunProcess.simrun(["sweep", "scenarios/mm1.yaml", "--set", "resources.server.capacity=1..3",
                                              "--replications", "4", "--horizon", "1 day", "--resume", checkpoint])
        XCTAssertEqual(other.status, 2)
        XCTAssertTrue(other.stderr.contains("belongs to another run"), other.stderr)
        let same = try SimrunProcess.simrun(["sweep", "scenarios/mm1.yaml", "--set", "resources.server.capacity=1..2",
                                             "--replications", "4", "--horizon", "1 day", "--resume", checkpoint, "--format", "json"])
        XCTAssertEqual(same.status, 0, same.stderr)
        let fresh = try SimrunProcess.simrun(["sweep", "scenarios/mm1.yaml", "--set", "resources.server.capacity=1..2",
                                              "--replications", "4", "--horizon", "1 day", "--format", "json"])
        XCTAssertEqual(same.stdout, fresh.stdout)
    }

    func testASweepStoresEachPointAsARun() throws {
        let dir = try temporaryFolder()
        let db = dir.appendingPathComponent("r.sqlite").path
        let r = try SimrunProcess.simrun(["sweep", "scenarios/mm1.yaml", "--set", "resources.server.capacity=1..3",
                                          "--replications", "3", "--horizon", "1 day", "--db", db])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("runs 1, 2, 3 written"), r.stderr)
        let report = try SimrunProcess.simrun(["report", db, "--run-id", "2", "-o", dir.appendingPathComponent("r.html").path])
        XCTAssertEqual(report.status, 0, report.stderr)
        let html = try String(contentsOf: dir.appendingPathComponent("r.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("resources.server.capacity=2"), "the run's policy names its point")
    }
}
