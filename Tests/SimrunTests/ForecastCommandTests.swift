import Foundation
import XCTest

/// `simrun forecast` from the command line: the JSON contract, the report's fan charts, and a
/// bad census as a located error with exit status 2.
final class ForecastCommandTests: XCTestCase {
    func testJSONShapeAndFanCharts() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-forecast-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("f.json").path, html = dir.appendingPathComponent("f.html").path
        let r = try SimrunProcess.simrun(["forecast", "scenarios/ed-weekend-roster.yaml", "--census", "scenarios/data/ed-census.csv",
                                          "--now", "2026-03-02T08:00", "--hours", "48", "--replications", "10", "--format", "json", "--out", json])
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        XCTAssertEqual(doc["hours"] as? [Int], Array(1...48))
        let resources = try XCTUnwrap(doc["resources"] as? [String: [String: Any]])
        XCTAssertEqual(Set(resources.keys), ["doctor", "ward_bed"])
        let ward = try XCTUnwrap(resources["ward_bed"])
        let occupancy = try XCTUnwrap(ward["occupancy"] as? [String: [Double]])
        for key in ["mean", "p05", "p95"] { XCTAssertEqual(occupancy[key]?.count, 48, key) }
        for h in 0..<48 { XCTAssertTrue(occupancy["p05"]![h] <= occupancy["mean"]![h] && occupancy["mean"]![h] <= occupancy["p95"]![h]) }
        // The census put 44 patients in ward beds: the first hour starts near there, not empty.
        XCTAssertGreaterThan(occupancy["mean"]![0], 40)
        let full = try XCTUnwrap(ward["full_probability"] as? [Double])
        XCTAssertTrue(full.count == 48 && full.allSatisfy { (0...1).contains($0) })
        XCTAssertEqual((doc["arrivals"] as? [String: [Double]])?["mean"]?.count, 48)
        // Same file, seed and census: the same numbers on any thread count.
        let again = dir.appendingPathComponent("g.json").path
        XCTAssertEqual(try SimrunProcess.simrun(["forecast", "scenarios/ed-weekend-roster.yaml", "--census", "scenarios/data/ed-census.csv",
                                                 "--now", "2026-03-02T08:00", "--hours", "48", "--replications", "10", "--threads", "1",
                                                 "--format", "json", "--out", again]).status, 0)
        XCTAssertEqual(try String(contentsOfFile: json, encoding: .utf8), try String(contentsOfFile: again, encoding: .utf8))

        XCTAssertEqual(try SimrunProcess.simrun(["report", json, "-o", html]).status, 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        let fans = ReportCommandTests.charts(page).filter { $0.kind == "fan" }
        XCTAssertEqual(fans.count, 2 * 3 + 1, "occupancy, queue and full for each resource, and arrivals")
        XCTAssertTrue(fans.allSatisfy { $0.svg.contains("clock time") && $0.svg.contains("Tue 00:00") && $0.svg.contains("class=\"band\"") })
        XCTAssertEqual(fans.filter { $0.svg.contains("class=\"capacity\"") }.count, 2, "each occupancy chart has its staffed line")

        // Capacity beside occupancy, and the chance of being full within the next hours.
        XCTAssertEqual(doc["within_hours"] as? [Int], [4, 8, 24, 48])
        let doctor = try XCTUnwrap(resources["doctor"])
        let staffed = try XCTUnwrap(doctor["capacity"] as? [Double])
        XCTAssertEqual(staffed.count, 48)
        XCTAssertEqual(Set(staffed), [3, 5], "the day and night doctor rosters")
        let within = try XCTUnwrap(doctor["full_within"] as? [Double])
        XCTAssertEqual(within, within.sorted(), "a longer horizon is at least as likely to see the doctors full")

        // --set changes the scenario as run does: twice the ward beds are never full.
        let roomy = try SimrunProcess.simrun(["forecast", "scenarios/ed-weekend-roster.yaml", "--census", "scenarios/data/ed-census.csv",
                                              "--now", "2026-03-02T08:00", "--hours", "24", "--replications", "10",
                                              "--set", "resources.ward_bed.capacity=200", "--format", "json"])
        XCTAssertEqual(roomy.status, 0, roomy.stderr)
        let roomyDoc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(roomy.stdout.utf8)) as? [String: Any])
        let roomyWard = try XCTUnwrap((roomyDoc["resources"] as? [String: [String: Any]])?["ward_bed"])
        XCTAssertEqual(roomyWard["full_within"] as? [Double], [0, 0, 0])
        XCTAssertEqual((roomyWard["capacity"] as? [Double])?.first, 200)
    }

    func testABadCensusIsALocatedErrorAndWritesNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-forecast-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let census = dir.appendingPathComponent("c.csv").path
        try "id,class,step,status,elapsed\n1,urgent,1,in_service,5 min\n2,major,1,queued,3\n".write(toFile: census, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("f.json").path
        let r = try SimrunProcess.simrun(["forecast", "scenarios/ed-weekend-roster.yaml", "--census", census, "--now", "2026-03-02T08:00",
                                          "--format", "json", "--out", out])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines),
                       "\(census):3:3: error: unknown class 'major'; did you mean 'minor'? (classes: urgent, minor) (at class)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        let badNow = try SimrunProcess.simrun(["forecast", "scenarios/ed-weekend-roster.yaml", "--census", "scenarios/data/ed-census.csv", "--now", "monday"])
        XCTAssertEqual(badNow.status, 2)
        XCTAssertTrue(badNow.stderr.contains("--now must be an ISO 8601 date-time"), badNow.stderr)
    }

    /// `--bookings`: the booked list of Monday's cardiology session comes (less its no-shows)
    /// in place of the rule's thirteen; a list naming no clinic of the scenario is exit 2.
    func testBookedClinicListsReplaceTheRule() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-bookings-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = dir.appendingPathComponent("b.csv").path, empty = dir.appendingPathComponent("c.csv").path
        try "clinic,appointment\ncardiology,2026-03-02T09:20\ncardiology,2026-03-02T09:40\n".write(toFile: list, atomically: true, encoding: .utf8)
        try "id,class,step,status,elapsed\n".write(toFile: empty, atomically: true, encoding: .utf8)
        func arrivals(_ extra: [String]) throws -> Double {
            let r = try SimrunProcess.simrun(["forecast", "scenarios/outpatient-clinic.yaml", "--census", empty, "--now", "2026-03-02T07:00",
                                              "--hours", "6", "--replications", "200", "--format", "json"] + extra)
            XCTAssertEqual(r.status, 0, r.stderr)
            let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            return try XCTUnwrap((doc["arrivals"] as? [String: [Double]])?["mean"]).reduce(0, +)
        }
        // Two booked, each coming with probability 0.9: 1.8 on average; sd of the mean 0.03.
        XCTAssertEqual(try arrivals(["--bookings", list]), 1.8, accuracy: 0.15)
        XCTAssertGreaterThan(try arrivals([]), 10, "the rule books the session's twelve slots (and one more)")
        let bad = try SimrunProcess.simrun(["forecast", "scenarios/ed-weekend-roster.yaml", "--census", empty, "--now", "2026-03-02T07:00",
                                            "--bookings", list])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("b.csv:2:1: error: unknown clinic 'cardiology' (clinics: none) (at clinic)"), bad.stderr)
    }
}
