import CSQLite
import Foundation
import PostgresTestSupport
import XCTest

/// `--db postgresql://...`: the same tables, row for row, as the SQLite file, for every command
/// that stores runs, and `report` reads them back; a server that is not there is refused before
/// any work, with nothing written.
final class ResultsStorePostgresTests: SimrunTestCase {
    func sqlite(_ path: String, _ sql: String) -> [[String?]] {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { return [] }
        defer { sqlite3_close(db) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { return [] }
        defer { sqlite3_finalize(statement) }
        var rows: [[String?]] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            rows.append((0..<sqlite3_column_count(statement)).map { i in
                sqlite3_column_type(statement, i) == SQLITE_NULL ? nil : sqlite3_column_text(statement, i).map { String(cString: $0) }
            })
        }
        return rows
    }

    /// Two cells agree: the same text, or numbers equal to the last bit SQLite prints (15 digits).
    func same(_ a: String?, _ b: String?) -> Bool {
        if a == b { return true }
        guard let a, let b, let x = Double(a), let y = Double(b) else { return false }
        return abs(x - y) <= 1e-13 * max(1, abs(x))
    }

    func testEveryTableHoldsWhatTheSQLiteFileHolds() throws {
        let server = try PostgresTestServer()
        defer { server.stop() }
        let url = try server.database("results")
        let file = dir.appendingPathComponent("r.sqlite").path
        let args = ["run", "scenarios/emergency-department.yaml", "--replications", "2", "--horizon", "2 day", "--patients", "--format", "json"]
        let toPostgres = try simrun(args + ["--db", url])
        XCTAssertEqual(toPostgres.status, 0, toPostgres.stderr)
        XCTAssertTrue(toPostgres.stderr.contains("run 1 written (2 replications)"), toPostgres.stderr)
        let toFile = try simrun(args + ["--db", file])
        XCTAssertEqual(toFile.stdout, toPostgres.stdout, "storing does not change the results")

        let tables: [(String, String)] = [
            ("runs", "scenario, file, file_hash, scenario_hash, model_version, seed, policy, replications, horizon, warmup, time_unit, theory, complete"),
            ("replications", "replication, events"), ("metrics", "replication, name, value"),
            ("profiles", "replication, name, hour, value"), ("classes", "name, target"),
            ("waits", "replication, class, bucket, upper, count"), ("treatments", "replication, class, bucket, upper, count"),
            ("patients", "replication, id, class, arrival, outcome, departure, warmup, treatment_started"),
            ("visits", "replication, patient, step, resource, unit, queued, started, ended"),
            ("billing", "replication, patient, resource, charge"), ("shifts", "replication, resource, unit, on_shift, off_shift"),
        ]
        var cells = 0
        for (table, columns) in tables {
            let order = columns.split(separator: ",").indices.map { "\($0 + 1) NULLS FIRST" }.joined(separator: ", ")
            let sql = "SELECT \(columns) FROM \(table) ORDER BY \(order)"
            let fromPostgres = try server.query(url, sql), fromFile = sqlite(file, sql)
            XCTAssertEqual(fromPostgres.count, fromFile.count, table)
            if table != "runs" && table != "classes" { XCTAssertGreaterThan(fromFile.count, 0, table) }
            for (p, f) in zip(fromPostgres, fromFile) {
                for (a, b) in zip(p, f) where !same(a, b) {
                    XCTFail("\(table): \(a ?? "NULL") in PostgreSQL, \(b ?? "NULL") in SQLite (row \(f))")
                    return
                }
                cells += p.count
            }
        }
        XCTAssertGreaterThan(cells, 10_000)

        // The report from either database is the same page.
        let fromPostgres = dir.appendingPathComponent("p.html").path, fromSQLite = dir.appendingPathComponent("s.html").path
        XCTAssertEqual(try simrun(["report", url, "-o", fromPostgres]).status, 0)
        XCTAssertEqual(try simrun(["report", file, "-o", fromSQLite]).status, 0)
        XCTAssertEqual(try String(contentsOfFile: fromPostgres, encoding: .utf8), try String(contentsOfFile: fromSQLite, encoding: .utf8))

        // compare, sweep and optimize store there too, a run per variant or point.
        XCTAssertEqual(try simrun(["compare", "scenarios/mm1.yaml", "--replications", "2", "--horizon", "1 day",
                                   "--policy", "fifo", "--policy", "priority", "--db", url]).status, 0)
        XCTAssertEqual(try server.query(url, "SELECT policy FROM runs WHERE id > 1 ORDER BY id"), [["fifo"], ["priority"]])
        let sweep = try simrun(["sweep", "scenarios/mm1.yaml", "--replications", "2", "--horizon", "1 day",
                                "--set", "resources.server.capacity=1,2", "--metric", "wait.mean", "--db", url])
        XCTAssertEqual(sweep.status, 0, sweep.stderr)
        XCTAssertEqual(try server.query(url, "SELECT count(*) FROM runs"), [["5"]])
    }

    func testAServerThatIsNotThereIsRefusedBeforeAnyWork() throws {
        let out = dir.appendingPathComponent("out.json").path
        let r = try simrun(["run", "scenarios/mm1.yaml", "--replications", "2", "--horizon", "1 day",
                            "--db", "postgresql://ward:s3cret@127.0.0.1:1/results", "--out", out])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("cannot connect to PostgreSQL"), r.stderr)
        XCTAssertFalse(r.stderr.contains("s3cret"), "the password is not shown")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        let report = try simrun(["report", "postgresql://ward:s3cret@127.0.0.1:1/results", "-o", dir.appendingPathComponent("r.html").path])
        XCTAssertEqual(report.status, 2)
        XCTAssertFalse(report.stderr.contains("s3cret"), report.stderr)
    }
}
