import Foundation
import XCTest

/// `run --event-log`: the log rebuilds the run's own numbers, and is the same on any thread count.
final class RunCommandEventLogTests: SimrunTestCase {
    struct Patient {
        var arrival = Double.nan
        var departed = false
        var open: [String: Double] = [:]  // resource -> when its wait began
        var waited = 0.0
        var unmatchedQueue = false
    }

    /// Each patient's total wait, rebuilt from its queue and resource_use rows: the mean over
    /// patients who arrived after the warm-up and completed (every wait ended in a use) must be
    /// the run's wait.mean, replication by replication.
    func testTheLogRebuildsEachReplicationsWaitsAndCounts() throws {
        let dir = try temporaryFolder()
        let log = dir.appendingPathComponent("events.csv").path
        let json = dir.appendingPathComponent("results.json").path
        let r = try simrun(["run", "scenarios/emergency-department.yaml", "--replications", "3", "--horizon", "3 day",
                            "--event-log", log, "--format", "json", "--out", json])
        XCTAssertEqual(r.status, 0, r.stderr)
        let text = try String(contentsOfFile: log, encoding: .utf8)
        var lines = text.split(separator: "\n")
        XCTAssertEqual(lines.removeFirst(), "entity_id,pathway,event_type,event,time,resource_id,run")
        var runs: [Int: [Int: Patient]] = [:]
        for line in lines {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(f.count, 7, String(line))
            let id = Int(f[0])!, time = Double(f[4])!, run = Int(f[6])!
            var p = runs[run]?[id] ?? Patient()
            switch (f[2], f[3]) {
            case ("arrival_departure", "arrival"): p.arrival = time
            case ("arrival_departure", "depart"): p.departed = true
            case ("queue", let event):
                XCTAssertTrue(event.hasSuffix("_wait_begins"))
                p.open[String(event.dropLast("_wait_begins".count))] = time
            case ("resource_use", let event):
                let resource = String(event.dropLast("_begins".count))
                let began = try XCTUnwrap(p.open.removeValue(forKey: resource), "a use without its queue row: \(line)")
                p.waited += time - began
                XCTAssertFalse(f[5].isEmpty, "a unit is named")
            case ("resource_use_end", _): break
            default: XCTFail("unknown event \(line)")
            }
            if !p.open.isEmpty, f[2] == "arrival_departure", f[3] == "depart" { p.unmatchedQueue = true }
            runs[run, default: [:]][id] = p
        }
        XCTAssertEqual(Set(runs.keys), [0, 1, 2])
        let results = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as! [String: Any]
        let metrics = results["metrics"] as! [String: [String: Any]]
        let warmup = (results["warmup"] as! NSNumber).doubleValue
        var waitMeans: [Double] = [], completed: [Double] = [], arrived: [Double] = []
        for run in runs.keys.sorted() {
            let counted = runs[run]!.values.filter { $0.arrival >= warmup }
            let done = counted.filter { $0.departed && !$0.unmatchedQueue }
            arrived.append(Double(counted.count))
            completed.append(Double(done.count))
            waitMeans.append(done.map(\.waited).reduce(0, +) / Double(done.count))
        }
        func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }
        XCTAssertEqual(mean(arrived), (metrics["patients.arrived"]!["mean"] as! NSNumber).doubleValue, accuracy: 1e-9)
        // Completed and departed: the run counts completions before the horizon; every departure
        // the log shows happened before it.
        XCTAssertEqual(mean(completed), (metrics["patients.completed"]!["mean"] as! NSNumber).doubleValue, accuracy: 1e-9)
        let wait = (metrics["wait.mean"]!["mean"] as! NSNumber).doubleValue
        XCTAssertEqual(mean(waitMeans), wait, accuracy: 1e-9 * wait)
    }

    func testTheLogIsTheSameOnAnyNumberOfThreads() throws {
        let dir = try temporaryFolder()
        var logs: [String] = []
        for threads in ["1", "3"] {
            let path = dir.appendingPathComponent("events-\(threads).csv").path
            let r = try simrun(["run", "scenarios/ed-fast-track.yaml", "--replications", "4", "--horizon", "1 day",
                                "--threads", threads, "--event-log", path, "--out", dir.appendingPathComponent("out-\(threads).txt").path])
            XCTAssertEqual(r.status, 0, r.stderr)
            logs.append(try String(contentsOfFile: path, encoding: .utf8))
        }
        XCTAssertEqual(logs[0], logs[1])
        XCTAssertGreaterThan(logs[0].count, 1000)
    }

    func testAnEventLogThatCannotBeWrittenIsAnErrorBeforeAnythingElseIsWritten() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("out.json").path
        let r = try simrun(["run", "scenarios/mm1.yaml", "--replications", "2", "--horizon", "1 day",
                            "--event-log", dir.appendingPathComponent("no/such/folder/events.csv").path, "--out", out])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("does not exist"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}
