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

        // A database that cannot be written: exit 2 and no other output.
        let out = dir.appendingPathComponent("out.json").path
        let bad = try e2e.simrun(["run", "scenarios/mm1.yaml", "--replications", "2", "--horizon", "1 day", "--db", dir.path, "--out", out])
        XCTAssertEqual(bad.status, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}
