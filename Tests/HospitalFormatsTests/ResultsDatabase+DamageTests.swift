import CSQLite
import Foundation
import HospitalAnalysis
import HospitalTestSupport
import XCTest
@testable import HospitalFormats

/// A results file changed or damaged after it was written is refused with what is wrong,
/// never read as other numbers: SQLite keeps text in a number column (read as 0), a missing
/// row would shrink a mean's n, and a bucket number far out of range once made the reader ask
/// for 800 GB (found by fuzzing the file behind `simrun report`).
final class ResultsDatabaseDamageTests: XCTestCase {
    func testADamagedRunIsRefusedNotMisread() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("damage-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = folder.appendingPathComponent("r.sqlite").path
        let written = try ResultsDatabase(path: original)
        let result = simulate(PostgresResultsTests.yaml)
        _ = try written.write(result, RunRecord(file: "two.yaml", fileHash: "00", settings: "run two.yaml"))
        let whole = try ResultsLocation.readRun(original, runID: nil)
        XCTAssertEqual(whole.metrics["wait.mean"]?.count, 4, "the file as written reads back")

        let edits: [(sql: String, says: String)] = [
            ("UPDATE metrics SET value = 'x' WHERE name = 'wait.mean' AND replication = 2", "metric 'wait.mean' holds 'x', not a number"),
            ("DELETE FROM metrics WHERE name = 'wait.mean' AND replication = 1", "metric 'wait.mean' has 3 values for 4 replications"),
            ("UPDATE runs SET replications = 'four'", "replications holds 'four', not a whole number"),
            ("UPDATE waits SET bucket = 100000000000 WHERE rowid = (SELECT max(rowid) FROM waits)", "more than any sketch holds"),
            ("UPDATE waits SET count = -5 WHERE rowid = (SELECT max(rowid) FROM waits)", "a negative count (-5)"),
            ("DELETE FROM profiles WHERE rowid = (SELECT max(rowid) FROM profiles)", "has 4 rows of 23 or 24 hours for 4 replications"),
            ("UPDATE profiles SET value = x'00ff' WHERE rowid = 1", "not a number"),
        ]
        for (k, edit) in edits.enumerated() {
            let copy = folder.appendingPathComponent("copy-\(k).sqlite").path
            try FileManager.default.copyItem(atPath: original, toPath: copy)
            var db: OpaquePointer?
            XCTAssertEqual(sqlite3_open(copy, &db), SQLITE_OK)
            XCTAssertEqual(sqlite3_exec(db, edit.sql, nil, nil, nil), SQLITE_OK, edit.sql)
            XCTAssertGreaterThan(sqlite3_changes(db), 0, edit.sql)
            sqlite3_close(db)
            XCTAssertThrowsError(try ResultsLocation.readRun(copy, runID: nil), edit.sql) { error in
                XCTAssertTrue("\(error)".contains(edit.says), "\(edit.sql): \(error)")
                XCTAssertTrue("\(error)".hasSuffix("the database was changed or damaged after it was written"), "\(error)")
            }
        }
    }
}
