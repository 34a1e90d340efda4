import Foundation
import HospitalAnalysis
import HospitalTestSupport
import PostgresTestSupport
import XCTest
@testable import HospitalFormats

/// The results tables in a real PostgreSQL server: what is read back equals what the SQLite
/// file gives for the same run, and a database that is not ours is refused untouched.
final class PostgresResultsTests: XCTestCase {
    static let yaml = """
        name: "Two classes\\ttab, 'quote' and \\\\ backslash"
        time_unit: minute
        run: {horizon: 2 day, warmup: 4 hour, replications: 4, seed: 7}
        classes:
          - {name: urgent, priority: 1, share: 0.3, target: 5 min}
          - {name: routine, priority: 2, share: 0.7}
        arrivals: [{name: patients, rate: 0.7}]
        resources: [{name: nurse, capacity: 1}]
        pathway: [{use: nurse, duration: {exponential: {mean: 1}}}]
        """

    func testARunReadsBackAsFromTheSQLiteFile() throws {
        let server = try PostgresTestServer()
        defer { server.stop() }
        let result = simulate(Self.yaml)
        let record = RunRecord(file: "two.yaml", fileHash: "00", settings: "run two.yaml")
        let url = try server.database("results")
        let postgres = try PostgresResults(url: url)
        XCTAssertEqual(try postgres.write([result, result], record), [1, 2])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pg-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sqlite = try ResultsDatabase(path: folder.appendingPathComponent("r.sqlite").path)
        try sqlite.write(result, record)

        let fromPostgres = try ResultsLocation.readRun(url, runID: 1), fromFile = try ResultsLocation.readRun(sqlite.path, runID: 1)
        XCTAssertEqual(fromPostgres.scenario, "Two classes\ttab, 'quote' and \\ backslash")
        XCTAssertEqual(fromPostgres.scenario, fromFile.scenario)
        XCTAssertEqual(fromPostgres.seed, fromFile.seed)
        XCTAssertEqual(fromPostgres.replications, 4)
        XCTAssertEqual(fromPostgres.horizon, fromFile.horizon)
        XCTAssertEqual(fromPostgres.policy, fromFile.policy)
        // Every value exactly (the server prints doubles so that they read back to the same bits).
        XCTAssertEqual(Set(fromPostgres.metrics.keys), Set(fromFile.metrics.keys))
        XCTAssertGreaterThan(fromPostgres.metrics.count, 20)
        for (name, values) in fromFile.metrics {
            XCTAssertEqual(fromPostgres.metrics[name]?.map(\.bitPattern), values.map(\.bitPattern), name)
        }
        XCTAssertEqual(fromPostgres.profiles.mapValues { $0.map { $0.map(\.bitPattern) } },
                       fromFile.profiles.mapValues { $0.map { $0.map(\.bitPattern) } })
        XCTAssertEqual(fromPostgres.classes.map(\.name), ["routine", "urgent"])
        XCTAssertEqual(fromPostgres.classes.map(\.target), fromFile.classes.map(\.target))
        XCTAssertEqual(fromPostgres.waits.keys.sorted(), ["routine", "urgent"])
        for (name, sketch) in fromFile.waits {
            XCTAssertEqual(fromPostgres.waits[name]?.buckets.counts, sketch.buckets.counts)
            XCTAssertEqual(fromPostgres.waits[name]?.buckets.zeroCount, sketch.buckets.zeroCount)
        }
        XCTAssertEqual(fromPostgres.theory != nil, fromFile.theory != nil)
        // The latest complete run when none is named; the foreign keys are the server's to enforce.
        XCTAssertEqual(try ResultsLocation.readRun(url, runID: nil).id, 2)
        XCTAssertThrowsError(try server.query(url, "INSERT INTO metrics VALUES (99, 1, 'x', 1)"))
        try server.query(url, "DELETE FROM runs WHERE id = 2")
        XCTAssertEqual(try server.query(url, "SELECT count(*) FROM metrics WHERE run_id = 2"), [["0"]])
        XCTAssertThrowsError(try ResultsLocation.readRun(url, runID: 2)) { XCTAssertTrue("\($0)".contains("no run 2"), "\($0)") }
    }

    func testADatabaseThatIsNotOursIsRefusedUntouched() throws {
        let server = try PostgresTestServer()
        defer { server.stop() }
        let foreign = try server.database("hospital")
        try server.query(foreign, "CREATE TABLE runs (id integer); INSERT INTO runs VALUES (42)")
        XCTAssertThrowsError(try PostgresResults(url: foreign)) { error in
            XCTAssertTrue("\(error)".contains("not a hospsim results database"), "\(error)")
        }
        XCTAssertEqual(try server.query(foreign, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"), [["1"]])
        XCTAssertEqual(try server.query(foreign, "SELECT id FROM runs"), [["42"]])
        // A schema of a version this build does not know.
        let newer = try server.database("newer")
        _ = try PostgresResults(url: newer)
        try server.query(newer, "UPDATE hospsim_schema SET version = 99")
        XCTAssertThrowsError(try PostgresResults(url: newer)) { XCTAssertTrue("\($0)".contains("version 99"), "\($0)") }
        // A password never appears in a message.
        XCTAssertEqual(PostgresResults.displayed("postgresql://ward:s3cret@db.local:5432/h"), "postgresql://ward:***@db.local:5432/h")
        XCTAssertThrowsError(try PostgresResults(url: "postgresql://ward:s3cret@127.0.0.1:1/h")) {
            XCTAssertFalse("\($0)".contains("s3cret"), "\($0)")
        }
    }

    /// Several writers on a new database at once: the schema is made once, every run lands.
    func testConcurrentWritersOnANewDatabase() throws {
        let server = try PostgresTestServer()
        defer { server.stop() }
        let url = try server.database("shared")
        let result = simulate(Self.yaml)
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            do {
                let db = try PostgresResults(url: url)
                try db.write([result], RunRecord(file: "w\(i).yaml", fileHash: "0", settings: ""))
            } catch {
                failures.add("\(error)")
            }
        }
        XCTAssertEqual(failures.all, [])
        XCTAssertEqual(try server.query(url, "SELECT count(*), count(DISTINCT file) FROM runs"), [["4", "4"]])
        XCTAssertEqual(try server.query(url, "SELECT count(*) FROM hospsim_schema"), [["1"]])
    }
}

/// Messages gathered from several threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func add(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}
