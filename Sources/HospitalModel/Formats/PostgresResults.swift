import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import Foundation
import SimKernel

/// The results database kept in a PostgreSQL server (`--db postgresql://...`): the same tables,
/// columns and meanings as the SQLite file (`ResultsDatabase`), so that one query serves both.
/// Each write is one transaction (PostgreSQL's readers never wait for it, so it is not cut into
/// batches), its rows sent by COPY; `runs.complete` is 1 for every committed run.
///
/// The schema's version is the one row of `hospsim_schema`; a database holding a `runs` table
/// without it, or a version this build does not know, is refused before anything is written.
/// Two writers creating the schema at once are serialised by an advisory lock.
public final class PostgresResults: ResultsWriter {
    let connection: PostgresConnection
    /// The URL with any password hidden, for messages.
    public let location: String

    /// The tables in creation order (each refers only to those before it).
    static let tables: [(name: String, sql: String)] = [
        ("hospsim_schema", "CREATE TABLE hospsim_schema (version integer NOT NULL)"),
        ("runs", """
            CREATE TABLE runs (
                id bigserial PRIMARY KEY,
                scenario text NOT NULL,
                file text NOT NULL,
                file_hash text NOT NULL,
                scenario_hash text,
                model_version integer,
                seed bigint NOT NULL,
                policy text NOT NULL,
                replications integer NOT NULL,
                horizon double precision NOT NULL,
                warmup double precision NOT NULL,
                time_unit text NOT NULL,
                settings text NOT NULL,
                created_at text NOT NULL,
                theory text,
                complete integer NOT NULL DEFAULT 1
            )
            """),
        ("replications", """
            CREATE TABLE replications (
                run_id bigint NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                replication integer NOT NULL,
                events bigint NOT NULL,
                PRIMARY KEY (run_id, replication)
            )
            """),
        ("metrics", """
            CREATE TABLE metrics (
                run_id bigint NOT NULL,
                replication integer NOT NULL,
                name text NOT NULL,
                value double precision,
                PRIMARY KEY (run_id, replication, name),
                FOREIGN KEY (run_id, replication) REFERENCES replications(run_id, replication) ON DELETE CASCADE
            )
            """),
        ("patients", """
            CREATE TABLE patients (
                run_id bigint NOT NULL,
                replication integer NOT NULL,
                id bigint NOT NULL,
                class text NOT NULL,
                arrival double precision NOT NULL,
                outcome text NOT NULL CHECK (outcome IN ('completed', 'left', 'reneged', 'blocked', 'in_system')),
                departure double precision,
                warmup integer CHECK (warmup IN (0, 1)),
                treatment_started double precision,
                PRIMARY KEY (run_id, replication, id),
                FOREIGN KEY (run_id, replication) REFERENCES replications(run_id, replication) ON DELETE CASCADE
            )
            """),
        ("visits", """
            CREATE TABLE visits (
                run_id bigint NOT NULL,
                replication integer NOT NULL,
                patient bigint NOT NULL,
                step integer NOT NULL,
                resource text NOT NULL,
                unit integer,
                queued double precision NOT NULL,
                started double precision,
                ended double precision,
                FOREIGN KEY (run_id, replication, patient) REFERENCES patients(run_id, replication, id) ON DELETE CASCADE
            )
            """),
        ("billing", """
            CREATE TABLE billing (
                run_id bigint NOT NULL,
                replication integer NOT NULL,
                patient bigint NOT NULL,
                resource text NOT NULL,
                charge double precision NOT NULL,
                PRIMARY KEY (run_id, replication, patient, resource),
                FOREIGN KEY (run_id, replication, patient) REFERENCES patients(run_id, replication, id) ON DELETE CASCADE
            )
            """),
        ("shifts", """
            CREATE TABLE shifts (
                run_id bigint NOT NULL,
                replication integer NOT NULL,
                resource text NOT NULL,
                unit integer NOT NULL,
                on_shift double precision NOT NULL,
                off_shift double precision NOT NULL,
                FOREIGN KEY (run_id, replication) REFERENCES replications(run_id, replication) ON DELETE CASCADE
            )
            """),
        ("profiles", """
            CREATE TABLE profiles (
                run_id bigint NOT NULL,
                replication integer NOT NULL,
                name text NOT NULL,
                hour integer NOT NULL CHECK (hour BETWEEN 0 AND 23),
                value double precision,
                PRIMARY KEY (run_id, replication, name, hour),
                FOREIGN KEY (run_id, replication) REFERENCES replications(run_id, replication) ON DELETE CASCADE
            )
            """),
        ("classes", """
            CREATE TABLE classes (
                run_id bigint NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                name text NOT NULL,
                target double precision,
                PRIMARY KEY (run_id, name)
            )
            """),
        ("waits", sketchTable("waits")),
        ("treatments", sketchTable("treatments")),
    ]

    /// Each class's waits (or times to treatment) per replication as histogram buckets.
    static func sketchTable(_ name: String) -> String {
        """
        CREATE TABLE \(name) (
            run_id bigint NOT NULL,
            replication integer NOT NULL,
            class text NOT NULL,
            bucket integer,
            upper double precision NOT NULL,
            count bigint NOT NULL,
            FOREIGN KEY (run_id, replication) REFERENCES replications(run_id, replication) ON DELETE CASCADE
        )
        """
    }

    static let indexes = [
        "CREATE INDEX visits_by_patient ON visits (run_id, replication, patient)",
        "CREATE INDEX visits_by_resource ON visits (run_id, resource, unit)",
        "CREATE INDEX billing_by_resource ON billing (run_id, resource)",
        "CREATE INDEX shifts_by_unit ON shifts (run_id, resource, unit)",
        "CREATE INDEX metrics_by_name ON metrics (name, run_id)",
        "CREATE INDEX runs_by_scenario ON runs (scenario, created_at)",
        "CREATE INDEX waits_by_class ON waits (run_id, class)",
        "CREATE INDEX treatments_by_class ON treatments (run_id, class)",
    ]

    /// Any number: two simruns creating the schema at once take this advisory lock in turn.
    static let schemaLock = "7305942261"

    /// Connects and brings the schema to the current version (creating it in an empty database).
    public init(url: String, timeout: Int = 10) throws(DatabaseError) {
        location = Self.displayed(url)
        do {
            connection = try PostgresConnection(url: url, timeout: timeout)
        } catch {
            throw DatabaseError(message: "\(location): \(error.message)")
        }
        do {
            try connection.transaction { () throws(PostgresConnection.Failure) in
                try connection.execute("SELECT pg_advisory_xact_lock(\(Self.schemaLock))")
                try prepareSchema()
            }
        } catch {
            throw DatabaseError(message: "\(location): \(error.message)")
        }
    }

    func prepareSchema() throws(PostgresConnection.Failure) {
        let present = Set(try connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ANY($1)",
            ["{" + Self.tables.map(\.name).joined(separator: ",") + "}"]).compactMap { $0[0] })
        if !present.contains("hospsim_schema") {
            guard present.isEmpty else {
                throw PostgresConnection.Failure(message: "this database holds the tables \(present.sorted().joined(separator: ", ")) "
                    + "but is not a hospsim results database (no hospsim_schema table); name another database or schema", state: nil)
            }
            for table in Self.tables { try connection.execute(table.sql) }
            for index in Self.indexes { try connection.execute(index) }
            try connection.execute("INSERT INTO hospsim_schema (version) VALUES ($1)", [String(ResultsDatabase.schemaVersion)])
            return
        }
        let version = try connection.execute("SELECT max(version) FROM hospsim_schema").first?.first ?? nil
        guard version == String(ResultsDatabase.schemaVersion) else {
            throw PostgresConnection.Failure(message: "the results schema has version \(version ?? "none"), which this simrun does not know "
                + "(it writes version \(ResultsDatabase.schemaVersion))", state: nil)
        }
        let missing = Set(Self.tables.map(\.name)).subtracting(present)
        guard missing.isEmpty else {
            throw PostgresConnection.Failure(message: "the results schema lacks the tables \(missing.sorted().joined(separator: ", ")); it was changed by hand", state: nil)
        }
    }

    /// Writes the runs with every row in one transaction; returns their ids in order.
    @discardableResult
    public func write(_ results: [RunResult], _ record: RunRecord) throws(DatabaseError) -> [Int64] {
        do {
            return try connection.transaction { () throws(PostgresConnection.Failure) -> [Int64] in
                var ids: [Int64] = []
                for result in results { ids.append(try insert(result, record)) }
                return ids
            }
        } catch {
            throw DatabaseError(message: "\(location): \(error.message)")
        }
    }

    func insert(_ result: RunResult, _ record: RunRecord) throws(PostgresConnection.Failure) -> Int64 {
        var id: Int64 = 0
        for table in ResultsTable.tables(result, record) {
            if table.name == "runs" {
                var values: [String?] = []
                try? table.rows { row in values = row.map(Self.text) }
                let placeholders = (1...table.columns.count).map { "$\($0)" }.joined(separator: ", ")
                let rows = try connection.execute("INSERT INTO runs (\(table.columns.joined(separator: ", ")), complete) "
                                                  + "VALUES (\(placeholders), 1) RETURNING id", values)
                guard let text = rows.first?.first ?? nil, let value = Int64(text) else {
                    throw PostgresConnection.Failure(message: "the server gave no id for the new run", state: nil)
                }
                id = value
                continue
            }
            let runID = String(id)
            try connection.copy(into: table.name, columns: ["run_id"] + table.columns) { (send: ([String?]) throws(PostgresConnection.Failure) -> Void) throws(PostgresConnection.Failure) in
                do {
                    try table.rows { row in try send([runID] + row.map(Self.text)) }
                } catch let failure as PostgresConnection.Failure {
                    throw failure
                } catch {
                    throw PostgresConnection.Failure(message: "\(error)", state: nil)
                }
            }
        }
        return id
    }

    /// A value as PostgreSQL's text input: NaN as NULL (as in the SQLite file), infinities spelt out.
    static func text(_ value: ResultsTable.Value) -> String? {
        switch value {
        case .int(let x): String(x)
        case .real(let x) where x.isNaN: nil
        case .real(let x) where x.isInfinite: x > 0 ? "Infinity" : "-Infinity"
        case .real(let x): "\(x)"
        case .text(let s): s
        case .null: nil
        }
    }

    /// `url` with its password replaced by `***`.
    public static func displayed(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return url }
        let credentials = url[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }

    /// Reads run `runID` (the latest complete one when nil), as `ResultsDatabase.readRun` does.
    public static func readRun(url: String, runID: Int64?) throws(DatabaseError) -> StoredRun {
        let location = displayed(url)
        var read = runID  // the run being read, for a message about its damage
        do {
            let db = try PostgresConnection(url: url)
            let present = try db.execute("SELECT to_regclass('hospsim_schema') IS NOT NULL")
            guard present.first?.first == "t" else {
                throw PostgresConnection.Failure(message: "no hospsim results in this database (no hospsim_schema table)", state: nil)
            }
            let runs = try db.execute("""
                SELECT id, scenario, seed, replications, horizon, warmup, time_unit, policy, theory, complete FROM runs
                WHERE id = coalesce($1::bigint, (SELECT max(id) FROM runs WHERE complete = 1))
                """, [runID.map(String.init)])
            guard let run = runs.first else {
                throw PostgresConnection.Failure(message: runID.map { "no run \($0) in the database" } ?? "the database holds no run", state: nil)
            }
            guard run[9] == "1" else {
                throw PostgresConnection.Failure(message: "run \(run[0] ?? "?") is not complete", state: nil)
            }
            func number(_ s: String?) -> Double { s.flatMap(Double.init) ?? .nan }
            let id = Int64(run[0] ?? "") ?? 0
            read = id
            var stored = StoredRun(id: id, scenario: run[1] ?? "", seed: run[2] ?? "", replications: Int(run[3] ?? "") ?? 0,
                                   horizon: number(run[4]), warmup: number(run[5]), timeUnit: run[6] ?? "", policy: run[7] ?? "", metrics: [:])
            if let theory = run[8], let data = theory.data(using: .utf8) { stored.theory = ResultsDocument.readTheory(data) }
            for row in try db.execute("SELECT name, value FROM metrics WHERE run_id = $1 ORDER BY replication, name", [String(id)]) {
                stored.metrics[row[0] ?? "", default: []].append(number(row[1]))
            }
            var last = ("", "")
            for row in try db.execute("SELECT name, replication, value FROM profiles WHERE run_id = $1 ORDER BY name, replication, hour", [String(id)]) {
                let name = row[0] ?? "", replication = row[1] ?? ""
                if (name, replication) != last { stored.profiles[name, default: []].append([]) }
                stored.profiles[name]![stored.profiles[name]!.count - 1].append(number(row[2]))
                last = (name, replication)
            }
            stored.classes = try db.execute("SELECT name, target FROM classes WHERE run_id = $1 ORDER BY name", [String(id)])
                .map { ($0[0] ?? "", $0[1].flatMap(Double.init)) }
            for (table, path) in [("waits", \StoredRun.waits), ("treatments", \StoredRun.treatments)] {
                let rows = try db.execute("SELECT class, bucket, count FROM \(table) WHERE run_id = $1", [String(id)])
                stored[keyPath: path] = try StoredRun.sketches(rows.map { ($0[0] ?? "", $0[1].flatMap(Int.init), Int($0[2] ?? "") ?? 0) }, table: table)
            }
            try stored.checkWhole()
            return stored
        } catch let damage as StoredRun.Damage {
            throw DatabaseError(message: "\(location): run \(read.map(String.init) ?? "?"): \(damage.message): the database was changed or damaged after it was written")
        } catch {
            throw DatabaseError(message: "\(location): \(error)")
        }
    }
}
