import SimKernel
import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalPolicies
@testable import HospitalScenario
@testable import HospitalSimulation

/// Forecasts from a census, against closed forms.
final class SimulationForecastTests: XCTestCase {
    /// An infinite-server ward with Poisson arrivals at `rate` per hour and stays of `stay`.
    func ward(rate: String, stay: String, replications: Int = 400) -> Scenario {
        scenario("""
            name: ward
            time_unit: hour
            run: {horizon: "10 day", replications: \(replications), seed: 8}
            arrivals: [{name: a, rate: "\(rate)"}]
            resources: [{name: bed, capacity: infinite}]
            pathway: [{use: bed, duration: \(stay)}]
            """)
    }

    func census(_ n: Int, elapsed: String) -> [CensusPatient] {
        (0..<n).map { CensusPatient(id: "\($0)", classIndex: 0, step: [0], status: .inService, elapsed: TimeTextHours(elapsed), waited: 0, holds: []) }
    }

    func TimeTextHours(_ text: String) -> Double {
        guard case .success(let x) = TimeText.duration(text, unit: .hour) else { fatalError(text) }
        return x
    }

    /// Occupancy at hour k of each replication.
    func occupancy(_ s: Scenario, _ census: [CensusPatient], hours: Int) -> [[Double]] {
        let run = Runner.run(CompiledModel(s), threads: 2, indices: Array(0..<s.run.replications), stop: nil,
                             forecast: ForecastPlan(census: census, hours: hours))
        return run.replications.map { $0.forecast!.occupancy[0] }
    }

    /// M/M/infinity from n0 patients: E N(t) = n0 e^(-t/m) + lambda m (1 - e^(-t/m)), checked at
    /// 1, 6, 24 and 72 hours within the 99.9% interval over 400 replications. The census
    /// patients have been in for ten days: with exponential stays that changes nothing.
    func testInfiniteServerFromACensusFollowsTheClosedForm() {
        let (n0, lambda, m) = (40.0, 2.0, 24.0)
        let s = ward(rate: "2 per hour", stay: "{exponential: {mean: \"24 hour\"}}")
        let series = occupancy(s, census(Int(n0), elapsed: "10 day"), hours: 72)
        for t in [1, 6, 24, 72] {
            let values = series.map { $0[t - 1] }
            let summary = Summary(of: values)
            let exact = n0 * exp(-Double(t) / m) + lambda * m * (1 - exp(-Double(t) / m))
            XCTAssertLessThanOrEqual(abs(summary.mean - exact), summary.halfWidth(level: 0.999),
                                     "hour \(t): simulated \(summary.mean), exact \(exact)")
        }
    }

    /// Lognormal stays (mean 2 days, sd 3 days) have a long tail: a patient already in for five
    /// days expects to stay longer than a new one. The census patients left at t are
    /// n0 S(e + t) / S(e) in expectation, plus lambda times the integral of S up to t from the
    /// (few) arrivals; ignoring the time spent (elapsed 0) gives n0 S(t) for the census part,
    /// fewer. Both within their 99.9% intervals, and apart.
    func testLongStayersAreNotTreatedAsNew() throws {
        let s = ward(rate: "1 per week", stay: "{lognormal: {mean: \"48 hour\", sd: \"72 hour\"}}", replications: 300)
        let stay = try Distribution.lognormal(mean: 48, sd: 72)
        let n0 = 30.0, e = 120.0
        let aware = occupancy(s, census(30, elapsed: "5 day"), hours: 48)
        let naive = occupancy(s, census(30, elapsed: "0 hour"), hours: 48)
        for t in [12.0, 24, 48] {
            let a = Summary(of: aware.map { $0[Int(t) - 1] }), b = Summary(of: naive.map { $0[Int(t) - 1] })
            // Arrivals at 1 a week that are still in: lambda times the integral of S over [0, t] (Simpson).
            let steps = 200, h = t / Double(steps)
            let integral = (0...steps).reduce(0.0) { sum, i in
                let w: Double = i == 0 || i == steps ? 1 : (i % 2 == 1 ? 4 : 2)
                return sum + w * (1 - stay.cdf(Double(i) * h))
            } * h / 3
            let arrivals = integral / 168
            let exactAware = n0 * (1 - stay.cdf(e + t)) / (1 - stay.cdf(e)) + arrivals, exactNaive = n0 * (1 - stay.cdf(t)) + arrivals
            XCTAssertLessThanOrEqual(abs(a.mean - exactAware), a.halfWidth(level: 0.999), "elapsed counted, hour \(t): \(a.mean) vs \(exactAware)")
            XCTAssertLessThanOrEqual(abs(b.mean - exactNaive), b.halfWidth(level: 0.999), "elapsed ignored, hour \(t): \(b.mean) vs \(exactNaive)")
            XCTAssertGreaterThan(a.mean - a.halfWidth(level: 0.999), b.mean + b.halfWidth(level: 0.999), "long-stayers stay longer, hour \(t)")
        }
    }

    /// Residual life by inversion: P(R > r) = S(e + r) / S(e) for every form.
    func testResidualLifeIsTheConditionalDistribution() throws {
        let forms: [Distribution] = [try .lognormal(mean: 48, sd: 72), try .gamma(shape: 0.5, scale: 40), try .weibull(shape: 0.7, scale: 30),
                                     try .uniform(min: 10, max: 50), try .normal(mean: 30, sd: 10), try .exponential(mean: 20)]
        let stream = RandomStream(seed: 12)
        for d in forms {
            let e = d.quantile(0.4)
            let draws = (0..<20_000).map { _ in d.residual(after: e, u: stream.uniform()) }
            for q in [0.25, 0.5, 0.75] {
                let r = d.quantile(d.cdf(e) + q * (1 - d.cdf(e))) - e
                let share = Double(draws.filter { $0 > r }.count) / Double(draws.count)
                XCTAssertEqual(share, 1 - q, accuracy: 0.015, "\(d): P(R > \(r))")
            }
        }
    }

    /// Twenty patients whose stays have lasted 700 hours, deep in the tail of each form
    /// (S(700) from 1e-13 to 1e-24): an hour later 20 S(701) / S(700) of them are still in
    /// (plus the rare arrival), not none, within the 99.9% interval over 200 replications.
    func testStrandedPatientsStay() throws {
        for stay in ["{lognormal: {mean: 24, sd: 12}}", "{gamma: {shape: 2, scale: 12}}", "{weibull: {shape: 1.5, scale: 48}}"] {
            let s = ward(rate: "1 per week", stay: stay, replications: 200)
            guard case .use(_, let d, _, _, _, _) = s.pathway[0] else { return XCTFail("a use step") }
            let series = occupancy(s, census(20, elapsed: "700 hour"), hours: 2)
            let summary = Summary(of: series.map { $0[0] })
            // Arrivals within the hour that are still in: at most 1/168 of a patient on average.
            let exact = 20 * exp(d.logSurvival(701) - d.logSurvival(700)) + (1.0 / 168) * 0.5
            XCTAssertGreaterThan(exact, 15, "\(stay): the hour should keep most of them")
            XCTAssertLessThanOrEqual(abs(summary.mean - exact), max(summary.halfWidth(level: 0.999), 1.0 / 168),
                                     "\(stay): \(summary.mean) still in after an hour, exact \(exact)")
        }
    }

    /// The census is checked against the scenario, with places and suggestions.
    func testCensusProblemsAreLocated() throws {
        let s = scenario("""
            name: ed
            run: {horizon: "1 day"}
            arrivals: [{name: a, rate: "4 per hour"}]
            classes: [{name: urgent, share: 0.5}, {name: minor, share: 0.5}]
            resources: [{name: doctor, capacity: 2}, {name: bed, capacity: 3}]
            pathway:
              - {use: doctor, duration: 20}
              - branch:
                  - probability: 0.3
                    steps: [{seize: bed}, {delay: "2 day"}, {release: bed}]
                  - otherwise: []
            """)
        func problem(_ rows: String) -> String {
            do {
                _ = try Census.check(try EpisodeTable.parse("id,class,step,status,elapsed,waited,holds\n" + rows, file: "c.csv"), scenario: s)
                return ""
            } catch {
                return error.description
            }
        }
        XCTAssertEqual(problem("1,urgent,2.1.2,in_service,3 day,,\n2,minor,1,queued,10,,\n"), "")
        XCTAssertEqual(problem("1,urgnt,1,queued,5,,\n"), "c.csv:2:3: error: unknown class 'urgnt'; did you mean 'urgent'? (classes: urgent, minor) (at class)")
        XCTAssertTrue(problem("1,urgent,4,queued,5,,\n").hasPrefix("c.csv:2:10: error: step must be the number of a step"))
        XCTAssertTrue(problem("1,urgent,2.1.2,queued,5,,\n").contains("c.csv:2:16: error: step 2.1.2 of 'urgent''s pathway is a delay step"))
        XCTAssertTrue(problem("1,urgent,1,in_servce,5,,\n").contains("did you mean 'in_service'?"))
        XCTAssertTrue(problem("1,urgent,1,in_service,-5,,\n").hasPrefix("c.csv:2:23: error:"))
        XCTAssertTrue(problem("1,urgent,2.1.2,in_service,5,,doctor\n").contains("holds 'bed' from earlier steps"))
        XCTAssertTrue(problem("1,urgent,2.1.2,in_service,5,,bd\n").contains("unknown resource 'bd'; did you mean 'bed'?"))
        let four = (1...4).map { "\($0),urgent,2.1.2,in_service,5,," }.joined(separator: "\n") + "\n"
        XCTAssertTrue(problem(four).contains("c.csv:5:30: error: the census has more patients holding 'bed' than its 3 units"), problem(four))
        XCTAssertTrue(problem("1,urgent,1,queued,5,,\n1,minor,1,queued,5,,\n").contains("the id '1' is used twice"))
    }

    /// One bed, empty at the start, Poisson arrivals at 0.25 an hour: the bed is full from the
    /// first arrival, so P(full at some moment within h hours) = 1 - e^(-h/4), at 4, 8 and 24
    /// hours and the horizon (48), within the 99.9% binomial interval over 600 replications.
    /// Staffed capacity is the bed, every hour; percentiles of counts are counts.
    func testFullWithinIsTheChanceOfAnArrivalBeforeThen() throws {
        let s = scenario("""
            name: one bed
            time_unit: hour
            run: {horizon: "10 day", replications: 600, seed: 9}
            arrivals: [{name: a, rate: "0.25 per hour"}]
            resources: [{name: bed, capacity: 1}]
            pathway: [{use: bed, duration: {exponential: {mean: "2 hour"}}}]
            """)
        let f = try Study(plan: ReplicationPlan(threads: 2)).forecast(s, census: [], now: "2026-03-02T08:00", hours: 48)
        XCTAssertEqual(f.withinHours, [4, 8, 24, 48])
        for (h, p) in zip(f.withinHours, f.fullWithin[0]) {
            let truth: Double = 1 - exp(-Double(h) / 4)
            let halfWidth = 3.29 * (truth * (1 - truth) / 600).squareRoot() + 1e-9
            XCTAssertLessThan(abs(p - truth), halfWidth, "within \(h) h: \(p) against \(truth)")
        }
        // Full at an hour mark implies full at some moment by then.
        for (i, h) in f.withinHours.enumerated() {
            XCTAssertGreaterThanOrEqual(f.fullWithin[0][i] + 1e-12, f.full[0][h - 1])
        }
        XCTAssertEqual(f.capacity[0], Array(repeating: 1, count: 48))
        for band in [f.occupancy[0], f.queue[0], f.arrivals] {
            XCTAssertTrue((band.p05 + band.p95).allSatisfy { (x: Double) in x == x.rounded() }, "percentiles of counts are counts")
        }
        XCTAssertEqual(f.clock(afterHours: 1), "Mon 09:00")
        XCTAssertEqual(f.clock(afterHours: 40), "Wed 00:00")
    }

    /// Doctors in two skill groups: two seniors (resus and general) and three juniors (general).
    /// The census puts two resus patients on the seniors and one general patient on a junior, all
    /// with services of mean 1,000 hours, and one resus patient waiting: at the first hour mark
    /// three doctors are busy and the resus patient still waits (two juniors are free, but
    /// cannot take it), in every replication bar about one in 250.
    func testACensusPlacesPatientsOnTheirSkillGroupsUnits() throws {
        let grouped = scenario("""
            name: groups
            time_unit: hour
            run: {horizon: "10 day", replications: 40, seed: 5}
            classes:
              - name: resus
                share: 0.5
                pathway: [{use: doctor, skill: resus, duration: {exponential: {mean: "1000 hour"}}}]
              - {name: general, share: 0.5}
            arrivals: [{name: a, rate: "0.000001 per hour"}]
            resources:
              - name: doctor
                units:
                  - {name: senior, count: 2, skills: [resus, general]}
                  - {name: junior, count: 3, skills: [general]}
            pathway: [{use: doctor, skill: general, duration: {exponential: {mean: "1000 hour"}}}]
            """)
        let text = """
            id,class,step,status,elapsed,unit
            r1,resus,1,in_service,1 hour,senior
            r2,resus,1,in_service,2 hour,senior
            g1,general,1,in_service,1 hour,junior
            r3,resus,1,queued,10 min,
            """
        let census = try Census.check(try EpisodeTable.parse(text, file: "census.csv"), scenario: grouped)
        XCTAssertEqual(census.map { $0.groups[0] }, [0, 0, 1, nil])
        let f = try Study(plan: ReplicationPlan(threads: 2)).forecast(grouped, census: census, now: "2026-03-02T08:00", hours: 2)
        XCTAssertGreaterThan(f.occupancy[0].mean[0], 2.9)
        XCTAssertLessThanOrEqual(f.occupancy[0].mean[0], 3)
        XCTAssertGreaterThan(f.queue[0].mean[0], 0.9, "the resus patient cannot take a junior")
        XCTAssertEqual(f.capacity[0][0], 5)

        // A group that does not exist, a group without the step's skill, and too many on a group.
        func message(_ census: String) -> String {
            do {
                _ = try Census.check(try EpisodeTable.parse(census, file: "c.csv"), scenario: grouped)
                return ""
            } catch { return error.description }
        }
        XCTAssertTrue(message("id,class,step,status,elapsed,unit\nr1,resus,1,in_service,1 hour,senor\n").contains("did you mean 'senior'?"))
        XCTAssertTrue(message("id,class,step,status,elapsed,unit\nr1,resus,1,in_service,1 hour,junior\n").contains("needs the skill 'resus'"))
        XCTAssertTrue(message("id,class,step,status,elapsed\nr1,resus,1,in_service,1 hour\n").contains("name the group"))
        let three = (1...3).map { "r\($0),resus,1,in_service,1 hour,senior" }.joined(separator: "\n")
        XCTAssertTrue(message("id,class,step,status,elapsed,unit\n\(three)\n").contains("than its 2 units"))
    }

    /// Every arrival (Poisson, 2 an hour) takes one kit, with no reorder rule: from today's stock
    /// S the kits on hand after h hours average S - 2h while they last. Given 50 today (the file
    /// says 100), the mean at 8 hours is 34 within the 99.9% interval over 300 replications
    /// (sd of a Poisson(16) count: 4); without a stock file it is 84.
    func testTodaysStockReplacesTheInitialStock() throws {
        let s = scenario("""
            name: kits
            time_unit: hour
            run: {horizon: "10 day", replications: 300, seed: 6}
            arrivals: [{name: a, rate: "2 per hour"}]
            resources: [{name: bay, capacity: infinite}]
            supplies: [{name: kit, initial: 100, lead_time: {exponential: {mean: "1 hour"}}}]
            pathway:
              - consume: {kit: 1}
              - use: bay
                duration: {exponential: {mean: "1 hour"}}
            """)
        let table = try EpisodeTable.parse("item,on_hand\nkit,50\n", file: "stock.csv")
        let stock = try Census.stock(table, scenario: s)
        XCTAssertEqual(stock, [50])
        let study = Study(plan: ReplicationPlan(threads: 2))
        let given = try study.forecast(s, census: [], now: "2026-03-02T08:00", hours: 8, stock: stock)
        let halfWidth = 3.29 * 4 / 300.0.squareRoot()
        XCTAssertEqual(given.items, ["kit"])
        XCTAssertEqual(given.stock[0].mean[7], 34, accuracy: halfWidth)
        let initial = try study.forecast(s, census: [], now: "2026-03-02T08:00", hours: 8)
        XCTAssertEqual(initial.stock[0].mean[7], 84, accuracy: halfWidth)
        XCTAssertTrue((given.stock[0].p05 + given.stock[0].p95).allSatisfy { (x: Double) in x == x.rounded() })

        for (text, expected) in [("item,on_hand\nkits,5\n", "did you mean 'kit'?"), ("item,on_hand\nkit,-1\n", "whole number of units"),
                                 ("item,on_hand\nkit,5\nkit,6\n", "given twice"), ("item,count\nkit,5\n", "no column 'on_hand'")] {
            do {
                _ = try Census.stock(try EpisodeTable.parse(text, file: "stock.csv"), scenario: s)
                XCTFail(text)
            } catch {
                XCTAssertTrue(error.description.contains(expected), error.description)
            }
        }
    }

    /// A patient queued for a bed who has waited longer than one holding the last bed while
    /// queued for the doctor: placed in order of waiting, the first must not take the bed the
    /// second holds. Both beds stay held and the first stays queued (found on the sample
    /// hospital: a census the check accepts used to stop the forecast).
    func testAQueuedPatientDoesNotTakeTheUnitAQueuedHolderHas() throws {
        let ward = scenario("""
            name: held while queued
            time_unit: hour
            run: {horizon: 1 day, replications: 20, seed: 3}
            arrivals: [{name: a, rate: "0.000001 per hour"}]
            resources:
              - {name: bed, capacity: 2}
              - {name: doctor, capacity: 1}
            pathway:
              - {seize: bed}
              - {use: doctor, duration: {exponential: {mean: "1000 hour"}}}
              - {delay: {exponential: {mean: "1000 hour"}}}
              - {release: bed}
            """)
        let text = """
            id,class,step,status,elapsed
            in_bed,all,3,in_service,5 hour
            needs_doctor,all,2,queued,1 hour
            needs_bed,all,1,queued,3 hour
            """
        let census = try Census.check(try EpisodeTable.parse(text, file: "census.csv"), scenario: ward)
        let f = try Study(plan: ReplicationPlan(threads: 2)).forecast(ward, census: census, now: "2026-03-02T08:00", hours: 2)
        XCTAssertEqual(f.occupancy[0].mean[0], 2, "both beds held")
        XCTAssertEqual(f.queue[0].mean[0], 1, "the patient without a bed still waits for one")
        XCTAssertEqual(f.occupancy[1].mean[0], 1, "the doctor sees the patient in the bed")
    }
}
