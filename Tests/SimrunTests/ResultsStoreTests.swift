import CSQLite
import Foundation
import Synchronization
import XCTest

/// `simrun run --db` and `--export-csv`, read back as an analyst would.
final class ResultsStoreTests: SimrunTestCase {
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
        let e2e = SimrunProcess.self
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
        let db = dir.appendingPathComponent("p.sqlite").path
        let r = try SimrunProcess.simrun(["run", "scenarios/emergency-department.yaml", "--replications", "3", "--horizon", "3 day",
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

    /// What the hospital pays and what it bills add up to the rows of the database: every
    /// charge to a patient (per use, per bed-day at the midnight census) is in `billing` and in
    /// `revenue.total`; the wages (staffed time on `shifts`, busy time in `visits`) are
    /// `cost.total`. Each replication is checked on its own.
    func testIncomeAndCostAddUpToTheBillsAndWagesRecorded() throws {
        let file = dir.appendingPathComponent("billed.yaml").path
        try """
            name: billed ward
            run: {horizon: "6 day", warmup: 0, replications: 3, seed: 4}
            arrivals: [{name: door, rate: "3 per hour"}]
            resources:
              - name: nurse
                shifts: [{from: "07:00", to: "19:00", capacity: 2}, {from: "19:00", to: "07:00", capacity: 1}]
                cost: {staffed_per_hour: 40, per_use: 15}
              - name: doctor
                capacity: 4
                cost: {busy_per_hour: 90, per_use: 60}
              - name: bed
                capacity: 40
                cost: {per_day: 400}
            pathway:
              - {use: nurse, duration: {exponential: {mean: "10 min"}}}
              - {seize: bed}
              - {use: doctor, duration: {exponential: {mean: "30 min"}}}
              - {delay: {lognormal: {mean: "1 day", sd: "12 hour"}}}
              - {release: bed}
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("billed.sqlite").path
        let out = dir.appendingPathComponent("billed.json").path
        let r = try SimrunProcess.simrun(["run", file, "--db", db, "--patients", "--format", "json", "--out", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        let end = 6.0 * 1440
        func number(_ sql: String) -> Double { Double(query(db, sql).first?.first ?? "") ?? .nan }
        for k in 0..<3 {
            func metric(_ name: String) -> Double { number("SELECT value FROM metrics WHERE replication = \(k) AND name = '\(name)'") }
            let bills = number("SELECT sum(charge) FROM billing WHERE replication = \(k)")
            XCTAssertEqual(metric("revenue.total"), bills, accuracy: 1e-6 * bills, "replication \(k): income is the bills")
            let bedDays = number("SELECT sum(charge) FROM billing WHERE replication = \(k) AND resource = 'bed'") / 400
            XCTAssertGreaterThan(bedDays, 100, "the midnight census charged bed-days")
            XCTAssertEqual(bedDays, bedDays.rounded(), "whole bed-days only")
            let nurseHours = number("SELECT sum(off_shift - on_shift) FROM shifts WHERE replication = \(k) AND resource = 'nurse'") / 60
            let doctorHours = number("SELECT sum(coalesce(ended, \(end)) - started) FROM visits WHERE replication = \(k) AND resource = 'doctor' AND started IS NOT NULL") / 60
            let wages = 40 * nurseHours + 90 * doctorHours
            XCTAssertEqual(metric("cost.total"), wages, accuracy: 1e-6 * wages, "replication \(k): the cost is the wages")
            // A completed patient's bill: its charges, whatever resource made them.
            let billMean = number("""
                SELECT avg(total) FROM (SELECT coalesce(sum(b.charge), 0) AS total FROM patients p LEFT JOIN billing b
                  ON b.run_id = p.run_id AND b.replication = p.replication AND b.patient = p.id
                  WHERE p.replication = \(k) AND p.outcome = 'completed' GROUP BY p.id)
                """)
            XCTAssertEqual(metric("bill.mean"), billMean, accuracy: 1e-9 * billMean, "replication \(k)")
        }
    }

    /// The warm-up flag, treatment starts and the shifts table reproduce the metrics: target
    /// attainment per class, and each resource's utilisation as busy time over time on shift.
    func testShiftsTreatmentStartsAndWarmupReproduceTheMetrics() throws {
        let db = dir.appendingPathComponent("s.sqlite").path
        let reps = 3
        let r = try SimrunProcess.simrun(["run", "scenarios/emergency-department.yaml", "--replications", "\(reps)", "--horizon", "4 day",
                                          "--warmup", "2 day", "--db", db, "--patients", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let metrics = try XCTUnwrap(doc["metrics"] as? [String: [String: Any]])
        func metric(_ name: String) -> Double { (metrics[name]?["mean"] as? NSNumber)?.doubleValue ?? .nan }
        let warmup = 2.0 * 1440, end = warmup + 4 * 1440
        XCTAssertEqual(query(db, "SELECT count(*) FROM patients WHERE warmup != (arrival < \(warmup))"), [["0"]])
        XCTAssertEqual(query(db, "SELECT count(*) FROM patients WHERE treatment_started < arrival OR treatment_started > departure"), [["0"]])
        // Targets (from the scenario file): met when treatment starts within them; reneging before
        // treatment counts as missed.
        for (name, target) in [("resus", 10.0), ("emergent", 15.0), ("urgent", 60.0), ("minor", 120.0)] {
            let rows = query(db, """
                SELECT replication, sum(treatment_started - arrival <= \(target) + 1e-9),
                       sum(treatment_started IS NOT NULL OR outcome = 'reneged')
                FROM patients WHERE class = '\(name)' AND warmup = 0 GROUP BY replication
                """)
            XCTAssertEqual(rows.count, reps)
            let fraction = rows.map { Double($0[1])! / Double($0[2])! }.reduce(0, +) / Double(reps)
            XCTAssertEqual(fraction, metric("class.\(name).target_met.fraction"), accuracy: 1e-9, name)
        }
        // Busy time from the visits over time on shift from the shifts table, after warm-up.
        for resource in ["doctor", "triage_nurse"] {
            let rows = query(db, """
                SELECT b.replication, b.busy / s.staffed FROM
                  (SELECT replication, sum(max(0, min(coalesce(ended, \(end)), \(end)) - max(started, \(warmup)))) AS busy
                   FROM visits WHERE resource = '\(resource)' AND started IS NOT NULL GROUP BY replication) b
                JOIN (SELECT replication, sum(max(0, min(off_shift, \(end)) - max(on_shift, \(warmup)))) AS staffed
                   FROM shifts WHERE resource = '\(resource)' GROUP BY replication) s USING (replication)
                """)
            XCTAssertEqual(rows.count, reps, resource)
            let utilization = rows.map { Double($0[1])! }.reduce(0, +) / Double(reps)
            XCTAssertEqual(utilization, metric("resource.\(resource).utilization"), accuracy: 1e-9, resource)
        }
        XCTAssertEqual(query(db, "SELECT count(*) FROM shifts WHERE off_shift < on_shift"), [["0"]])
        XCTAssertEqual(query(db, "PRAGMA user_version"), [["6"]])
        // Every treated patient of the run is in the treatments histogram.
        let treated = query(db, "SELECT count(*) FROM patients WHERE run_id = 1 AND warmup = 0 AND treatment_started IS NOT NULL")
        XCTAssertEqual(query(db, "SELECT sum(count) FROM treatments WHERE run_id = 1"), treated)
        let plan = query(db, "EXPLAIN QUERY PLAN SELECT * FROM visits WHERE run_id = 1 AND replication = 0 AND patient = 7")
        XCTAssertTrue(plan.contains { $0.last?.contains("visits_by_patient") == true }, "\(plan)")
    }

    /// A database of the first schema (no user_version) is migrated in place, keeping its runs;
    /// one of another program's schema, a newer one and a file that is not SQLite are refused
    /// before anything is written.
    func testSchemaVersionsMigrationAndForeignDatabases() throws {
        func exec(_ path: String, _ sql: String) {
            var db: OpaquePointer?
            XCTAssertEqual(sqlite3_open(path, &db), SQLITE_OK)
            XCTAssertEqual(sqlite3_exec(db, sql, nil, nil, nil), SQLITE_OK, String(cString: sqlite3_errmsg(db)))
            sqlite3_close(db)
        }
        let quick = ["run", "scenarios/mm1.yaml", "--replications", "2", "--horizon", "1 day"]
        // The first schema, frozen here as it was written by earlier simruns.
        let old = dir.appendingPathComponent("v1.sqlite").path
        exec(old, """
            CREATE TABLE runs (id INTEGER PRIMARY KEY, scenario TEXT NOT NULL, file TEXT NOT NULL, file_hash TEXT NOT NULL,
              seed INTEGER NOT NULL, policy TEXT NOT NULL, replications INTEGER NOT NULL, horizon REAL NOT NULL, warmup REAL NOT NULL,
              time_unit TEXT NOT NULL, settings TEXT NOT NULL, created_at TEXT NOT NULL);
            CREATE TABLE replications (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, replication INTEGER NOT NULL,
              events INTEGER NOT NULL, PRIMARY KEY (run_id, replication));
            CREATE TABLE metrics (run_id INTEGER NOT NULL, replication INTEGER NOT NULL, name TEXT NOT NULL, value REAL,
              PRIMARY KEY (run_id, replication, name), FOREIGN KEY (run_id, replication) REFERENCES replications(run_id, replication) ON DELETE CASCADE);
            CREATE TABLE patients (run_id INTEGER NOT NULL, replication INTEGER NOT NULL, id INTEGER NOT NULL, class TEXT NOT NULL,
              arrival REAL NOT NULL, outcome TEXT NOT NULL CHECK (outcome IN ('completed', 'reneged', 'blocked', 'in_system')), departure REAL,
              PRIMARY KEY (run_id, replication, id), FOREIGN KEY (run_id, replication) REFERENCES replications(run_id, replication) ON DELETE CASCADE);
            CREATE TABLE visits (run_id INTEGER NOT NULL, replication INTEGER NOT NULL, patient INTEGER NOT NULL, step INTEGER NOT NULL,
              resource TEXT NOT NULL, unit INTEGER, queued REAL NOT NULL, started REAL, ended REAL,
              FOREIGN KEY (run_id, replication, patient) REFERENCES patients(run_id, replication, id) ON DELETE CASCADE);
            CREATE TABLE billing (run_id INTEGER NOT NULL, replication INTEGER NOT NULL, patient INTEGER NOT NULL, resource TEXT NOT NULL,
              charge REAL NOT NULL, PRIMARY KEY (run_id, replication, patient, resource),
              FOREIGN KEY (run_id, replication, patient) REFERENCES patients(run_id, replication, id) ON DELETE CASCADE);
            INSERT INTO runs VALUES (1, 'old', 'old.yaml', 'ab', 1, 'fifo', 1, 10, 0, 'minute', '', '2026-01-01');
            INSERT INTO replications VALUES (1, 0, 5);
            INSERT INTO patients VALUES (1, 0, 1, 'all', 0.5, 'completed', 2.5);
            INSERT INTO visits VALUES (1, 0, 1, 0, 'clinician', 1, 0.5, 0.75, 2.5);
            INSERT INTO billing VALUES (1, 0, 1, 'clinician', 10);
            """)
        let migrated = try SimrunProcess.simrun(quick + ["--db", old, "--patients"])
        XCTAssertEqual(migrated.status, 0, migrated.stderr)
        XCTAssertEqual(query(old, "PRAGMA user_version"), [["6"]])
        XCTAssertEqual(query(old, "SELECT id, scenario, model_version IS NULL FROM runs ORDER BY id"),
                       [["1", "old", "1"], ["2", "M/M/1 teaching queue", "0"]])
        XCTAssertEqual(query(old, "SELECT warmup, treatment_started FROM patients WHERE run_id = 1"), [["NULL", "NULL"]])
        // Rebuilding `patients` for version 4 (outcome 'left') keeps the rows that refer to it.
        XCTAssertEqual(query(old, "SELECT count(*) FROM visits WHERE run_id = 1"), [["1"]])
        XCTAssertEqual(query(old, "SELECT charge FROM billing WHERE run_id = 1"), [["10.0"]])
        XCTAssertEqual(query(old, "PRAGMA foreign_key_check"), [])
        exec(old, "INSERT INTO patients VALUES (1, 0, 2, 'all', 0.7, 'left', 3.5, 0, NULL)")
        XCTAssertGreaterThan(Int(query(old, "SELECT count(*) FROM shifts WHERE run_id = 2")[0][0])!, 0)

        let out = dir.appendingPathComponent("out.txt").path
        let foreign = dir.appendingPathComponent("foreign.sqlite").path
        exec(foreign, "CREATE TABLE runs (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO runs VALUES (1, 'mine');")
        let newer = dir.appendingPathComponent("newer.sqlite").path
        exec(newer, "PRAGMA user_version = 7; CREATE TABLE runs (id INTEGER);")
        let junk = dir.appendingPathComponent("junk.sqlite").path
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).write(to: URL(fileURLWithPath: junk))
        for (path, words) in [(foreign, "is not a hospsim results database"), (newer, "schema version 7"), (junk, "not a SQLite database")] {
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let r = try SimrunProcess.simrun(quick + ["--db", path, "--out", out])
            XCTAssertEqual(r.status, 2, path)
            XCTAssertTrue(r.stderr.contains(words), r.stderr)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before, "\(path) is untouched")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out), "refused before running")
            let report = try SimrunProcess.simrun(["report", path, "-o", dir.appendingPathComponent("r.html").path])
            XCTAssertEqual(report.status, 2)
        }
        XCTAssertEqual(query(foreign, "SELECT name FROM sqlite_master WHERE type = 'table'"), [["runs"]])
    }

    /// Two simruns writing large runs into one database at once: both land, nothing is lost.
    func testConcurrentWritersBothLand() throws {
        let db = dir.appendingPathComponent("shared.sqlite").path
        let outcomes = Mutex<[SimrunProcess.Outcome]>([])
        DispatchQueue.concurrentPerform(iterations: 3) { k in
            let r = try? SimrunProcess.simrun(["run", "scenarios/emergency-department.yaml", "--replications", "6", "--horizon", "7 day",
                                               "--seed", "\(k + 1)", "--threads", "1", "--db", db, "--patients", "--format", "csv"])
            if let r { outcomes.withLock { $0.append(r) } }
        }
        let all = outcomes.withLock { $0 }
        XCTAssertEqual(all.count, 3)
        for r in all { XCTAssertEqual(r.status, 0, r.stderr) }
        XCTAssertEqual(query(db, "SELECT count(*), count(DISTINCT seed) FROM runs"), [["3", "3"]])
        XCTAssertEqual(query(db, "SELECT count(DISTINCT run_id) FROM visits"), [["3"]])
        XCTAssertEqual(query(db, "PRAGMA foreign_key_check"), [])
    }

    /// A run of more rows than one transaction takes (here about 310,000 patients and visits) is
    /// written in batches, so that other writers wait a batch, not the whole write; it is marked
    /// complete only with its last batch, and readers take complete runs only.
    func testLargeRunsAreWrittenInBatchesAndReadOnlyWhenComplete() throws {
        let db = dir.appendingPathComponent("batches.sqlite").path
        let r = try simrun(["run", "scenarios/mm1.yaml", "--replications", "1", "--horizon", "120 day", "--warmup", "0",
                            "--db", db, "--patients", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = Int(query(db, "SELECT (SELECT count(*) FROM patients) + (SELECT count(*) FROM visits)").first?.first ?? "") ?? 0
        XCTAssertGreaterThan(rows, 250_000, "more than one batch")
        XCTAssertEqual(query(db, "SELECT id, complete FROM runs"), [["1", "1"]])
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let arrived = (((doc["metrics"] as? [String: Any])?["patients.arrived"] as? [String: Any])?["mean"] as? NSNumber)?.intValue
        XCTAssertEqual(query(db, "SELECT count(*) FROM patients").first?.first, arrived.map(String.init))

        // A second run left incomplete (its writer killed between batches): skipped, refused by id.
        XCTAssertEqual(try simrun(["run", "scenarios/mm1.yaml", "--replications", "2", "--horizon", "1 day", "--db", db]).status, 0)
        var handle: OpaquePointer?
        XCTAssertEqual(sqlite3_open(db, &handle), SQLITE_OK)
        XCTAssertEqual(sqlite3_exec(handle, "UPDATE runs SET complete = 0 WHERE id = 2", nil, nil, nil), SQLITE_OK)
        sqlite3_close(handle)
        let html = dir.appendingPathComponent("r.html").path
        let latest = try simrun(["report", db, "-o", html])
        XCTAssertEqual(latest.status, 0, latest.stderr)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        XCTAssertTrue(page.contains("1 replication") && !page.contains("1 replications"), "the latest complete run, of one replication")
        let refused = try simrun(["report", db, "--run-id", "2", "-o", html])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("run 2 is not complete"), refused.stderr)
    }

    /// When the database cannot take the run after it has been simulated, the results still go to
    /// the output, and the error says so.
    func testAFailedDatabaseWriteKeepsTheResults() throws {
        let db = dir.appendingPathComponent("r.sqlite").path
        let first = try SimrunProcess.simrun(["run", "scenarios/mm1.yaml", "--replications", "2", "--horizon", "100", "--db", db])
        XCTAssertEqual(first.status, 0, first.stderr)
        // A trigger that refuses every run stands for any failure at write time (a full disk, say).
        var handle: OpaquePointer?
        XCTAssertEqual(sqlite3_open(db, &handle), SQLITE_OK)
        XCTAssertEqual(sqlite3_exec(handle, "CREATE TRIGGER no_runs BEFORE INSERT ON runs BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END;",
                                    nil, nil, nil), SQLITE_OK)
        sqlite3_close(handle)
        let out = dir.appendingPathComponent("out.csv").path
        let r = try SimrunProcess.simrun(["run", "scenarios/mm1.yaml", "--replications", "2", "--horizon", "100", "--db", db, "--out", out, "--format", "csv"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("disk full (simulated)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("written to \(out) but not stored"), r.stderr)
        XCTAssertTrue(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("metric,"), "the results are kept")
    }
}
