import Foundation
import XCTest

/// The reproducers of a hostile user's attack on the newer commands: each exits 0 with a whole
/// output or 2 with a located message, never a crash, a runaway or a hidden leftover.
final class SimrunHardeningTests: SimrunTestCase {
    func write(_ text: String, _ name: String) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func assertRefused(_ arguments: [String], _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try simrun(arguments)
        XCTAssertEqual(r.status, 2, r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.contains(message), "\(message) not in: \(r.stderr)", file: file, line: line)
        XCTAssertTrue(r.stdout.isEmpty, r.stdout, file: file, line: line)
    }

    /// Arrival times spanning more years than an Int holds were converted to Int for the
    /// message that refused them (SIGILL); the stray value's own line is named.
    func testFitRefusesArrivalsSpanningAeons() throws {
        for (stray, line) in [("1e25", 3), ("-1e25", 3), ("1e308", 3)] {
            let csv = try write("arrival\n0\n\(stray)\n5\n", "aeons.csv")
            try assertRefused(["fit", csv, "--arrival", "arrival"], "aeons.csv:\(line):1: error: the arrival times span")
        }
    }

    /// 25,000 arrivals in one hour: GSL's chi-square quantile does not converge at 50,002
    /// degrees of freedom, and its default handler aborted the process. The interval comes from
    /// the normal approximation instead: about 25,000 +- 1.96 x sqrt(25,000).
    func testFitOfTensOfThousandsOfArrivalsInAnHourGivesAnInterval() throws {
        let csv = try write("arrival\n" + (0..<25_000).map { String(Double($0) * 0.001) }.joined(separator: "\n") + "\n", "dense.csv")
        let r = try simrun(["fit", csv, "--arrival", "arrival", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let arrivals = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["arrivals"] as? [String: Any])
        let lower = try XCTUnwrap((arrivals["lower"] as? [Double])?.first)
        let upper = try XCTUnwrap((arrivals["upper"] as? [Double])?.first)
        let half = 1.96 * 25_000.0.squareRoot()
        XCTAssertEqual(lower, 25_000 - half, accuracy: 0.02 * half)
        XCTAssertEqual(upper, 25_000 + half, accuracy: 0.02 * half)
    }
}
