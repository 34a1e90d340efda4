import CSQLite
import Foundation
import SimKernel

/// A SQLite file that accumulates runs: `runs` (what was run, with which file and settings),
/// `replications` and `metrics` (one row per metric and replication). Foreign keys are
/// enforced, and each run is written in one transaction, so a failed or interrupted write
/// leaves nothing half written.
///
/// ```sh
/// simrun run scenarios/mm1.yaml --db results.sqlite
/// sqlite3 results.sqlite "select name, avg(value) from metrics where run_id = 1 group by name"
/// ```
public final class ResultsDatabase {
    let db: OpaquePointer
    public let path: String

    static let schema = """
        PRAGMA foreign_keys = ON;
        CREATE TABLE IF NOT EXISTS runs (
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
        CREATE TABLE IF NOT EXISTS replications (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            replication INTEGER NOT NULL,
            events INTEGER NOT NULL,
            PRIMARY KEY (run_id, replication)
        );
        CREATE TABLE IF NOT EXISTS metrics (
            run_id INTEGER NOT NULL,
            replication INTEGER NOT NULL,
            name TEXT NOT NULL,
            value REAL,
            PRIMARY KEY (run_id, replication, name),
            FOREIGN KEY (run_id, replication) REFERENCES replications(run_id, replication) ON DELETE CASCADE
        );
        CREATE TABLE IF NOT EXISTS patients (
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
        CREATE TABLE IF NOT EXISTS visits (
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
        CREATE TABLE IF NOT EXISTS billing (
            run_id INTEGER NOT NULL,
            replication INTEGER NOT NULL,
            patient INTEGER NOT NULL,
            resource TEXT NOT NULL,
            charge REAL NOT NULL,
            PRIMARY KEY (run_id, replication, patient, resource),
            FOREIGN KEY (run_id, replication, patient) REFERENCES patients(run_id, replication, id) ON DELETE CASCADE
        );
        """

    public init(path: String) throws(DatabaseError) {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw DatabaseError(message: "\(path): \(message)")
        }
        db = handle
        self.path = path
        sqlite3_busy_timeout(db, 5000)
        try exec(Self.schema)
    }

    deinit { sqlite3_close(db) }

    func exec(_ sql: String) throws(DatabaseError) {
        var error: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(db, sql, nil, nil, &error) != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(error)
            throw DatabaseError(message: "\(path): \(message)")
        }
    }

    /// A prepared statement, bound and stepped once per row.
    final class Statement {
        let handle: OpaquePointer
        let db: OpaquePointer
        init(_ db: OpaquePointer, _ sql: String) throws(DatabaseError) {
            var h: OpaquePointer?
            guard sqlite3_prepare_v2(db, sql, -1, &h, nil) == SQLITE_OK, let h else {
                throw DatabaseError(message: String(cString: sqlite3_errmsg(db)))
            }
            handle = h
            self.db = db
        }
        deinit { sqlite3_finalize(handle) }

        func run(_ values: [Value]) throws(DatabaseError) {
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

    enum Value {
        case int(Int64), real(Double), text(String), null
    }

    /// Writes one run with all its replications and metrics, atomically; returns its id.
    @discardableResult
    public func write(_ result: RunResult, file: String, fileHash: String, settings: String) throws(DatabaseError) -> Int64 {
        try write([result], file: file, fileHash: fileHash, settings: settings)[0]
    }

    /// Writes several runs (the variants of a comparison, say) in one transaction; returns their ids.
    @discardableResult
    public func write(_ results: [RunResult], file: String, fileHash: String, settings: String) throws(DatabaseError) -> [Int64] {
        try exec("BEGIN IMMEDIATE")
        do throws(DatabaseError) {
            let ids = try results.map { (result) throws(DatabaseError) -> Int64 in
                try insert(result, file: file, fileHash: fileHash, settings: settings)
            }
            try exec("COMMIT")
            return ids
        } catch {
            try? exec("ROLLBACK")
            throw error
        }
    }

    func insert(_ result: RunResult, file: String, fileHash: String, settings: String) throws(DatabaseError) -> Int64 {
        let run = try Statement(db, """
            INSERT INTO runs (scenario, file, file_hash, seed, policy, replications, horizon, warmup, time_unit, settings, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let created = ISO8601DateFormatter().string(from: Date())
        try run.run([.text(result.scenario), .text(file), .text(fileHash), .int(Int64(bitPattern: result.seed)),
                     .text(result.policy), .int(Int64(result.replications.count)), .real(result.horizon),
                     .real(result.warmup), .text(result.timeUnit.rawValue), .text(settings), .text(created)])
        let id = sqlite3_last_insert_rowid(db)
        let rep = try Statement(db, "INSERT INTO replications (run_id, replication, events) VALUES (?, ?, ?)")
        let metric = try Statement(db, "INSERT INTO metrics (run_id, replication, name, value) VALUES (?, ?, ?, ?)")
        let patient = try Statement(db, "INSERT INTO patients (run_id, replication, id, class, arrival, outcome, departure) VALUES (?, ?, ?, ?, ?, ?, ?)")
        let visit = try Statement(db, "INSERT INTO visits (run_id, replication, patient, step, resource, unit, queued, started, ended) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        let charge = try Statement(db, "INSERT INTO billing (run_id, replication, patient, resource, charge) VALUES (?, ?, ?, ?, ?)")
        func opt(_ x: Double?) -> Value { x.map { .real($0) } ?? .null }
        for r in result.replications {
            let k = Int64(r.replication)
            try rep.run([.int(id), .int(k), .int(Int64(r.events))])
            for (i, name) in result.catalog.names.enumerated() {
                try metric.run([.int(id), .int(k), .text(name), .real(r.metrics[i])])
            }
            guard let log = r.patients else { continue }
            for p in log.patients {
                try patient.run([.int(id), .int(k), .int(Int64(p.id)), .text(result.classNames[p.classIndex]),
                                 .real(p.arrival), .text(p.outcome), opt(p.departure)])
            }
            for v in log.visits {
                try visit.run([.int(id), .int(k), .int(Int64(v.patient)), .int(Int64(v.step)), .text(result.resourceNames[v.resource]),
                               v.unit.map { .int(Int64($0)) } ?? .null, .real(v.queued), opt(v.started), opt(v.ended)])
            }
            for b in log.billing {
                try charge.run([.int(id), .int(k), .int(Int64(b.patient)), .text(result.resourceNames[b.resource]), .real(b.charge)])
            }
        }
        return id
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

/// The same tables as CSV files (RFC 4180 quoting).
public enum ResultsExport {
    /// Every file an export may hold: a folder with nothing else is an earlier export.
    public static let fileNames: Set<String> = ["runs.csv", "replications.csv", "metrics.csv", "patients.csv",
                                                "visits.csv", "billing.csv", "shifts.csv"]

    public static func tables(_ result: RunResult, file: String, fileHash: String, settings: String) -> [(name: String, csv: String)] {
        var runs = "scenario,file,file_hash,seed,policy,replications,horizon,warmup,time_unit,settings\n"
        runs += [CSV.field(result.scenario), CSV.field(file), fileHash, String(result.seed), CSV.field(result.policy),
                 String(result.replications.count), JSON.number(result.horizon), JSON.number(result.warmup),
                 result.timeUnit.rawValue, CSV.field(settings)].joined(separator: ",") + "\n"
        var replications = "replication,events\n"
        var metrics = "replication,name,value\n"
        for r in result.replications {
            replications += "\(r.replication),\(r.events)\n"
            for (i, name) in result.catalog.names.enumerated() {
                metrics += "\(r.replication),\(CSV.field(name)),\(CSV.number(r.metrics[i]))\n"
            }
        }
        var tables = [("runs.csv", runs), ("replications.csv", replications), ("metrics.csv", metrics)]
        guard result.replications.contains(where: { $0.patients != nil }) else { return tables }
        func opt(_ x: Double?) -> String { x.map(JSON.number) ?? "" }
        var patients = "replication,id,class,arrival,outcome,departure\n"
        var visits = "replication,patient,step,resource,unit,queued,started,ended\n"
        var billing = "replication,patient,resource,charge\n"
        for r in result.replications {
            guard let log = r.patients else { continue }
            for p in log.patients {
                patients += "\(r.replication),\(p.id),\(CSV.field(result.classNames[p.classIndex])),\(JSON.number(p.arrival)),\(p.outcome),\(opt(p.departure))\n"
            }
            for v in log.visits {
                visits += "\(r.replication),\(v.patient),\(v.step),\(CSV.field(result.resourceNames[v.resource])),\(v.unit.map(String.init) ?? ""),\(JSON.number(v.queued)),\(opt(v.started)),\(opt(v.ended))\n"
            }
            for b in log.billing {
                billing += "\(r.replication),\(b.patient),\(CSV.field(result.resourceNames[b.resource])),\(JSON.number(b.charge))\n"
            }
        }
        tables += [("patients.csv", patients), ("visits.csv", visits), ("billing.csv", billing)]
        return tables
    }
}
