import XCTest
@testable import HospitalScenario

/// CSV as spreadsheets write it: comma-separated, or semicolon-separated with decimal commas
/// (where the comma is the decimal mark), or tab-separated, all read as the same table.
final class EpisodeTableTests: XCTestCase {
    /// Every field's text, row by row, header first.
    func texts(_ table: EpisodeTable) -> [[String]] { [table.header] + table.rows.map { $0.fields.map(\.text) } }

    func testSemicolonsWithDecimalCommasAndTabsReadAsTheCommaTable() throws {
        let comma = "arrived_at,class,minutes,elapsed,name\n2026-01-05T00:04,minor,18.51,3.5 hour,\"Smith, John\"\n2026-01-05T01:00,urgent,7,-2.25 hour,Lee\n"
        let semicolon = "arrived_at;class;minutes;elapsed;name\n2026-01-05T00:04;minor;18,51;3,5 hour;Smith, John\n2026-01-05T01:00;urgent;7;-2,25 hour;Lee\n"
        let tab = comma.replacingOccurrences(of: ",", with: "\t").replacingOccurrences(of: "\"Smith\t John\"", with: "Smith, John")
        let expected = try texts(EpisodeTable.parse(comma, file: "c.csv"))
        XCTAssertEqual(expected[1], ["2026-01-05T00:04", "minor", "18.51", "3.5 hour", "Smith, John"])
        XCTAssertEqual(try texts(EpisodeTable.parse(semicolon, file: "s.csv")), expected)
        XCTAssertEqual(try texts(EpisodeTable.parse(tab, file: "t.csv")), expected)
    }

    /// A comma is a decimal mark only in a semicolon file, and only one comma between digits.
    func testOnlyAOneCommaNumberOfASemicolonFileChanges() throws {
        let semicolon = try EpisodeTable.parse("a;b;c;d\n1,2,3;x,5;\"12,5\";7,\n", file: "s.csv")
        XCTAssertEqual(semicolon.rows[0].fields.map(\.text), ["1,2,3", "x,5", "12.5", "7,"])
        let comma = try EpisodeTable.parse("a,b\n\"12,5\",\"x;y\"\n", file: "c.csv")
        XCTAssertEqual(comma.rows[0].fields.map(\.text), ["12,5", "x;y"], "a comma file's quoted text is kept as written")
        XCTAssertThrowsError(try EpisodeTable.parse("only\n3,5\n", file: "one.csv"), "one column: a comma separates") {
            XCTAssertTrue("\($0)".contains("2 fields where the header names 1 columns"), "\($0)")
        }
    }

    /// Fields keep their columns in a semicolon file, for messages.
    func testColumnsAreCountedWithTheSeparatorFound() throws {
        let table = try EpisodeTable.parse("a;bb;c\n1;22,5;3\n", file: "s.csv")
        XCTAssertEqual(table.rows[0].fields.map(\.column), [1, 3, 8])
        XCTAssertEqual(table.headerColumns, [1, 3, 6])
    }
}
