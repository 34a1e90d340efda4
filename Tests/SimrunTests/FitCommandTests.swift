import Foundation
import XCTest

/// `simrun fit` from the command line: the JSON contract, the example extract's weekly pattern,
/// and bad data as a located error with exit status 2 and no output file.
final class FitCommandTests: XCTestCase {
    let example = ["fit", "scenarios/data/ed-episodes.csv", "--arrival", "arrived_at", "--class", "triage",
                   "--duration", "doctor_minutes", "--duration", "stay_hours:hour"]

    func testJSONHasTheContractShape() throws {
        let r = try SimrunProcess.simrun(example + ["--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let arrivals = try XCTUnwrap(doc["arrivals"] as? [String: Any])
        XCTAssertEqual(arrivals["unit"] as? String, "per hour")
        let rates = try XCTUnwrap(arrivals["by_hour"] as? [Double])
        let (lower, upper) = (try XCTUnwrap(arrivals["lower"] as? [Double]), try XCTUnwrap(arrivals["upper"] as? [Double]))
        XCTAssertEqual(rates.count, 168, "eight weeks of data: the week profile")
        for h in 0..<168 { XCTAssertTrue(lower[h] <= rates[h] && rates[h] <= upper[h], "hour \(h)") }
        // The extract was made with Mondays busier than Sundays, which the fit sees.
        XCTAssertGreaterThan(rates[0..<24].reduce(0, +), 1.4 * rates[144..<168].reduce(0, +))
        let test = try XCTUnwrap(arrivals["week_test"] as? [String: Any])
        XCTAssertLessThan(try XCTUnwrap(test["p"] as? Double), 1e-6)
        let classes = try XCTUnwrap(doc["classes"] as? [String: Double])
        XCTAssertEqual(Set(classes.keys), ["resus", "emergent", "urgent", "minor"])
        XCTAssertEqual(classes.values.reduce(0, +), 1, accuracy: 1e-9)
        let durations = try XCTUnwrap(doc["durations"] as? [String: [String: Any]])
        let stay = try XCTUnwrap(durations["stay_hours"])
        XCTAssertGreaterThan(try XCTUnwrap(stay["n"] as? Int), 500)
        let fits = try XCTUnwrap(stay["fits"] as? [[String: Any]])
        XCTAssertEqual(fits.count, 5)
        let aics = fits.compactMap { $0["aic"] as? Double }
        XCTAssertEqual(aics, aics.sorted(), "ranked best first")
        for f in fits {
            XCTAssertNotNil(f["form"] as? String)
            XCTAssertNotNil(f["parameters"] as? [String: Double])
            XCTAssertNotNil(f["ks_statistic"] as? Double)
            XCTAssertNotNil(f["ks_p"] as? Double)
        }
        // Stays were drawn from a gamma of shape 2 and scale 24 hours.
        XCTAssertEqual(fits[0]["form"] as? String, "gamma")
    }

    func testBadDataExitsTwoWithAPlaceAndWritesNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-fit-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.csv").path
        try "arrived_at,los\n2026-01-05T08:00,12\n2026-01-05T09:00,oops\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("fit.json").path
        let r = try SimrunProcess.simrun(["fit", bad, "--arrival", "arrived_at", "--duration", "los", "--format", "json", "--out", out])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines),
                       "\(bad):3:18: error: 'oops' is not a number (a duration in minutes) (at los)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        let missing = try SimrunProcess.simrun(["fit", bad, "--arrival", "arrival"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains(":1:1: error: no column 'arrival'; did you mean 'arrived_at'?"), missing.stderr)
    }
}
