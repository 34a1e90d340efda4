import Foundation
import XCTest

/// `simrun merge`: shards back into the unsharded document.
final class MergeCommandTests: SimrunTestCase {
    /// Shards merge into exactly the bytes of the unsharded run, for any number of shards
    /// (more shards than replications included).
    func testShardsMergeIntoTheUnshardedDocumentByteForByte() throws {
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
        let longer = dir.appendingPathComponent("longer.json").path
        XCTAssertEqual(try simrun(["run", "scenarios/mm1.yaml", "--shard", "1/3", "--out", longer, "--replications", "5", "--horizon", "4 day"]).status, 0)
        let horizons = try simrun(["merge", other, longer])
        XCTAssertTrue(horizons.stderr.contains("the horizon differs (5760 here, 4320 there)"), horizons.stderr)
    }
}
