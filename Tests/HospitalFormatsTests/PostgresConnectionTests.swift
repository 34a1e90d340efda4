import Foundation
import HospitalTestSupport
import XCTest
@testable import HospitalFormats

/// The PostgreSQL connection against a real server (a throw-away cluster on loopback).
final class PostgresConnectionTests: XCTestCase {
    func testStatementsParametersErrorsAndTransactions() throws {
        let server = try PostgresTestServer()
        defer { server.stop() }
        let db = try PostgresConnection(url: server.url)
        XCTAssertGreaterThanOrEqual(db.serverVersion, 100_000)
        try db.execute("CREATE TABLE runs (id bigserial PRIMARY KEY, scenario text NOT NULL, mean double precision)")
        // Parameters travel apart from the statement: SQL in them is only text.
        let hostile = "ED'); DROP TABLE runs; --"
        try db.execute("INSERT INTO runs (scenario, mean) VALUES ($1, $2), ($3, NULL)", [hostile, "4.25", "mm1"])
        let rows = try db.execute("SELECT scenario, mean FROM runs ORDER BY id")
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows[0][0], hostile)
        XCTAssertEqual(rows[0][1].flatMap(Double.init), 4.25)
        XCTAssertNil(rows[1][1], "NULL reads back as nil")
        // A failed statement says why, with its SQLSTATE; a transaction that throws leaves nothing.
        do {
            try db.execute("SELECT * FROM no_such_table")
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.state, "42P01")
            XCTAssertTrue(error.message.contains("no_such_table"), error.message)
        }
        XCTAssertThrowsError(try db.transaction { () throws(PostgresConnection.Failure) in
            try db.execute("INSERT INTO runs (scenario) VALUES ('rolled back')")
            try db.execute("INSERT INTO runs (scenario) VALUES (NULL)")  // NOT NULL: fails
        })
        XCTAssertEqual(try db.execute("SELECT count(*) FROM runs")[0][0], "2")
        try db.transaction { () throws(PostgresConnection.Failure) in try db.execute("INSERT INTO runs (scenario) VALUES ('kept')") }
        XCTAssertEqual(try db.execute("SELECT count(*) FROM runs")[0][0], "3")
    }

    /// Nothing listens on port 1: refused at once, said in words.
    func testAServerThatIsNotThereIsAnError() {
        XCTAssertThrowsError(try PostgresConnection(url: "postgresql://nobody@127.0.0.1:1/none", timeout: 2)) { error in
            XCTAssertTrue("\(error)".contains("cannot connect to PostgreSQL"), "\(error)")
        }
    }
}
