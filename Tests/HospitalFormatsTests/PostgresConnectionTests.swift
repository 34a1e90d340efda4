import Foundation
import PostgresTestSupport
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

extension PostgresConnectionTests {
    /// COPY carries any text (tabs, newlines, backslashes, quotes) and NULLs exactly; a row
    /// source that fails leaves no row behind.
    func testCopyCarriesAnyTextAndAFailedCopyLeavesNothing() throws {
        let server = try PostgresTestServer()
        defer { server.stop() }
        let db = try PostgresConnection(url: server.url)
        try db.execute("CREATE TABLE t (n integer, s text)")
        let texts: [String?] = ["plain", "tab\there", "line\nbreak\r\n", "back\\slash \\N", "'; DROP TABLE t; --", nil, "ünïcødé", ""]
        let sent = try db.copy(into: "t", columns: ["n", "s"]) { row throws(PostgresConnection.Failure) in
            for (i, s) in texts.enumerated() { try row([String(i), s]) }
        }
        XCTAssertEqual(sent, texts.count)
        XCTAssertEqual(try db.execute("SELECT s FROM t ORDER BY n").map { $0[0] }, texts)
        XCTAssertThrowsError(try db.copy(into: "t", columns: ["n", "s"]) { row throws(PostgresConnection.Failure) in
            try row(["100", "first"])
            throw PostgresConnection.Failure(message: "the source failed", state: nil)
        })
        XCTAssertThrowsError(try db.copy(into: "t", columns: ["n", "s"]) { row throws(PostgresConnection.Failure) in
            try row(["not a number", "x"])
        }) { XCTAssertEqual(($0 as? PostgresConnection.Failure)?.state, "22P02") }
        XCTAssertEqual(try db.execute("SELECT count(*) FROM t")[0][0], String(texts.count))
        XCTAssertEqual(try db.execute("SELECT 1")[0][0], "1", "the connection is usable after a failed copy")
    }
}
