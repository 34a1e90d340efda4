import Foundation
import XCTest

/// Results of a different scenario are never joined: checkpoints, partial results and
/// baselines carry the scenario's content hash and the model version.
final class SimrunResultIdentityTests: SimrunTestCase {
    /// mm1.yaml as written (rate 0.8) and with another rate, same name, seed and settings.
    func twoVersions() throws -> (String, String) {
        let text = try String(contentsOf: SimrunProcess.packageRoot.appendingPathComponent("scenarios/mm1.yaml"), encoding: .utf8)
        let a = dir.appendingPathComponent("a.yaml").path, b = dir.appendingPathComponent("b.yaml").path
        try text.write(toFile: a, atomically: true, encoding: .utf8)
        try text.replacingOccurrences(of: "rate: 0.8 ", with: "rate: 0.5 ").write(toFile: b, atomically: true, encoding: .utf8)
        return (a, b)
    }

    func testMergeRefusesAShardOfAModifiedFile() throws {
        let (a, b) = try twoVersions()
        let common = ["--replications", "4", "--horizon", "100"]
        let p0 = dir.appendingPathComponent("p0.json").path, p1 = dir.appendingPathComponent("p1.json").path
        XCTAssertEqual(try simrun(["run", a, "--shard", "0/2", "--out", p0] + common).status, 0)
        XCTAssertEqual(try simrun(["run", b, "--shard", "1/2", "--out", p1] + common).status, 0)
        let r = try simrun(["merge", p0, p1])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("the scenario's content differs"), r.stderr)
        XCTAssertTrue(r.stdout.isEmpty)
        let p1a = dir.appendingPathComponent("p1a.json").path
        XCTAssertEqual(try simrun(["run", a, "--shard", "1/2", "--out", p1a] + common).status, 0)
        XCTAssertEqual(try simrun(["merge", p0, p1a]).status, 0, "the same file merges")
        let seeded = dir.appendingPathComponent("seeded.json").path
        XCTAssertEqual(try simrun(["run", a, "--shard", "1/2", "--out", seeded, "--seed", "9"] + common).status, 0)
        XCTAssertTrue(try simrun(["merge", p0, seeded]).stderr.contains("the seed differs"))
    }

    func testResumeRefusesACheckpointOfAModifiedFile() throws {
        let (a, b) = try twoVersions()
        let common = ["--replications", "3", "--horizon", "100", "--format", "csv"]
        let checkpoint = dir.appendingPathComponent("checkpoint.json").path
        // A whole run written as a one-shard partial is a checkpoint with nothing left to do.
        XCTAssertEqual(try simrun(["run", a, "--shard", "0/1", "--out", checkpoint] + common).status, 0)
        let refused = try simrun(["run", b, "--resume", checkpoint] + common)
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("belongs to another run: the scenario's content differs"), refused.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: checkpoint), "a refused checkpoint is kept")
        let resumed = try simrun(["run", a, "--resume", checkpoint] + common)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(resumed.stdout, try simrun(["run", a] + common).stdout)
    }

    func testBaselinesRecordTheScenarioAndCheckSaysWhenItDiffers() throws {
        let (a, b) = try twoVersions()
        let baseline = dir.appendingPathComponent("base.json").path
        XCTAssertEqual(try simrun(["baseline", a, "-o", baseline, "--replications", "5"]).status, 0)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: baseline))) as? [String: Any])
        XCTAssertEqual((doc["scenario_hash"] as? String)?.count, 16)
        XCTAssertNotNil(doc["model_version"] as? Int)
        let same = try simrun(["check", a, "--baseline", baseline])
        XCTAssertEqual(same.status, 0, same.stdout + same.stderr)
        XCTAssertFalse(same.stderr.contains("note:"), same.stderr)
        let other = try simrun(["check", b, "--baseline", baseline])
        XCTAssertTrue(other.stderr.contains("note: made from other scenario content"), other.stderr)
        XCTAssertEqual(other.status, 1, "a rate of 0.5 instead of 0.8 regresses the waits")
    }
}
