import Foundation
import XCTest

/// `simrun compare`: policies and scenario variants on the same patients.
final class CompareCommandTests: SimrunTestCase {
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

    func testCompareWithAScenarioVariant() throws {
        let base = try String(contentsOf: SimrunProcess.packageRoot.appendingPathComponent("scenarios/mm1.yaml"), encoding: .utf8)
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

    /// `--constraint` on every variant: in 10-day periods, M/M/10 at 9 an hour (mean wait 0.67
    /// hours, Erlang C) has most periods over half an hour of mean wait, so
    /// 'P(wait.mean > 0.5) <= 0.05' is breached; with 12 servers (0.08 hours) no period of 70 is,
    /// and the exact upper bound 1 - 0.05^(1/70) = 0.042 shows it met.
    func testConstraintsAreJudgedOnEveryVariant() throws {
        let r = try simrun(["compare", "scenarios/mmc.yaml", "--replications", "70", "--horizon", "10 day", "--warmup", "1 day",
                            "--variant-set", "resources.clinician.capacity=12", "--constraint", "P(wait.mean > 0.5) <= 0.05", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let variants = try XCTUnwrap(doc["variants"] as? [[String: Any]])
        let verdicts = variants.map { (($0["constraints"] as? [[String: Any]])?.first?["verdict"] as? String) ?? "" }
        XCTAssertEqual(verdicts, ["failed", "met"])
        let table = try simrun(["compare", "scenarios/mmc.yaml", "--replications", "70", "--horizon", "10 day", "--warmup", "1 day",
                                "--variant-set", "resources.clinician.capacity=12", "--constraint", "P(wait.mean > 0.5) <= 0.05"])
        let line = table.stdout.split(separator: "\n").first { $0.hasPrefix("P(wait.mean > 0.5) <= 0.05") }
        XCTAssertTrue(line?.contains("BREACHED") == true && line?.hasSuffix(" met") == true, table.stdout)
        let sharded = try simrun(["compare", "scenarios/mmc.yaml", "--variant-set", "resources.clinician.capacity=12",
                                  "--constraint", "wait.mean <= 1", "--shard", "1/2"])
        XCTAssertNotEqual(sharded.status, 0)
        XCTAssertTrue(sharded.stderr.contains("--constraint judges whole runs"), sharded.stderr)
    }
}
