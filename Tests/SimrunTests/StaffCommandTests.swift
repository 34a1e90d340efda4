import Foundation
import XCTest

/// `simrun staff` from the command line: the JSON contract, the roster pasted back into the
/// scenario giving exactly the staff and cost designed, the report, and bad input.
final class StaffCommandTests: SimrunTestCase {
    static let base = ["staff", "scenarios/ed-week-staffing.yaml", "--resource", "doctor", "--target", "delay.probability <= 0.3",
                       "--shifts", "start=any;length=8h,12h", "--night-premium", "25%", "--weekend-premium", "0.5",
                       "--replications", "4", "--horizon", "3 week"]

    func testTheDocumentAndTheRosterPastedBack() throws {
        let json = dir.appendingPathComponent("staff.json").path
        let run = try simrun(Self.base + ["--format", "json", "--out", json])
        XCTAssertEqual(run.status, 0, run.stderr)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        XCTAssertEqual(doc["kind"] as? String, "staffing")
        XCTAssertEqual(doc["period"] as? String, "week", "the arrival profile has 168 hours")
        XCTAssertEqual(doc["method"] as? String, "isa")
        let requirement = try XCTUnwrap(doc["requirement"] as? [Int])
        XCTAssertEqual(requirement.count, 168)
        let achieved = try XCTUnwrap(doc["achieved"] as? [[String: Any]])
        XCTAssertEqual(achieved.count, 168)
        XCTAssertTrue(achieved.allSatisfy { $0["mean"] != nil && $0["half_width"] != nil })
        let roster = try XCTUnwrap(doc["roster"] as? [String: Any])
        let shifts = try XCTUnwrap(roster["shifts"] as? [[String: Any]])
        XCTAssertFalse(shifts.isEmpty)
        // Every shift's hours at the rate and premiums add up to the roster's cost, and cover
        // the requirement at every hour.
        var coverage = [Int](repeating: 0, count: 168)
        var cost = 0.0
        let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        for s in shifts {
            let start = try XCTUnwrap(Int((s["start"] as? String)?.prefix(2) ?? ""))
            let length = try XCTUnwrap(Int((s["length"] as? String)?.dropLast() ?? ""))
            let count = try XCTUnwrap(s["count"] as? Int)
            for day in try XCTUnwrap(s["days"] as? [String]) {
                let d = try XCTUnwrap(dayNames.firstIndex(of: day))
                for k in 0..<length {
                    let h = (d * 24 + start + k) % 168
                    coverage[h] += count
                    let night = h % 24 >= 22 || h % 24 < 7
                    cost += Double(count) * 110 * (1 + (night ? 0.25 : 0) + (h / 24 >= 5 ? 0.5 : 0))
                }
            }
        }
        XCTAssertEqual(coverage, roster["coverage"] as? [Int])
        XCTAssertTrue(zip(coverage, requirement).allSatisfy { $0 >= $1 })
        XCTAssertEqual(try XCTUnwrap(roster["cost"] as? Double), cost, accuracy: 1e-6 * cost)
        let methods = try XCTUnwrap(doc["methods"] as? [[String: Any]])
        XCTAssertEqual(methods.map { $0["method"] as? String }, ["isa", "sipp"])

        // The YAML roster pasted in as the doctors' shifts: the scenario's staff is then the
        // roster's coverage, hour by hour, and costs what the roster cost.
        let yaml = try simrun(Self.base + ["--format", "yaml"])
        XCTAssertEqual(yaml.status, 0, yaml.stderr)
        let text = try String(contentsOfFile: "scenarios/ed-week-staffing.yaml", encoding: .utf8)
        let start = try XCTUnwrap(text.range(of: "  - name: doctor\n"))
        let end = try XCTUnwrap(text.range(of: "    cost: {staffed_per_hour: 110", range: start.upperBound..<text.endIndex))
        let pasted = text.replacingCharacters(in: start.upperBound..<end.lowerBound, with: yaml.stdout)
        let file = dir.appendingPathComponent("rostered.yaml").path
        try pasted.write(toFile: file, atomically: true, encoding: .utf8)
        var again = Self.base
        again[1] = file
        let second = try simrun(again + ["--method", "sipp", "--format", "json"])
        XCTAssertEqual(second.status, 0, second.stderr)
        let doc2 = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        let current = try XCTUnwrap(doc2["current"] as? [String: Any])
        XCTAssertEqual((current["staff"] as? [Double])?.map { Int($0) }, coverage)
        XCTAssertEqual(try XCTUnwrap(current["cost"] as? Double), cost, accuracy: 1e-6 * cost)

        // The CSV: a row per hour, the requirement column as in the JSON.
        let csv = try simrun(Self.base + ["--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let rows = csv.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(rows.count, 169)
        let column = try XCTUnwrap(rows[0].firstIndex(of: "isa_requirement"))
        XCTAssertEqual(rows.dropFirst().map { Int($0[column]) }, requirement.map { Optional($0) })
        XCTAssertTrue(rows.allSatisfy { $0.count == rows[0].count })

        let html = dir.appendingPathComponent("staff.html").path
        XCTAssertEqual(try simrun(["report", json, "-o", html]).status, 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        XCTAssertGreaterThanOrEqual(ReportCommandTests.charts(page).count, 3, "demand, staff and service level by hour")
    }

    /// The same file and seed give the same document, byte for byte, on one thread or three.
    func testTheDocumentIsTheSameForAnyThreadCount() throws {
        let one = try simrun(Self.base + ["--format", "json", "--threads", "1"])
        let three = try simrun(Self.base + ["--format", "json", "--threads", "3"])
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertFalse(one.stdout.isEmpty)
        XCTAssertEqual(one.stdout, three.stdout)
    }

    /// SIGTERM part-way through the simulations: the study stops within its replications in
    /// flight, says so, exits with the signal's status and writes nothing.
    func testAnInterruptedStudyStopsAndWritesNothing() throws {
        let out = dir.appendingPathComponent("long.json").path
        let long = ["staff", "scenarios/ed-week-staffing.yaml", "--resource", "doctor", "--target", "delay.probability <= 0.3",
                    "--horizon", "2000 week", "--replications", "4", "--threads", "2", "--format", "json", "--out", out]
        let (status, message) = try SimrunProcess.interrupted(long, after: 1)
        XCTAssertEqual(status, 128 + 15, message)
        XCTAssertTrue(message.contains("interrupted"), message)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testMistakesExitWithStatusTwoAndWriteNothing() throws {
        let out = dir.appendingPathComponent("never.json").path
        let cases: [([String], String)] = [
            (["--resource", "docter"], "did you mean 'doctor'?"),
            (["--target", "delay.probability >= 0.2"], "at or below (<=)"),
            (["--target", "wait.maen <= 10 min"], "did you mean 'wait.mean'?"),
            (["--shifts", "start=07:00;length=8h;days=mon", "--period", "day"], "days= needs a week period"),
            (["--shifts", "start=07:30;length=8h"], "not a clock time on the hour"),
            (["--method", "ias"], "did you mean 'isa'?"),
            (["--night-hours", "22-07"], "--night-hours takes two clock times"),
            (["--horizon", "6 day"], "must cover at least one whole week"),
        ]
        for (change, expected) in cases {
            var args = Self.base + ["--format", "json", "--out", out]
            for k in stride(from: 0, to: change.count, by: 2) {
                if let i = args.firstIndex(of: change[k]), change[k] != "--shifts" { args[i + 1] = change[k + 1] } else { args += [change[k], change[k + 1]] }
            }
            if change.first == "--shifts", let i = args.firstIndex(of: "start=any;length=8h,12h") { args.removeSubrange(i - 1...i) }
            let r = try simrun(args)
            XCTAssertEqual(r.status, 2, "\(change): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(expected), "\(change): \(r.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out), "\(change) wrote its output")
        }
        let noTargets = try simrun(["staff", "scenarios/mmc.yaml", "--resource", "clinician", "--target", "target_met.fraction >= 0.9",
                                    "--replications", "2"])
        XCTAssertEqual(noTargets.status, 2)
        XCTAssertTrue(noTargets.stderr.contains("needs a class with a time-to-treatment target"), noTargets.stderr)
        let noRoster = try simrun(["staff", "scenarios/mmc.yaml", "--resource", "clinician", "--target", "wait.mean <= 5 min",
                                   "--replications", "2", "--format", "yaml"])
        XCTAssertEqual(noRoster.status, 2)
        XCTAssertTrue(noRoster.stderr.contains("give --shifts"), noRoster.stderr)
    }
}
