import CSQLite
import Foundation
import XCTest

/// `simrun run --db` and `--export-csv`, read back as an analyst would.
final class ResultsDatabaseTests: XCTestCase {
    func query(_ path: String, _ sql: String) -> [[String]] {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { return [] }
        defer { sqlite3_close(db) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { return [] }
        defer { sqlite3_finalize(statement) }
        var rows: [[String]] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            rows.append((0..<sqlite3_column_count(statement)).map { i in
                sqlite3_column_text(statement, i).map { String(cString: $0) } ?? "NULL"
            })
        }
        return rows
    }

    func testRunsAccumulateInOneDatabaseWithEnforcedKeys() throws {
        let e2e = EndToEndTests.self
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-db-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("results.sqlite").path
        let csv = dir.appendingPathComponent("csv").path
        let first = try e2e.simrun(["run", "scenarios/mm1.yaml", "--replications", "3", "--horizon", "1 day", "--db", db, "--export-csv", csv, "--format", "json"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try e2e.simrun(["run", "scenarios/erlang-loss.yaml", "--replications", "4", "--horizon", "10 day", "--db", db]).status, 0)

        XCTAssertEqual(query(db, "SELECT id, scenario, replications FROM runs ORDER BY id"),
                       [["1", "M/M/1 teaching queue", "3"], ["2", "Erlang loss, eight beds", "4"]])
        XCTAssertEqual(query(db, "SELECT count(*) FROM replications"), [["7"]])
        // Every metric of the JSON document, once per replication, with the same mean.
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let metrics = try XCTUnwrap(doc["metrics"] as? [String: [String: Any]])
        XCTAssertEqual(query(db, "SELECT count(*) FROM metrics WHERE run_id = 1"), [["\(metrics.count * 3)"]])
        let rows = query(db, "SELECT avg(value) FROM metrics WHERE run_id = 1 AND name = 'wait.mean'")
        let mean: Double = Double(rows[0][0]) ?? .nan
        let waitSummary: [String: Any] = metrics["wait.mean"] ?? [:]
        let documented: Double = waitSummary["mean"] as? Double ?? .nan
        XCTAssertEqual(mean, documented, accuracy: 1e-9)
        XCTAssertEqual(query(db, "PRAGMA foreign_key_list(metrics)").count, 2)

        // The CSV tables hold the same rows.
        let lines = try String(contentsOfFile: csv + "/metrics.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "replication,name,value")
        XCTAssertEqual(lines.count - 1, metrics.count * 3)
        XCTAssertTrue(try String(contentsOfFile: csv + "/runs.csv", encoding: .utf8).contains("M/M/1 teaching queue"))

        // A comparison adds one run per variant, labelled by its policy.
        XCTAssertEqual(try e2e.simrun(["compare", "scenarios/mm1.yaml", "--replications", "2", "--horizon", "1 day",
                                       "--policy", "fifo", "--policy", "priority", "--db", db]).status, 0)
        XCTAssertEqual(query(db, "SELECT id, policy FROM runs WHERE id > 2 ORDER BY id"), [["3", "fifo"], ["4", "priority"]])

        // A database that cannot be written: exit 2 and no other output.
        let out = dir.appendingPathComponent("out.json").path
        let bad = try e2e.simrun(["run", "scenarios/mm1.yaml", "--replications", "2", "--horizon", "1 day", "--db", dir.path, "--out", out])
        XCTAssertEqual(bad.status, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    /// Patient-level tables agree with the metrics and with the model's rules.
    func testPatientTablesAgreeWithTheMetrics() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-db-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("p.sqlite").path
        let r = try EndToEndTests.simrun(["run", "scenarios/emergency-department.yaml", "--replications", "3", "--horizon", "3 day",
                                          "--db", db, "--patients", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let metrics = try XCTUnwrap(doc["metrics"] as? [String: [String: Any]])
        func metric(_ name: String) -> Double { (metrics[name]?["mean"] as? NSNumber)?.doubleValue ?? .nan }
        let warmup = 3.0 * 1440, end = warmup + 3 * 1440
        // Patients arriving after warm-up who completed before the end: patients.completed.
        let completed = Double(query(db, "SELECT count(*) FROM patients WHERE arrival >= \(warmup) AND outcome = 'completed' AND departure <= \(end)")[0][0])!
        XCTAssertEqual(completed / 3, metric("patients.completed"), accuracy: 1e-9)
        let reneged = Double(query(db, "SELECT count(*) FROM patients WHERE arrival >= \(warmup) AND outcome = 'reneged'")[0][0])!
        XCTAssertEqual(reneged / 3, metric("patients.reneged"), accuracy: 1e-9)
        // Visits are ordered in time, and units stay within capacity (5 doctors, 80 beds).
        XCTAssertEqual(query(db, "SELECT count(*) FROM visits WHERE started < queued OR ended < started"), [["0"]])
        XCTAssertEqual(query(db, "SELECT max(unit) FROM visits WHERE resource = 'doctor'"), [["5"]])
        XCTAssertLessThanOrEqual(Int(query(db, "SELECT max(unit) FROM visits WHERE resource = 'ward_bed'")[0][0])!, 80)
        // The doctor charges 35 per use, so each bill is 35 times the patient's doctor visits.
        XCTAssertEqual(query(db, """
            SELECT count(*) FROM billing b WHERE resource = 'doctor' AND abs(charge - 35 * (SELECT count(*) FROM visits v
              WHERE v.run_id = b.run_id AND v.replication = b.replication AND v.patient = b.patient
              AND v.resource = 'doctor' AND v.started IS NOT NULL)) > 1e-9
            """), [["0"]])
        XCTAssertEqual(query(db, "PRAGMA foreign_key_check"), [])
    }
}
