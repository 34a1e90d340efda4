import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalPolicies
@testable import HospitalScenario
@testable import HospitalSimulation
@testable import SimKernel

/// `simrun fit`'s reading and fitting of an episode extract.
final class EpisodeFitTests: XCTestCase {
    func fit(_ csv: String, durations: [String] = [], classColumn: String? = nil) throws(EpisodeTable.Failure) -> EpisodeFit {
        try EpisodeFit(try EpisodeTable.parse(csv, file: "e.csv"), arrival: "at", classColumn: classColumn, durations: durations, timeUnit: .minute)
    }

    func failure(_ csv: String, durations: [String] = []) -> String {
        do {
            _ = try fit(csv, durations: durations)
            return ""
        } catch {
            return error.description
        }
    }

    func testBadDataIsALocatedError() {
        XCTAssertEqual(failure(""), "e.csv:1:1: error: the file is empty; it needs a header line naming its columns")
        XCTAssertEqual(failure("at,los\n"), "e.csv:1:1: error: the file has a header but no episodes")
        XCTAssertTrue(failure("time,los\n2026-01-05T08:00,3\n").hasPrefix("e.csv:1:1: error: no column 'at'"))
        XCTAssertEqual(failure("at,los\n2026-01-05T08:00,3\n2026-01-05 09:00,4\n2026-13-05T10:00,5\n"),
                       "e.csv:4:1: error: '2026-13-05T10:00' is not an ISO 8601 date-time such as 2026-03-02T08:15 or 2026-03-02 08:15:00 (at at)")
        XCTAssertEqual(failure("at,los\n2026-01-05T08:00,3\n2026-01-05T09:00,-4\n", durations: ["los"]),
                       "e.csv:3:18: error: a duration cannot be negative, got -4 (at los)")
        XCTAssertEqual(failure("at,los\n2026-01-05T08:00,3\n2026-01-05T09:00,\"four\"\n", durations: ["los"]),
                       "e.csv:3:18: error: 'four' is not a number (a duration in minutes) nor hours and minutes (h:mm or h:mm:ss) (at los)")
        XCTAssertTrue(failure("at,los\n2026-01-05T08:00,3\n2026-01-05T09:00,1:75\n", durations: ["los"]).contains("'1:75' is not a number"))
        XCTAssertTrue(failure("at,los\n1,2\n", durations: ["lso"]).contains("did you mean 'los'?"))
        XCTAssertEqual(failure("at,los\n1,2,3\n"), "e.csv:2:5: error: 3 fields where the header names 2 columns")
        XCTAssertEqual(failure("at,los\n\"1,2\n"), "e.csv:2:1: error: a quoted field is not closed")
        XCTAssertEqual(failure("at,los\n0,1\n1e12,2\n"),
                       "e.csv:3:1: error: the arrival times span 1901285 years; the limit is 100 (are numeric times in minutes?) (at at)")
    }

    /// Dates as written (the wall clock), whole days from the first arrival's midnight, and
    /// empty duration cells are missing values, not zeros.
    func testDatesClassesAndMissingValues() throws {
        let f = try fit("""
            at,class,los
            2026-01-05T08:30:00,a,10
            2026-01-05T08:45:00+01:00,b,
            2026-01-06 23:10,a,30
            2026-01-06T23:59:59.5Z,a,20
            """, durations: ["los"], classColumn: "class")
        XCTAssertEqual(f.arrivals.bins, 24)
        XCTAssertEqual(f.arrivals.hours, 48, "two whole days")
        XCTAssertEqual(f.arrivals.profile.counts[8], 2)
        XCTAssertEqual(f.arrivals.profile.counts[23], 2)
        XCTAssertEqual(f.arrivals.profile.rates[8], 1, "two arrivals in two observed hours")
        XCTAssertEqual(f.arrivals.firstDay, "2026-01-05")
        XCTAssertEqual(f.classes.map(\.name), ["a", "b"])
        XCTAssertEqual(f.classes[0].share, 0.75)
        XCTAssertEqual(f.durations[0].n, 3)
        XCTAssertEqual(f.durations[0].missing, 1)
        XCTAssertEqual(CivilDate.weekday(CivilDate.days(2026, 11, 26)), 3, "a Thursday")
        // A spreadsheet's byte-order mark and Windows line ends are not part of the data.
        let excel = try fit("\u{FEFF}at,los\r\n2026-01-05T08:30,10\r\n2026-01-05T09:30,12\r\n", durations: ["los"])
        XCTAssertEqual(excel.durations[0].n, 2)
        XCTAssertEqual(excel.arrivals.arrivals, 2)
        XCTAssertNil(CivilDate.minutes(iso: "2026-02-30T00:00"))
    }

    /// Durations written on a clock, as hospital extracts often give them: h:mm is hours and
    /// minutes, read to the minute (each value an interval a minute wide); h:mm:ss to the second.
    func testDurationsOnAClockAreHoursAndMinutesToTheirResolution() throws {
        let f = try fit("at,los\n2026-01-05T08:00,0:19\n2026-01-05T09:00,1:05\n2026-01-05T10:00,26:00\n", durations: ["los"])
        XCTAssertEqual(f.durations[0].percentiles.first, 19)
        XCTAssertEqual(f.durations[0].percentiles.last, 1560, "hours may pass 24")
        XCTAssertEqual(f.durations[0].resolution, 1)
        XCTAssertTrue(f.durations[0].resolutionDetected)
        XCTAssertTrue(f.durations[0].note?.contains("written in hours and minutes (h:mm): read as recorded to the minute") == true, f.durations[0].note ?? "")
        let seconds = try fit("at,los\n2026-01-05T08:00,0:19:30\n2026-01-05T09:00,1:05:00\n", durations: ["los"])
        XCTAssertEqual(seconds.durations[0].percentiles.first, 19.5)
        XCTAssertEqual(seconds.durations[0].resolution!, 1.0 / 60, accuracy: 1e-12)
        // Mixed with plain numbers, the clock's resolution is not assumed.
        let mixed = try fit("at,los\n2026-01-05T08:00,0:19\n2026-01-05T09:00,20.5\n", durations: ["los"])
        XCTAssertNil(mixed.durations[0].resolution)
    }

    /// The YAML fragment pastes into a scenario: its arrivals load, with the fitted rates.
    func testTheYamlFragmentPastesIntoAScenario() throws {
        var csv = "at,class,minutes\n"
        let stream = RandomStream(seed: 3)
        var t = 0.0
        while t < 4 * 7 * 1440 {
            t += stream.exponential(mean: 20)
            csv += "\(t),\(stream.uniform() < 0.3 ? "urgent" : "minor"),\(stream.exponential(mean: 15))\n"
        }
        let f = try fit(csv, durations: ["minutes"], classColumn: "class")
        XCTAssertEqual(f.arrivals.bins, 168, "four weeks of data: the week profile")
        let fragment = FitDocument.yaml(f)
        let best = try XCTUnwrap(f.durations[0].fits.first)
        XCTAssertEqual(best.form, .exponential)
        let s = scenario("""
            name: pasted
            run: {horizon: "7 day"}
            \(fragment)
            classes: [{name: urgent, priority: 1}, {name: minor, priority: 2}]
            resources: [{name: doctor, capacity: 2}]
            pathway: [{use: doctor, duration: \(FitDocument.distributionText(best, unit: .minute))}]
            """)
        guard case .profile(let rates) = s.arrivals[0].process else { return XCTFail("a by_hour profile") }
        XCTAssertEqual(rates.count, 168)
        // Rates per hour in the file, per minute in the scenario; printed to four digits.
        for h in 0..<168 { XCTAssertEqual(rates[h] * 60, f.arrivals.profile.rates[h], accuracy: 5e-4 * max(1, f.arrivals.profile.rates[h])) }
        XCTAssertEqual(s.arrivals[0].classMix?[0] ?? 0, f.classes.first { $0.name == "urgent" }!.share, accuracy: 1e-4)
    }

    /// Durations no form fits get the continuous empirical distribution, and it pastes: read in a
    /// scenario of another time unit, it has the mean and sd the fit printed (its values are in
    /// the fit's unit, said by `unit`).
    func testTheContinuousEmpiricalSuggestionPastesIntoAScenario() throws {
        var csv = "at,minutes\n"
        let stream = RandomStream(seed: 11)
        let fast = try Distribution.lognormal(mean: 18, sd: 6), slow = try Distribution.lognormal(mean: 60, sd: 45)
        for i in 0..<2_000 {
            csv += "\(Double(i) * 7),\(stream.uniform() < 0.8 ? fast.sample(stream) : slow.sample(stream))\n"
        }
        let f = try fit(csv, durations: ["minutes"])
        let d = f.durations[0]
        XCTAssertNotNil(d.warning, "no form should fit this mixture")
        let suggested = try XCTUnwrap(d.empirical)
        let fragment = FitDocument.yaml(f)
        let line = try XCTUnwrap(fragment.split(separator: "\n").first { $0.contains("duration: {continuous_empirical") })
        let text = String(line[line.range(of: "duration: ")!.upperBound...])
        let s = scenario("""
            name: pasted
            time_unit: hour
            run: {horizon: "7 day"}
            arrivals: [{name: a, rate: "1 per hour"}]
            resources: [{name: doctor, capacity: 2}]
            pathway: [{use: doctor, duration: \(text)}]
            """)
        guard case .use(_, let pasted, _, _, _, _) = s.pathway[0] else { return XCTFail("a use step") }
        XCTAssertEqual(pasted.mean * 60, suggested.mean, accuracy: 1e-4 * suggested.mean)
        XCTAssertEqual(pasted.variance.squareRoot() * 60, suggested.variance.squareRoot(), accuracy: 1e-4 * suggested.mean)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(FitDocument(f).json.utf8)) as? [String: Any])
        let entry = try XCTUnwrap(((json["durations"] as? [String: Any])?["minutes"] as? [String: Any])?["empirical"] as? [String: Any])
        XCTAssertEqual(try XCTUnwrap(entry["mean"] as? Double), suggested.mean, accuracy: 1e-9 * suggested.mean)
        XCTAssertEqual((entry["values"] as? [Any])?.count, (entry["cumulative"] as? [Any])?.count)
    }
}
