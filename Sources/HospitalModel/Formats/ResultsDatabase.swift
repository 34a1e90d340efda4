import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import CSQLite
import Foundation
import SimKernel

/// A SQLite file that accumulates runs: `runs` (what was run, with which file and settings),
/// `replications` and `metrics` (one row per metric and replication), `profiles` (hour-of-day
/// values), `classes` (targets) and `waits` (each class's waits as a histogram), and with `--patients`
/// `patients`, `visits`, `billing` and `shifts`. Foreign keys are enforced, and each write is one
/// transaction, so a failed or interrupted write leaves nothing half written.
///
/// The schema has a version (`PRAGMA user_version`); a database of the previous version is
/// migrated in place, and a file of any other schema is refused before anything is written.
/// A database busy with another writer is waited on for up to `busyTimeout` seconds.
///
/// ```sh
/// simrun run scenarios/mm1.yaml --db results.sqlite
/// sqlite3 results.sqlite "select name, avg(value) from metrics where run_id = 1 group by name"
/// ```
public final class ResultsDatabase: ResultsWriter {
    let db: OpaquePointer
    public let path: String

    /// Version 1 was the first schema (written with user_version 0); version 2 adds the model
    /// version and scenario hash of runs, the warm-up flag and treatment start of patients,
    /// `shifts`, and indexes; version 3 adds `profiles`, `classes`, `waits` and the theory of runs,
    /// so that a report from the database has everything one from the results document has;
    /// version 4 lets a patient's outcome be `left` (by a `leave` step); version 5 adds
    /// `treatments` (each class's times from arrival to the start of treatment, as `waits`);
    /// version 6 adds `runs.complete`, 0 while a run's rows are still being written in batches.
    public static let schemaVersion: Int32 = 6
    /// Rows per transaction: a run of millions of patients is written in short transactions
    /// (about 0.8 s each), so that another writer waits about a second, not the whole write.
    public static let rowsPerTransaction = 250_000
    /// The pause after each batch: longer than the 100 ms SQLite's busy handler sleeps between
    /// tries, so that a waiting writer finds the lock free (an immediate BEGIN would starve it).
    static let pauseBetweenBatches: UInt32 = 120_000
    /// Long enough for another simrun to write the largest run (millions of visits).
    public static let busyTimeout: Int32 = 900

    static let tablesV1: [(name: String, sql: String)] = [
        ("runs", """
            CREATE TABLE runs (
                id INTEGER PRIMARY KEY,
                scenario TEXT NOT NULL,
                file TEXT NOT NULL,
                file_hash TEXT NOT NULL,
                seed INTEGER NOT NULL,
                policy TEXT NOT NULL,
                replications INTEGER NOT NULL,
                horizon REAL NOT NULL,
                warmup REAL NOT NULL,
                time_unit TEXT NOT NULL,
                settings TEXT NOT NULL,
                created_at TEXT NOT NULL
            );
            """),
        ("replications", """
            CREATE TABLE replications (
                run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                replication INTEGER NOT NULL,
                events INTEGER NOT NULL,
                PRIMARY KEY (run_id, replication)
            );
            """),
        ("metrics", """
            CREATE TABLE metrics (
                run_id INTEGER NOT NULL,
                replication INTEGER NOT NULL,
                name TEXT NOT NULL,
                value REAL,
                PRIMARY KEY (run_id, replication, name),
                FOREIGN KEY (run_id, replication) REFERENCES replications(run_id, replication) ON DELETE CASCADE
            );
            """),
        ("patients", """
            CREATE TABLE patients (
                run_id INTEGER NOT NULL,
                replication INTEGER NOT NULL,
                id INTEGER NOT NULL,
                class TEXT NOT NULL,
                arrival REAL NOT NULL,
                outcome TEXT NOT NULL CHECK (outcome IN ('completed', 'reneged', 'blocked', 'in_system')),
                departure REAL,
                PRIMARY KEY (run_id, replication, id),
                FOREIGN KEY (run_id, replication) REFERENCES replications(run_id, replication) ON DELETE CASCADE
            );
            """),
        ("visits", """
            CREATE TABLE visits (
                run_id INTEGER NOT NULL,
                replication INTEGER NOT NULL,
                patient INTEGER NOT NULL,
                step INTEGER NOT NULL,
                resource TEXT NOT NULL,
                unit INTEGER,
                queued REAL NOT NULL,
                started REAL,
                ended REAL,
                FOREIGN KEY (run_id, replication, patient) REFERENCES patients(run_id, replication, id) ON DELETE CASCADE
            );
            """),
        ("billing", """
            CREATE TABLE billing (
                run_id INTEGER NOT NULL,
                replication INTEGER NOT NULL,
                patient INTEGER NOT NULL,
                resource TEXT NOT NULL,
                charge REAL NOT NULL,
                PRIMARY KEY (run_id, replication, patient, resource),
                FOREIGN KEY (run_id, replication, patient) REFERENCES patients(run_id, replication, id) ON DELETE CASCADE
            );
            """),
    ]

    /// From version 1 to 2. Rows written before it have NULL in the new columns (not recorded).
    static let migrationToV2 = """
        ALTER TABLE runs ADD COLUMN scenario_hash TEXT;
        ALTER TABLE runs ADD COLUMN model_version INTEGER;
        ALTER TABLE patients ADD COLUMN warmup INTEGER CHECK (warmup IN (0, 1));
        ALTER TABLE patients ADD COLUMN treatment_started REAL;
        CREATE TABLE shifts (
            run_id INTEGER NOT NULL,
            replication INTEGER NOT NULL,
            resource TEXT NOT NULL,
            unit INTEGER NOT NULL,
            on_shift REAL NOT NULL,
            off_shift REAL NOT NULL,
            FOREIGN KEY (run_id, replication) REFERENCES replications(run_id, replication) ON DELETE CASCADE
        );
        CREATE INDEX visits_by_patient ON visits (run_id, replication, patient);
        CREATE INDEX visits_by_resource ON visits (run_id, resource, unit);
        CREATE INDEX billing_by_resource ON billing (run_id, resource);
        CREATE INDEX shifts_by_unit ON shifts (run_id, resource, unit);
        CREATE INDEX metrics_by_name ON metrics (name, run_id);
        CREATE INDEX runs_by_scenario ON runs (scenario, created_at);
        PRAGMA user_version = 2;
        """

    /// From version 2 to 3. Runs written before it have no rows in the new tables.
    static let migrationToV3 = """
        ALTER TABLE runs ADD COLUMN theory TEXT;
        CREATE TABLE profiles (
            run_id INTEGER NOT NULL,
            replication INTEGER NOT NULL,
            name TEXT NOT NULL,
            hour INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
            value REAL,
            PRIMARY KEY (run_id, replication, name, hour),
            FOREIGN KEY (run_id, replication) REFERENCES replications(run_id, replication) ON DELETE CASCADE
        );
        CREATE TABLE classes (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            target REAL,
            PRIMARY KEY (run_id, name)
        );
        CREATE TABLE waits (
            run_id INTEGER NOT NULL,
            replication INTEGER NOT NULL,
            class TEXT NOT NULL,
            bucket INTEGER,
            upper REAL NOT NULL,
            count INTEGER NOT NULL,
            FOREIGN KEY (run_id, replication) REFERENCES replications(run_id, replication) ON DELETE CASCADE
        );
        CREATE INDEX waits_by_class ON waits (run_id, class);
        PRAGMA user_version = 3;
        """

    /// From version 3 to 4: SQLite cannot change a CHECK constraint, so `patients` is copied
    /// into a new table (foreign keys are off while the schema changes, so nothing cascades).
    static let migrationToV4 = """
        CREATE TABLE patients_v4 (
            run_id INTEGER NOT NULL,
            replication INTEGER NOT NULL,
            id INTEGER NOT NULL,
            class TEXT NOT NULL,
            arrival REAL NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('completed', 'left', 'reneged', 'blocked', 'in_system')),
            departure REAL,
            warmup INTEGER CHECK (warmup IN (0, 1)),
            treatment_started REAL,
            PRIMARY KEY (run_id, replication, id),
            FOREIGN KEY (run_id, replication) REFERENCES replications(run_id, replication) ON DELETE CASCADE
        );
        INSERT INTO patients_v4 SELECT run_id, replication, id, class, arrival, outcome, departure, warmup, treatment_started FROM patients;
        DROP TABLE patients;
        ALTER TABLE patients_v4 RENAME TO patients;
        PRAGMA user_version = 4;
        """

    /// From version 5 to 6: whether a run is whole (its last batch committed).
    static let migrationToV6 = """
        ALTER TABLE runs ADD COLUMN complete INTEGER NOT NULL DEFAULT 1;
        PRAGMA user_version = 6;
        """

    /// From version 4 to 5: a new table.
    static let migrationToV5 = """
        CREATE TABLE treatments (
            run_id INTEGER NOT NULL,
            replication INTEGER NOT NULL,
            class TEXT NOT NULL,
            bucket INTEGER,
            upper REAL NOT NULL,
            count INTEGER NOT NULL,
            FOREIGN KEY (run_id, replication) REFERENCES replications(run_id, replication) ON DELETE CASCADE
        );
        CREATE INDEX treatments_by_class ON treatments (run_id, class);
        PRAGMA user_version = 5;
        """

    /// The tables of the current schema and their columns, to recognise a database as ours.
    static let tableNames: Set<String> = ["runs", "replications", "metrics", "patients", "visits", "billing", "shifts",
                                          "profiles", "classes", "waits", "treatments"]
    static let tablesV2: Set<String> = ["runs", "replications", "metrics", "patients", "visits", "billing", "shifts"]

    /// Opens (or creates) the database at `path` and brings its schema to the current version.
    /// A file that is not SQLite, or a database of another schema, is refused unchanged.
    public init(path: String) throws(DatabaseError) {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw DatabaseError(message: "\(path): \(message)")
        }
        db = handle
        self.path = path
        sqlite3_busy_timeout(db, Self.busyTimeout * 1000)
        // Off while the schema is created or migrated (a table rebuilt must not cascade), then on.
        try exec("PRAGMA foreign_keys = OFF")
        try prepareSchema()
        try exec("PRAGMA foreign_keys = ON")
    }

    deinit { sqlite3_close(db) }

    public var location: String { path }

    /// Creates or migrates the schema in one transaction, after checking the file is ours.
    func prepareSchema() throws(DatabaseError) {
        // Take the write lock first, so that two simruns creating one database do not race.
        try exec("BEGIN IMMEDIATE")
        do throws(DatabaseError) {
            let version = try integer("PRAGMA user_version")
            let tables = try texts("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            switch version {
            case 0 where tables.isEmpty:
                try exec(Self.tablesV1.map(\.sql).joined(separator: "\n") + Self.migrationToV2 + Self.migrationToV3 + Self.migrationToV4 + Self.migrationToV5 + Self.migrationToV6)
            case 0:
                let v1 = Self.tablesV2.subtracting(["shifts"])
                guard Set(tables).isSubset(of: v1), tables.contains("runs"),
                      try columns(of: "runs").isSuperset(of: ["scenario", "file_hash", "seed", "policy"]) else {
                    throw DatabaseError(message: "\(path) is not a hospsim results database (it holds the tables "
                        + "\(tables.sorted().prefix(6).joined(separator: ", "))\(tables.count > 6 ? ", …" : "")); name a new file, "
                        + "or one written by simrun --db (tables \(Self.tableNames.sorted().joined(separator: ", ")))")
                }
                // Version 1 created every table at once; tolerate one made by hand without some.
                try exec(Self.tablesV1.filter { !tables.contains($0.name) }.map(\.sql).joined(separator: "\n") + Self.migrationToV2
                         + Self.migrationToV3 + Self.migrationToV4 + Self.migrationToV5 + Self.migrationToV6)
            case 2:
                let missing = Self.tablesV2.subtracting(tables)
                guard missing.isEmpty else {
                    throw DatabaseError(message: "\(path) has schema version 2 but lacks the tables \(missing.sorted().joined(separator: ", ")); it was changed by hand")
                }
                try exec(Self.migrationToV3 + Self.migrationToV4 + Self.migrationToV5 + Self.migrationToV6)
            case 3:
                let missing = Self.tableNames.subtracting(tables).subtracting(["treatments"])
                guard missing.isEmpty else {
                    throw DatabaseError(message: "\(path) has schema version 3 but lacks the tables \(missing.sorted().joined(separator: ", ")); it was changed by hand")
                }
                try exec(Self.migrationToV4 + Self.migrationToV5 + Self.migrationToV6)
            case 4:
                let missing = Self.tableNames.subtracting(tables).subtracting(["treatments"])
                guard missing.isEmpty else {
                    throw DatabaseError(message: "\(path) has schema version 4 but lacks the tables \(missing.sorted().joined(separator: ", ")); it was changed by hand")
                }
                try exec(Self.migrationToV5 + Self.migrationToV6)
            case 5:
                let missing = Self.tableNames.subtracting(tables)
                guard missing.isEmpty else {
                    throw DatabaseError(message: "\(path) has schema version 5 but lacks the tables \(missing.sorted().joined(separator: ", ")); it was changed by hand")
                }
                try exec(Self.migrationToV6)
            case Int64(Self.schemaVersion):
                let missing = Self.tableNames.subtracting(tables)
                guard missing.isEmpty else {
                    throw DatabaseError(message: "\(path) has schema version \(version) but lacks the tables \(missing.sorted().joined(separator: ", ")); it was changed by hand")
                }
            default:
                throw DatabaseError(message: "\(path) has schema version \(version), which this simrun does not know "
                    + "(it writes version \(Self.schemaVersion)): it was written by a newer simrun or another program")
            }
            try exec("COMMIT")
        } catch {
            try? exec("ROLLBACK")
            throw error
        }
    }

    /// SQLite's last error on `db`, in plain words for a file that is not a database at all.
    static func errorMessage(_ db: OpaquePointer) -> String {
        sqlite3_errcode(db) == SQLITE_NOTADB ? "not a SQLite database (is it the right file?)" : String(cString: sqlite3_errmsg(db))
    }

    func exec(_ sql: String) throws(DatabaseError) {
        if sqlite3_exec(db, sql, nil, nil, nil) != SQLITE_OK {
            var message = Self.errorMessage(db)
            if sqlite3_errcode(db) == SQLITE_BUSY { message += " (another program kept it busy for \(Self.busyTimeout) s)" }
            throw DatabaseError(message: "\(path): \(message)")
        }
    }

    /// The first column of every row of `sql`, as text.
    func texts(_ sql: String) throws(DatabaseError) -> [String] {
        let statement = try Statement(db, sql, path: path)
        var result: [String] = []
        while sqlite3_step(statement.handle) == SQLITE_ROW {
            if let text = sqlite3_column_text(statement.handle, 0) { result.append(String(cString: text)) }
        }
        return result
    }

    func integer(_ sql: String) throws(DatabaseError) -> Int64 {
        let statement = try Statement(db, sql, path: path)
        guard sqlite3_step(statement.handle) == SQLITE_ROW else {
            throw DatabaseError(message: "\(path): \(String(cString: sqlite3_errmsg(db)))")
        }
        return sqlite3_column_int64(statement.handle, 0)
    }

    func columns(of table: String) throws(DatabaseError) -> Set<String> {
        let statement = try Statement(db, "PRAGMA table_info(\(table))", path: path)
        var names = Set<String>()
        while sqlite3_step(statement.handle) == SQLITE_ROW {
            if let text = sqlite3_column_text(statement.handle, 1) { names.insert(String(cString: text)) }
        }
        return names
    }

    /// A prepared statement, bound and stepped once per row.
    final class Statement {
        let handle: OpaquePointer
        let db: OpaquePointer
        init(_ db: OpaquePointer, _ sql: String, path: String) throws(DatabaseError) {
            var h: OpaquePointer?
            guard sqlite3_prepare_v2(db, sql, -1, &h, nil) == SQLITE_OK, let h else {
                throw DatabaseError(message: "\(path): \(ResultsDatabase.errorMessage(db))")
            }
            handle = h
            self.db = db
        }
        deinit { sqlite3_finalize(handle) }

        func run(_ values: [ResultsTable.Value]) throws(DatabaseError) {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            for (i, v) in values.enumerated() {
                let index = Int32(i + 1)
                switch v {
                case .int(let x): sqlite3_bind_int64(handle, index, x)
                case .real(let x): if x.isNaN { sqlite3_bind_null(handle, index) } else { sqlite3_bind_double(handle, index, x) }
                case .text(let s): sqlite3_bind_text(handle, index, s, -1, hospsim_sqlite_transient())
                case .null: sqlite3_bind_null(handle, index)
                }
            }
            guard sqlite3_step(handle) == SQLITE_DONE else {
                throw DatabaseError(message: String(cString: sqlite3_errmsg(db)))
            }
        }
    }

    /// Writes one run with all its replications and metrics, atomically; returns its id.
    @discardableResult
    public func write(_ result: RunResult, _ record: RunRecord) throws(DatabaseError) -> Int64 {
        try write([result], record)[0]
    }

    /// Writes several runs (the variants of a comparison, say) in one transaction; returns their ids.
    @discardableResult
    ///
    /// The rows go in transactions of at most `rowsPerTransaction`, so that another writer waits
    /// seconds, not minutes; each run is marked `complete = 0` until its last row is committed,
    /// and readers take complete runs only. A failure removes what was written of the runs.
    public func write(_ results: [RunResult], _ record: RunRecord) throws(DatabaseError) -> [Int64] {
        var ids: [Int64] = []
        var pending = 0
        try exec("BEGIN IMMEDIATE")
        do throws(DatabaseError) {
            for result in results { try insert(result, record, ids: &ids, pending: &pending) }
            if !ids.isEmpty { try exec("UPDATE runs SET complete = 1 WHERE id IN (\(ids.map(String.init).joined(separator: ", ")))") }
            try exec("COMMIT")
            return ids
        } catch {
            try? exec("ROLLBACK")
            // Batches already committed go with their runs (ON DELETE CASCADE).
            if !ids.isEmpty { try? exec("DELETE FROM runs WHERE complete = 0 AND id IN (\(ids.map(String.init).joined(separator: ", ")))") }
            throw DatabaseError(message: error.message.hasPrefix(path) ? error.message : "\(path): \(error.message)")
        }
    }

    /// Inserts one run, marked incomplete, appending its id to `ids` as soon as it has one;
    /// `pending` counts the rows since the last commit.
    func insert(_ result: RunResult, _ record: RunRecord, ids: inout [Int64], pending: inout Int) throws(DatabaseError) {
        var id: Int64 = 0
        for table in ResultsTable.tables(result, record) {
            let isRuns = table.name == "runs"
            let columns = isRuns ? table.columns + ["complete"] : ["run_id"] + table.columns
            let statement = try Statement(db, "INSERT INTO \(table.name) (\(columns.joined(separator: ", "))) VALUES ("
                                          + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")", path: path)
            var count = pending
            do {
                try table.rows { row in
                    try statement.run(isRuns ? row + [.int(0)] : [.int(id)] + row)
                    count += 1
                    if count >= Self.rowsPerTransaction {
                        try self.exec("COMMIT")
                        usleep(Self.pauseBetweenBatches)
                        try self.exec("BEGIN IMMEDIATE")
                        count = 0
                    }
                }
                pending = count
            } catch let error as DatabaseError {
                throw error
            } catch {
                throw DatabaseError(message: "\(error)")
            }
            if isRuns {
                id = sqlite3_last_insert_rowid(db)
                ids.append(id)
            }
        }
    }

    /// A 64-bit FNV-1a of the file's bytes, as 16 hex digits: enough to tell whether a
    /// scenario file changed between runs (not a cryptographic hash).
    public static func fileHash(_ data: Data) -> String {
        String(format: "%016llx", StreamSeed.fnv1a64(bytes: data))
    }
}

public struct DatabaseError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension ResultsDatabase {
    /// Reads run `runID` (the latest when nil) from the database at `path`, opened read-only:
    /// nothing is created or migrated.
    public static func readRun(path: String, runID: Int64?) throws(DatabaseError) -> StoredRun {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK, let handle else {
            sqlite3_close(handle)
            throw DatabaseError(message: "\(path): cannot open the database")
        }
        defer { sqlite3_close(handle) }
        func statement(_ sql: String) throws(DatabaseError) -> Statement { try Statement(handle, sql, path: path) }
        func text(_ s: Statement, _ i: Int32) -> String { sqlite3_column_text(s.handle, i).map { String(cString: $0) } ?? "" }
        // SQLite keeps any value in any column: a number column holding text (a hand edit, a
        // damaged file) would read as 0. And a step that fails (a damaged page) must not pass
        // for the end of the rows.
        func damaged(_ what: String) -> DatabaseError {
            DatabaseError(message: "\(path): \(what): the database was changed or damaged after it was written")
        }
        func row(_ s: Statement) throws(DatabaseError) -> Bool {
            switch sqlite3_step(s.handle) {
            case SQLITE_ROW: return true
            case SQLITE_DONE: return false
            default: throw damaged(String(cString: sqlite3_errmsg(handle)))
            }
        }
        func real(_ s: Statement, _ i: Int32, _ what: @autoclosure () -> String) throws(DatabaseError) -> Double {
            switch sqlite3_column_type(s.handle, i) {
            case SQLITE_NULL: return .nan
            case SQLITE_INTEGER, SQLITE_FLOAT: return sqlite3_column_double(s.handle, i)
            default: throw damaged("\(what()) holds '\(text(s, i).prefix(40))', not a number")
            }
        }
        func integer(_ s: Statement, _ i: Int32, _ what: @autoclosure () -> String) throws(DatabaseError) -> Int64 {
            guard sqlite3_column_type(s.handle, i) == SQLITE_INTEGER else {
                throw damaged("\(what()) holds '\(text(s, i).prefix(40))', not a whole number")
            }
            return sqlite3_column_int64(s.handle, i)
        }
        func whole(_ stored: StoredRun) throws(DatabaseError) -> StoredRun {
            do { try stored.checkWhole() } catch { throw damaged("run \(stored.id): \(error.message)") }
            return stored
        }
        // From version 6 a run is whole only once `complete`; older files hold whole runs only.
        let schema = try statement("PRAGMA user_version")
        let marked = sqlite3_step(schema.handle) == SQLITE_ROW && sqlite3_column_int64(schema.handle, 0) >= 6
        if marked, let runID {
            let complete = try statement("SELECT complete FROM runs WHERE id = ?")
            sqlite3_bind_int64(complete.handle, 1, runID)
            if sqlite3_step(complete.handle) == SQLITE_ROW, sqlite3_column_int64(complete.handle, 0) == 0 {
                throw DatabaseError(message: "\(path): run \(runID) is not complete (it is being written, or its writer stopped part-way)")
            }
        }
        let run = try statement("""
            SELECT id, scenario, seed, replications, horizon, warmup, time_unit, policy FROM runs
            WHERE id = coalesce(?, (SELECT max(id) FROM runs\(marked ? " WHERE complete = 1" : "")))
            """)
        if let runID { sqlite3_bind_int64(run.handle, 1, runID) } else { sqlite3_bind_null(run.handle, 1) }
        switch sqlite3_step(run.handle) {
        case SQLITE_ROW: break
        case SQLITE_DONE: throw DatabaseError(message: "\(path): " + (runID.map { "no run \($0) in the database" } ?? "the database holds no run"))
        default: throw DatabaseError(message: "\(path): \(String(cString: sqlite3_errmsg(handle)))")
        }
        let id = sqlite3_column_int64(run.handle, 0)
        var stored = StoredRun(id: id, scenario: text(run, 1), seed: text(run, 2),
                               replications: Int(try integer(run, 3, "run \(id)'s replications")),
                               horizon: try real(run, 4, "run \(id)'s horizon"), warmup: try real(run, 5, "run \(id)'s warm-up"),
                               timeUnit: text(run, 6), policy: text(run, 7), metrics: [:])
        let metrics = try statement("SELECT name, value FROM metrics WHERE run_id = ? ORDER BY replication")
        sqlite3_bind_int64(metrics.handle, 1, stored.id)
        while try row(metrics) {
            let name = text(metrics, 0)
            stored.metrics[name, default: []].append(try real(metrics, 1, "run \(id)'s metric '\(name)'"))
        }
        // Tables of schema 3: a database still at version 2 (opened read-only, so not migrated) has none.
        let version = try statement("PRAGMA user_version")
        guard sqlite3_step(version.handle) == SQLITE_ROW, sqlite3_column_int64(version.handle, 0) >= 3 else { return try whole(stored) }
        let theory = try statement("SELECT theory FROM runs WHERE id = ?")
        sqlite3_bind_int64(theory.handle, 1, stored.id)
        if sqlite3_step(theory.handle) == SQLITE_ROW, sqlite3_column_type(theory.handle, 0) != SQLITE_NULL,
           let data = text(theory, 0).data(using: .utf8) {
            stored.theory = ResultsDocument.readTheory(data)
        }
        let profiles = try statement("SELECT name, replication, value FROM profiles WHERE run_id = ? ORDER BY name, replication, hour")
        sqlite3_bind_int64(profiles.handle, 1, stored.id)
        var lastReplication: Int64 = -1, lastName = ""
        while try row(profiles) {
            let name = text(profiles, 0), replication = try integer(profiles, 1, "run \(id)'s profile '\(name)'")
            let value = try real(profiles, 2, "run \(id)'s profile '\(name)'")
            if name != lastName || replication != lastReplication { stored.profiles[name, default: []].append([]) }
            stored.profiles[name]![stored.profiles[name]!.count - 1].append(value)
            (lastName, lastReplication) = (name, replication)
        }
        let classes = try statement("SELECT name, target FROM classes WHERE run_id = ? ORDER BY name")
        sqlite3_bind_int64(classes.handle, 1, stored.id)
        while try row(classes) {
            let name = text(classes, 0), target = try real(classes, 1, "run \(id)'s class '\(name)'")
            stored.classes.append((name, target.isNaN ? nil : target))
        }
        /// A table of per-class bucket counts summed over replications; empty when a database
        /// of an older schema (read as it is, not migrated) lacks the table.
        func sketches(_ table: String) throws(DatabaseError) -> [String: QuantileSketch] {
            let exists = try statement("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
            sqlite3_bind_text(exists.handle, 1, table, -1, hospsim_sqlite_transient())
            guard sqlite3_step(exists.handle) == SQLITE_ROW, sqlite3_column_int64(exists.handle, 0) > 0 else { return [:] }
            let rows = try statement("SELECT class, bucket, count FROM \(table) WHERE run_id = ?")
            sqlite3_bind_int64(rows.handle, 1, stored.id)
            var list: [(String, Int?, Int)] = []
            while try row(rows) {
                let bucket = sqlite3_column_type(rows.handle, 1) == SQLITE_NULL ? nil : Int(try integer(rows, 1, "run \(id)'s \(table)"))
                list.append((text(rows, 0), bucket, Int(try integer(rows, 2, "run \(id)'s \(table)"))))
            }
            do { return try StoredRun.sketches(list, table: table) } catch { throw damaged("run \(id)'s \(error.message)") }
        }
        stored.waits = try sketches("waits")
        stored.treatments = try sketches("treatments")
        return try whole(stored)
    }
}
