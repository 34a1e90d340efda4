import Foundation
import XCTest

/// `simrun trace`: the hand-simulation table.
final class TraceCommandTests: SimrunTestCase {
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

    /// A long history stops at a bound instead of filling the memory (a fuzzed
    /// `--until 99999999999999999999` was killed for lack of memory): the first rows with
    /// --limit or --explain, a plain refusal without; past a run's 100 years, refused at once.
    func testALongTraceStopsAtItsBound() throws {
        let long = "36000 day"  // 98.6 years
        let refused = try simrun(["trace", "scenarios/emergency-department.yaml", "--until", long])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("the trace passes 100000 rows before --until \(long)"), refused.stderr)
        XCTAssertTrue(refused.stdout.isEmpty)
        let first = try simrun(["trace", "scenarios/emergency-department.yaml", "--until", long, "--limit", "30", "--format", "csv"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout.split(separator: "\n").count, 31, "the header and 30 rows")
        let explained = try simrun(["trace", "scenarios/emergency-department.yaml", "--until", long, "--explain"])
        XCTAssertEqual(explained.status, 0, explained.stderr)
        XCTAssertTrue(explained.stdout.hasSuffix("... more than 99960 more events (--limit)\n"), String(explained.stdout.suffix(200)))
        // The first rows are the same rows a shorter trace has.
        let short = try simrun(["trace", "scenarios/emergency-department.yaml", "--until", "600", "--format", "csv"])
        let shortRows = short.stdout.split(separator: "\n")
        XCTAssertGreaterThan(shortRows.count, 31)
        XCTAssertEqual(Array(shortRows.prefix(31)), first.stdout.split(separator: "\n"))
        let beyond = try simrun(["trace", "scenarios/emergency-department.yaml", "--until", "99999999999999999999", "--limit", "5"])
        XCTAssertEqual(beyond.status, 2)
        XCTAssertTrue(beyond.stderr.contains("--until: warm-up and horizon together come to"), beyond.stderr)
    }
}
