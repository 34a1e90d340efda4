import Foundation
import XCTest

/// `simrun forecast --backtest` against a history whose truth is known: an event log the
/// scenario itself wrote (22 days of the weekend-roster ED, one replication). Forecasts from
/// censuses rebuilt from it are then forecasts by the true model: unbiased within their spread,
/// their 90% bands covering at least nearly 90%, their chance of being full better than the
/// base rate an hour ahead, and errors that grow with the horizon. The same log scored with
/// ward stays half as long again shows a bias of beds in excess; exit 2 for a bad log.
final class ForecastCommandBacktestTests: SimrunTestCase {
    func scores(_ scenario: String, log: String) throws -> [String: [String: [Double?]]] {
        let r = try simrun(["forecast", scenario, "--backtest", log, "--hours", "24", "--every", "6", "--replications", "60", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(doc["kind"] as? String, "forecast_backtest")
        XCTAssertEqual(doc["horizons"] as? [Int], [1, 2, 4, 8, 12, 24])
        let origins = try XCTUnwrap(doc["origins"] as? [String])
        XCTAssertEqual(origins.count, 52, "every 6 hours from day 9 until a day before the log ends")
        XCTAssertEqual(origins.first, "2001-01-09T00:00", "the first midnight a week after the first event")
        XCTAssertEqual((doc["unplaced"] as? [Int])?.reduce(0, +), 0, "every patient of this pathway has a place")
        let resources = try XCTUnwrap(doc["resources"] as? [String: [String: Any]])
        return resources.mapValues { r in r.mapValues { ($0 as? [Any])?.map { $0 as? Double } ?? [] } }
    }

    func testForecastsByTheTrueModelAreCalibratedAndAWrongModelIsNot() throws {
        let dir = try temporaryFolder()
        let log = dir.appendingPathComponent("log.csv").path
        let made = try simrun(["run", "scenarios/ed-weekend-roster.yaml", "--replications", "1", "--warmup", "0", "--horizon", "22 day",
                               "--event-log", log, "--format", "json"])
        XCTAssertEqual(made.status, 0, made.stderr)
        let truth = try scores("scenarios/ed-weekend-roster.yaml", log: log)
        let ward = try XCTUnwrap(truth["ward_bed"])
        let bias = ward["bias"]!.map { $0! }, sd = ward["error_sd"]!.map { $0! }
        for k in bias.indices {
            // 52 origins 6 hours apart: at a day ahead their errors overlap about four to one, so
            // the bias is judged on 13 independent errors (3.29 standard errors: the 99.9% level).
            XCTAssertLessThan(abs(bias[k]), 3.29 * sd[k] / 13.0.squareRoot(), "horizon \(k)")
        }
        XCTAssertLessThan(sd[0], sd[5] / 2, "an hour ahead the beds are mostly the census's; a day ahead they are not")
        let coverage = truth.values.flatMap { $0["coverage_90"]!.map { $0! } }
        XCTAssertGreaterThan(coverage.reduce(0, +) / Double(coverage.count), 0.85, "the 90% bands, over resources and horizons")
        XCTAssertLessThan(ward["brier"]![0]!, ward["brier_base_rate"]![0]! / 2, "the census tells whether the beds are full an hour ahead")

        // Stays of 3 days instead of 2: too many beds forecast a day ahead.
        let text = try String(contentsOfFile: "scenarios/ed-weekend-roster.yaml", encoding: .utf8)
        XCTAssertTrue(text.contains(#"delay: {lognormal: {mean: "2 day", sd: "1.5 day"}}"#))
        let wrong = dir.appendingPathComponent("wrong.yaml").path
        try text.replacingOccurrences(of: #"mean: "2 day""#, with: #"mean: "3 day""#).write(toFile: wrong, atomically: true, encoding: .utf8)
        let longer = try XCTUnwrap(try scores(wrong, log: log)["ward_bed"])
        let wrongBias = longer["bias"]![5]!
        XCTAssertGreaterThan(wrongBias, 3.29 * longer["error_sd"]![5]! / 13.0.squareRoot(), "a day ahead: \(wrongBias) beds too many")

        let html = dir.appendingPathComponent("b.html").path, json = dir.appendingPathComponent("b.json").path
        XCTAssertEqual(try simrun(["forecast", "scenarios/ed-weekend-roster.yaml", "--backtest", log, "--hours", "8", "--replications", "5",
                                   "--format", "json", "--out", json]).status, 0)
        XCTAssertEqual(try simrun(["report", json, "-o", html]).status, 0)
        XCTAssertEqual(ReportCommandTests.charts(try String(contentsOfFile: html, encoding: .utf8)).filter { $0.kind == "lines" }.count, 4)
        let table = try simrun(["forecast", "scenarios/ed-weekend-roster.yaml", "--backtest", log, "--hours", "4", "--replications", "5"])
        XCTAssertTrue(table.stdout.contains("ward_bed\n  hours         MAE"), table.stdout)
    }

    func testABadLogIsALocatedErrorAndWritesNothing() throws {
        let dir = try temporaryFolder()
        let log = dir.appendingPathComponent("log.csv").path, out = dir.appendingPathComponent("out.json").path
        try "entity_id,pathway,event_type,event,time\n1,urgent,arrival_departure,arrival,0\n1,urgent,queue,docter_wait_begins,1\n"
            .write(toFile: log, atomically: true, encoding: .utf8)
        let r = try simrun(["forecast", "scenarios/ed-weekend-roster.yaml", "--backtest", log, "--out", out])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("log.csv:3:16: error: unknown resource 'docter'; did you mean 'doctor'? (at event)"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        let both = try simrun(["forecast", "scenarios/ed-weekend-roster.yaml", "--backtest", log, "--census", "scenarios/data/ed-census.csv"])
        XCTAssertNotEqual(both.status, 0)
        XCTAssertTrue(both.stderr.contains("give one of --census"), both.stderr)
        try "entity_id,pathway,event_type,event,time\n1,urgent,arrival_departure,arrival,0\n".write(toFile: log, atomically: true, encoding: .utf8)
        let short = try simrun(["forecast", "scenarios/ed-weekend-roster.yaml", "--backtest", log])
        XCTAssertEqual(short.status, 2)
        XCTAssertTrue(short.stderr.contains("a backtest of 72 hours needs a week to settle"), short.stderr)
    }
}
