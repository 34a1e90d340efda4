import Foundation
import XCTest

/// `simrun fit` from the command line: the JSON contract, the example extract's weekly pattern,
/// and bad data as a located error with exit status 2 and no output file.
final class FitCommandTests: SimrunTestCase {
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
                       "\(bad):3:18: error: 'oops' is not a number (a duration in minutes) nor hours and minutes (h:mm or h:mm:ss) (at los)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        let missing = try SimrunProcess.simrun(["fit", bad, "--arrival", "arrival"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains(":1:1: error: no column 'arrival'; did you mean 'arrived_at'?"), missing.stderr)
    }

    /// The ward extract (`scripts/make-ward-stays.py`): assessment times in whole minutes from a
    /// gamma of shape 1.6 and scale 3, stays from a lognormal of mean 60 and sd 48 hours, 106 of
    /// them unfinished at the extract's end. Read as recorded, the fits recover the truth (each
    /// parameter within 3.29 standard errors, the 99.9% level); fitted naively, the rounded
    /// column loses its gamma and the finished stays understate the mean.
    func testRoundedAndCensoredDurationsRecoverTheTruth() throws {
        let file = ["fit", "scenarios/data/ward-stays.csv", "--arrival", "admitted_at", "--duration", "assessment_minutes",
                    "--duration", "stay_hours:hour", "--format", "json"]
        func durations(_ extra: [String]) throws -> [String: [String: Any]] {
            let r = try SimrunProcess.simrun(file + extra)
            XCTAssertEqual(r.status, 0, r.stderr)
            let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            return try XCTUnwrap(doc["durations"] as? [String: [String: Any]])
        }
        func fit(_ d: [String: Any]?, _ form: String) throws -> [String: Any] {
            let fits = try XCTUnwrap(d?["fits"] as? [[String: Any]])
            return try XCTUnwrap(fits.first { $0["form"] as? String == form }, "no \(form) fit")
        }
        /// Estimate minus truth in standard errors (from the 95% interval).
        func z(_ f: [String: Any], _ name: String, _ truth: Double) throws -> Double {
            let value = try XCTUnwrap((f["parameters"] as? [String: Double])?[name])
            let interval = try XCTUnwrap((f["intervals"] as? [String: [Double]])?[name])
            return (value - truth) / ((interval[1] - interval[0]) / (2 * 1.959964))
        }

        let read = try durations(["--extract-end", "2026-03-02T00:00"])
        let assessment = read["assessment_minutes"]
        XCTAssertEqual(assessment?["resolution"] as? Double, 1)
        XCTAssertEqual(assessment?["resolution_detected"] as? Bool, true)
        let gamma = try fit(assessment, "gamma")
        XCTAssertEqual(gamma["method"] as? String, "interval")
        XCTAssertLessThan(abs(try z(gamma, "shape", 1.6)), 3.29)
        XCTAssertLessThan(abs(try z(gamma, "scale", 3)), 3.29)

        let stay = read["stay_hours"]
        XCTAssertEqual(stay?["censored"] as? Int, 106)
        XCTAssertEqual(stay?["n"] as? Int, 2635)
        let km = try XCTUnwrap(stay?["kaplan_meier"] as? [String: [Double]])
        let survival = try XCTUnwrap(km["survival"])
        XCTAssertEqual(survival, survival.sorted(by: >), "the curve never rises")
        XCTAssertEqual(km["time"]?.count, survival.count)
        let lognormal = try fit(stay, "lognormal")
        XCTAssertEqual(lognormal["method"] as? String, "censored")
        XCTAssertTrue(lognormal["ks_p"] is NSNull, "no KS p-value for censored data")
        XCTAssertLessThan(abs(try z(lognormal, "mean", 60)), 3.29)
        XCTAssertLessThan(abs(try z(lognormal, "sd", 48)), 3.29)

        // Naively: whole minutes as exact values, and the unfinished stays dropped as missing.
        let naive = try durations(["--resolution", "exact"])
        let naiveFits = try XCTUnwrap(naive["assessment_minutes"]?["fits"] as? [[String: Any]])
        XCTAssertFalse(naiveFits.isEmpty)
        XCTAssertFalse(naiveFits.contains { $0["form"] as? String == "gamma" }, "zeros leave the true form out")
        XCTAssertNil(naive["assessment_minutes"]?["resolution"])
        XCTAssertEqual(naive["stay_hours"]?["missing"] as? Int, 106)
        XCTAssertLessThan(try z(try fit(naive["stay_hours"], "lognormal"), "mean", 60), -1.959964,
                          "the finished stays alone understate the mean beyond their 95% interval")
    }

    /// The ED extract was drawn with doctor times lognormal by class (means 60, 40, 30 and 15
    /// minutes for resus, emergent, urgent and minor) and admission probabilities 0.7, 0.5, 0.25
    /// and 0.02: fitted class by class (`--by`) and with `--branch admitted`, every class's mean
    /// and share is recovered (within 3.29 standard errors, the 99.9% level), the stay goes into
    /// the admission arm, and the YAML is a scenario that validates and runs.
    func testClassesAreFittedOneByOneAndOutcomesBecomeBranches() throws {
        let args = ["fit", "scenarios/data/ed-episodes.csv", "--arrival", "arrived_at", "--by", "triage", "--duration", "doctor_minutes",
                    "--duration", "stay_hours:hour", "--branch", "admitted"]
        let r = try SimrunProcess.simrun(args + ["--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let doctor = try XCTUnwrap((doc["durations"] as? [String: [String: Any]])?["doctor_minutes"])
        let byClass = try XCTUnwrap(doctor["by_class"] as? [String: [String: Any]])
        let truth: [String: (mean: Double, admitted: Double)] = ["resus": (60, 0.7), "emergent": (40, 0.5), "urgent": (30, 0.25), "minor": (15, 0.02)]
        XCTAssertEqual(Set(byClass.keys), Set(truth.keys))
        for (name, t) in truth {
            let fits = try XCTUnwrap(byClass[name]?["fits"] as? [[String: Any]])
            let lognormal = try XCTUnwrap(fits.first { $0["form"] as? String == "lognormal" })
            let mean = try XCTUnwrap((lognormal["parameters"] as? [String: Double])?["mean"])
            let interval = try XCTUnwrap((lognormal["intervals"] as? [String: [Double]])?["mean"])
            let se = (interval[1] - interval[0]) / (2 * 1.959964)
            XCTAssertLessThan(abs(mean - t.mean) / se, 3.29, "\(name): doctor mean \(mean) ± \(se) against \(t.mean)")
        }
        let admitted = try XCTUnwrap((doc["branches"] as? [String: [String: Any]])?["admitted"])
        XCTAssertEqual(admitted["durations"] as? [String], ["stay_hours"], "the stay is recorded exactly for those admitted")
        let shares = try XCTUnwrap(admitted["by_class"] as? [String: [String: Any]])
        for (name, t) in truth {
            let share = try XCTUnwrap(shares[name])
            let (p, lower, upper) = (try XCTUnwrap(share["share"] as? Double), try XCTUnwrap(share["lower"] as? Double), try XCTUnwrap(share["upper"] as? Double))
            XCTAssertTrue(lower <= p && p <= upper)
            let halfWidth = (t.admitted < p ? p - lower : upper - p) * 3.29 / 1.959964
            XCTAssertLessThan(abs(p - t.admitted), halfWidth, "\(name): admitted \(p) against \(t.admitted)")
        }

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-fit-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = dir.appendingPathComponent("fitted.yaml").path
        XCTAssertEqual(try SimrunProcess.simrun(args + ["--format", "yaml", "--out", yaml]).status, 0)
        let text = try String(contentsOfFile: yaml, encoding: .utf8)
        XCTAssertTrue(text.contains("by_class:") && text.contains("- branch:  # admitted"), text)
        let run = try SimrunProcess.simrun(["run", yaml, "--replications", "2", "--horizon", "3 day", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let results = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let metrics = try XCTUnwrap(results["metrics"] as? [String: [String: Any]])
        XCTAssertGreaterThan(try XCTUnwrap(metrics["patients.arrived"]?["mean"] as? Double), 100)
        let mismatch = try SimrunProcess.simrun(args + ["--class", "arrived_at"])
        XCTAssertNotEqual(mismatch.status, 0)
        XCTAssertTrue(mismatch.stderr.contains("name different columns"), mismatch.stderr)
    }

    /// `--holidays` fits the calendar model; its YAML's dated rates go into a scenario whose
    /// forecast from the first day after the data brings, day by day, the arrivals the fit
    /// expects (within 4 standard errors of 200 replications' Poisson totals), the bank holiday
    /// Monday below the Tuesday after it.
    func testTheCalendarsDatedRatesAreWhatAForecastOfThoseDaysTakes() throws {
        let dir = try temporaryFolder()
        let args = ["fit", "scenarios/data/ed-arrivals-2025.csv", "--arrival", "arrived_at", "--holidays", "scenarios/data/bank-holidays.csv", "--ahead", "2"]
        let r = try simrun(args + ["--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let calendar = try XCTUnwrap(doc["calendar"] as? [String: Any])
        let ahead = try XCTUnwrap(calendar["ahead"] as? [String: Any])
        XCTAssertEqual(ahead["start"] as? String, "2025-08-25")
        let rates = try XCTUnwrap(ahead["rates"] as? [Double])
        XCTAssertEqual(rates.count, 48)
        let expected = [rates[0..<24].reduce(0, +), rates[24..<48].reduce(0, +)]
        XCTAssertLessThan(expected[0], expected[1], "the bank holiday Monday")

        let fragment = try simrun(args + ["--format", "yaml"])
        XCTAssertEqual(fragment.status, 0, fragment.stderr)
        XCTAssertTrue(fragment.stdout.contains("by_date:\n      start: 2025-08-25"), fragment.stdout)
        let scenario = dir.appendingPathComponent("calendar.yaml").path, census = dir.appendingPathComponent("census.csv").path
        try ("name: calendar\nrun: {horizon: \"1 day\", replications: 200, start: 2025-08-25}\n" + fragment.stdout
             + "resources: [{name: bay, capacity: infinite}]\npathway: [{use: bay, duration: 30}]\n").write(toFile: scenario, atomically: true, encoding: .utf8)
        try "id,class,step,status,elapsed\n".write(toFile: census, atomically: true, encoding: .utf8)
        let forecast = try simrun(["forecast", scenario, "--census", census, "--now", "2025-08-25T00:00", "--hours", "48", "--format", "json"])
        XCTAssertEqual(forecast.status, 0, forecast.stderr)
        let result = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(forecast.stdout.utf8)) as? [String: Any])
        let arrivals = try XCTUnwrap((result["arrivals"] as? [String: [Double]])?["mean"])
        for day in 0..<2 {
            let simulated = arrivals[(day * 24)..<(day * 24 + 24)].reduce(0, +)
            XCTAssertEqual(simulated, expected[day], accuracy: 4 * (expected[day] / 200).squareRoot(), "day \(day + 1)")
        }
        let bad = dir.appendingPathComponent("h.csv").path
        try "date,name\n2025-02-30,oops\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try simrun(["fit", "scenarios/data/ed-arrivals-2025.csv", "--arrival", "arrived_at", "--holidays", bad])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("h.csv:2:1: error: '2025-02-30' is not a date"), refused.stderr)
    }
}
