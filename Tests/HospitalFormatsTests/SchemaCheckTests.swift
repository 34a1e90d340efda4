import Foundation
import HospitalTestSupport
import XCTest
import HospitalModel

/// Every document the tool writes is one `Codable` type: made through the Study API (what every
/// front end calls), it reads back through the type and writes again to the same bytes (after
/// one reading for documents whose maps come back in key order), and what the type writes is
/// what the published schema (`simrun schema results`, `$defs/<kind>`) describes, both ways.
final class SchemaCheckTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func path(_ p: String) -> String { root.appendingPathComponent(p).path }

    static func scenario(_ name: String) throws -> (scenario: Scenario, source: ScenarioSource) {
        let file = path("scenarios/\(name).yaml")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        return (try ScenarioLoader.load(yaml: text, file: file).scenario, ScenarioSource(file: file, text: text))
    }

    /// Documents of every kind with their optional parts: precision goals, antithetic pairs,
    /// theory, classes and their distributions, an optimisation with and one without a feasible
    /// point, and sharded parts of runs, comparisons and sweeps.
    static func documents() throws -> [(kind: DocumentKind, text: String)] {
        var (mmc, mmcSource) = try scenario("mmc")
        mmc.run.antithetic = true
        mmc.run.replications = 4
        let (ed, _) = try scenario("ed-fast-track")
        var shortED = ed
        shortED.run.replications = 2
        shortED.run.horizon = 24 * 60
        let precise = Study(plan: ReplicationPlan(threads: 2, precision: PrecisionGoal(headline: 0.2, maxReplications: 40)))
        let plain = Study(plan: ReplicationPlan(threads: 2))
        var documents: [(DocumentKind, String)] = []

        var wider = mmc
        wider.resources[0].capacity = 11
        let compared = try precise.compare([StudyVariant(label: "10", scenario: mmc), StudyVariant(label: "11", scenario: wider)])
        documents.append((.comparison, ComparisonDocument.json(compared.comparison,
                                                               precision: compared.precision.map { .init($0.verdict, goals: $0.goals) })))
        let edCompared = try plain.compare([StudyVariant(label: "priority", scenario: shortED),
                                            StudyVariant(label: "fifo", scenario: shortED, policy: PolicySpec(name: "fifo"))])
        documents.append((.comparison, ComparisonDocument.json(edCompared.comparison)))
        let constrained = try plain.compare([StudyVariant(label: "priority", scenario: shortED),
                                             StudyVariant(label: "fifo", scenario: shortED, policy: PolicySpec(name: "fifo"))],
                                            constraints: ["wait.mean <= 1000", "wait.mean@p90 <= 1000"].compactMap(OptimizationGoal.Constraint.parse))
        documents.append((.comparison, ComparisonDocument.json(constrained.comparison)))

        let swept = try precise.sweep(mmcSource, axes: [("resources.clinician.capacity", ["10", "11"])], shown: ["wait.mean"],
                                      overrides: ScenarioOverrides(antithetic: true))
        documents.append((.sweep, SweepDocument(swept.points, swept.results, shown: swept.shown,
                                                precision: swept.precision.map { .init($0.verdict, goals: $0.goals) }).json))

        for limit in ["0.5", "0.00001"] {
            let request = OptimizationRequest(axes: [("resources.clinician.capacity", ["10", "11", "12"])],
                                              objectives: [.init(metric: "cost.total", maximize: false)],
                                              constraints: [try XCTUnwrap(OptimizationGoal.Constraint.parse("wait.mean <= \(limit)"))], budget: 60,
                                              firstStage: 4)
            let o = try plain.optimize(mmcSource, request)
            documents.append((.optimization, OptimizationDocument(o.outcome, goal: o.goal, scenario: o.scenario.name, seed: o.scenario.run.seed,
                                                                  timeUnit: o.scenario.timeUnit).json))
        }

        // Chance and quantile constraints: their kinds and each point's values by replication.
        let chance = OptimizationRequest(axes: [("resources.clinician.capacity", ["10", "11"])],
                                         objectives: [.init(metric: "cost.total", maximize: false)],
                                         constraints: [try XCTUnwrap(OptimizationGoal.Constraint.parse("P(wait.mean > 0.5) <= 0.2")),
                                                       try XCTUnwrap(OptimizationGoal.Constraint.parse("wait.mean@p90 <= 1"))],
                                         budget: 40, firstStage: 4)
        // Under demand scenarios, with a limit every point meets: a base choice to write.
        var underDemand = OptimizationRequest(axes: [("resources.clinician.capacity", ["10", "11"])], objectives: [.init(metric: "cost.total", maximize: false)],
                                              constraints: [try XCTUnwrap(OptimizationGoal.Constraint.parse("wait.mean <= 1000"))], budget: 40, firstStage: 4)
        underDemand.demands = [DemandScenario(name: "base", multiplier: 1), DemandScenario(name: "high", multiplier: 1.2)]
        let dd = try plain.optimize(mmcSource, underDemand)
        documents.append((.optimization, OptimizationDocument(dd.outcome, goal: dd.goal, scenario: dd.scenario.name, seed: dd.scenario.run.seed,
                                                              timeUnit: dd.scenario.timeUnit).json))
        // A robustness check under demand scenarios, with a capacity too small to move by 10%.
        let twoStations = ScenarioSource(file: "two.yaml", text: """
            name: two stations
            run: {horizon: "2 day", replications: 4, seed: 5}
            arrivals: [{name: p, rate: 0.5}]
            resources: [{name: a, capacity: 1}, {name: b, capacity: 1}]
            pathway: [{use: a, duration: {exponential: {mean: 1}}}, {use: b, duration: {exponential: {mean: 1}}}]
            """)
        var robust = OptimizationRequest(axes: [("resources.a.capacity", ["1", "2"])], objectives: [.init(metric: "wait.mean", maximize: false)],
                                         constraints: [try XCTUnwrap(OptimizationGoal.Constraint.parse("wait.mean <= 1000"))], budget: 40, firstStage: 4)
        robust.demands = [DemandScenario(name: "base", multiplier: 1), DemandScenario(name: "high", multiplier: 1.2)]
        robust.checkRobustness = 0.1
        let ro = try plain.optimize(twoStations, robust)
        var robustDocument = OptimizationDocument(ro.outcome, goal: ro.goal, scenario: ro.scenario.name, seed: ro.scenario.run.seed,
                                                  timeUnit: ro.scenario.timeUnit)
        robustDocument.robustness = OptimizationDocument.Robustness(try XCTUnwrap(ro.robustness), shown: ro.shown)
        documents.append((.optimization, robustDocument.json))
        let co = try plain.optimize(mmcSource, chance)
        documents.append((.optimization, OptimizationDocument(co.outcome, goal: co.goal, scenario: co.scenario.name, seed: co.scenario.run.seed,
                                                              timeUnit: co.scenario.timeUnit, horizon: co.scenario.run.horizon,
                                                              warmup: co.scenario.run.warmup).json))

        let sensitivity = try plain.sensitivity(mmcSource, change: 0.1, metrics: ["wait.mean"], overrides: ScenarioOverrides(replications: 3))
        documents.append((.sensitivity, SensitivityDocument(sensitivity).json))

        // Every method with a roster; then failures written where a simulation could not finish.
        var staffing = try plain.staff(mmcSource, StaffingRequest(resource: "clinician", target: "wait@p90 <= 30 min", methods: [.isa, .sipp, .lagSipp],
                                                                  patterns: [try ShiftPattern.parse("start=any;length=8h").get()], nightPremium: 0.2),
                                       overrides: ScenarioOverrides(replications: 3))
        documents.append((.staffing, StaffingDocument(staffing).json))
        staffing.current.verified = .init(achieved: [], missed: [], failure: "the queue grew without bound")
        staffing.plans[1].verified.failure = "the queue grew without bound"
        staffing.plans[1].roster!.verified.failure = "the queue grew without bound"
        documents.append((.staffing, StaffingDocument(staffing).json))

        var mm1 = try scenario("mm1").scenario
        mm1.run.replications = 3
        documents.append((.warmup, WarmupDocument(try plain.warmup(mm1)).json))

        let table = try EpisodeTable.read(path: path("scenarios/data/ed-episodes.csv"))
        documents.append((.fit, FitDocument(try EpisodeFit(table, arrival: "arrived_at", classColumn: "triage",
                                                           durations: ["doctor_minutes", "stay_hours:hour"], timeUnit: .minute)).json))
        // Class by class, with an outcome as a branch.
        documents.append((.fit, FitDocument(try EpisodeFit(table, arrival: "arrived_at", classColumn: "triage",
                                                           durations: ["doctor_minutes", "stay_hours:hour"], timeUnit: .minute,
                                                           byClass: true, branches: ["admitted"], backtest: true)).json))
        // The calendar model with special days, a trend and overdispersion, backtested.
        let year = try EpisodeTable.read(path: path("scenarios/data/ed-arrivals-2025.csv"))
        let holidays = try EpisodeTable.read(path: path("scenarios/data/bank-holidays.csv"))
        documents.append((.fit, FitDocument(try EpisodeFit(year, arrival: "arrived_at", classColumn: nil, durations: [], timeUnit: .minute,
                                                           backtest: true, calendar: EpisodeFit.CalendarRequest(holidays: holidays, ahead: 2))).json))
        // Rounded and censored durations: intervals, a resolution, a Kaplan-Meier curve.
        let ward = try EpisodeTable.read(path: path("scenarios/data/ward-stays.csv"))
        documents.append((.fit, FitDocument(try EpisodeFit(ward, arrival: "admitted_at", classColumn: nil,
                                                           durations: ["assessment_minutes", "stay_hours:hour"], timeUnit: .minute,
                                                           recording: EpisodeFit.Recording(extractEnd: "2026-03-02T00:00"))).json))

        var roster = try scenario("ed-weekend-roster").scenario
        roster.run.replications = 4
        let census = try Census.read(path: path("scenarios/data/ed-census.csv"), scenario: roster)
        documents.append((.forecast, ForecastDocument(try plain.forecast(roster, census: census, now: "2026-03-02T08:00", hours: 6)).json))
        // With supplies, from an empty hospital and today's stock.
        let kits = try ScenarioLoader.load(yaml: """
            name: kits
            run: {horizon: "1 day", replications: 3}
            arrivals: [{name: a, rate: "2 per hour"}]
            resources: [{name: bay, capacity: 4}]
            supplies: [{name: kit, initial: 100, lead_time: {exponential: {mean: "1 hour"}}}]
            pathway: [{consume: {kit: 1}}, {use: bay, duration: {exponential: {mean: "1 hour"}}}]
            """, file: "kits.yaml").scenario
        documents.append((.forecast, ForecastDocument(try plain.forecast(kits, census: [], now: "2026-03-02T08:00", hours: 6, stock: [40])).json))

        // A backtest against a log written here: a patient an hour, half an hour in a bay, 9 days.
        let bays = try ScenarioLoader.load(yaml: """
            name: bays
            run: {horizon: "1 day", replications: 3}
            arrivals: [{name: a, rate: "1 per hour"}]
            resources: [{name: bay, capacity: 1}]
            pathway: [{use: bay, duration: {exponential: {mean: 30}}}]
            """, file: "bays.yaml").scenario
        var log = "entity_id,pathway,event_type,event,time\n"
        for k in 0..<(9 * 24) {
            let t = Double(k * 60)
            log += "\(k),all,arrival_departure,arrival,\(t)\n\(k),all,queue,bay_wait_begins,\(t)\n\(k),all,resource_use,bay_begins,\(t)\n"
            log += "\(k),all,resource_use_end,bay_complete,\(t + 30)\n\(k),all,arrival_departure,depart,\(t + 30)\n"
        }
        let history = try PatientHistory(try EpisodeTable.parse(log, file: "log.csv"), scenario: bays)
        documents.append((.forecastBacktest, try plain.forecastBacktest(bays, history: history, log: "log.csv", hours: 4, every: 12).json))

        var mm1Check = try scenario("mm1").scenario
        let baseline = try Baseline.read(try Data(contentsOf: URL(fileURLWithPath: path("scenarios/baselines/mm1.json"))), file: "mm1.json")
        mm1Check.run.replications = 4
        documents.append((.check, CheckDocument(try plain.check(mm1Check, against: baseline, overrides: ScenarioOverrides(replications: 4)).check).json))
        let constrainedCheck = try plain.check(mm1Check, against: baseline, overrides: ScenarioOverrides(replications: 4),
                                          constraints: ["wait.mean <= 100", "P(wait.mean > 100) <= 0.5"].compactMap(OptimizationGoal.Constraint.parse))
        documents.append((.check, CheckDocument(constrainedCheck.check).json))

        let shard = Study(plan: ReplicationPlan(threads: 2, shard: .init(index: 0, count: 2)))
        let run = try shard.run(mmc)
        documents.append((.partial, PartialResult(kind: .run, format: "json", shard: 0, shards: 2, totalReplications: 4, theory: run.result.theory,
                                                  results: [("run", run.result)]).json()))
        let parts = try shard.compare([StudyVariant(label: "priority", scenario: shortED),
                                       StudyVariant(label: "fifo", scenario: shortED, policy: PolicySpec(name: "fifo"))])
        documents.append((.partial, PartialResult(kind: .compare, format: "json", shard: 0, shards: 2, totalReplications: 2, theory: nil,
                                                  results: parts.comparison.variants.map { ($0.label, $0.result) }).json()))
        let sweptParts = try shard.sweep(mmcSource, axes: [("resources.clinician.capacity", ["10", "11"])], shown: ["wait.mean"],
                                         overrides: ScenarioOverrides(replications: 2))
        var partial = PartialResult(kind: .sweep, format: "csv", shard: 0, shards: 2, totalReplications: 2, theory: nil,
                                    results: zip(sweptParts.points, sweptParts.results).map { (ScenarioSource.label(of: $0), $1) })
        for i in partial.parts.indices { partial.parts[i].point = sweptParts.points[i] }
        partial.shownMetrics = sweptParts.shown
        documents.append((.partial, partial.json()))
        return documents
    }

    /// The text read through the type and written again, and the tree the type encodes.
    static func rewrite(_ kind: DocumentKind, _ text: String) throws -> (json: String, tree: DocumentNode) {
        let data = Data(text.utf8)
        switch kind {
        case .results: let d = try ResultsDocument.read(data, file: "d"); return (d.json, DocumentEncoder.tree(d))
        case .comparison: let d = try ComparisonDocument.read(data, file: "d"); return (d.json, DocumentEncoder.tree(d))
        case .sweep: let d = try SweepDocument.read(data, file: "d"); return (d.json, DocumentEncoder.tree(d))
        case .optimization: let d = try OptimizationDocument.read(data, file: "d"); return (d.json, DocumentEncoder.tree(d))
        case .warmup: let d = try WarmupDocument.read(data, file: "d"); return (d.json, DocumentEncoder.tree(d))
        case .fit: let d = try FitDocument.read(data, file: "d"); return (d.json, DocumentEncoder.tree(d))
        case .forecast: let d = try ForecastDocument.read(data, file: "d"); return (d.json, DocumentEncoder.tree(d))
        case .forecastBacktest: let d = try ForecastBacktest.read(data, file: "d"); return (d.json, DocumentEncoder.tree(d))
        case .sensitivity: let d = try SensitivityDocument.read(data, file: "d"); return (d.json, DocumentEncoder.tree(d))
        case .staffing: let d = try StaffingDocument.read(data, file: "d"); return (d.json, DocumentEncoder.tree(d))
        case .check: let d = try CheckDocument.read(data, file: "d"); return (d.json, DocumentEncoder.tree(d))
        case .partial: let d = try PartialResult.read(data, file: "d"); return (d.json(), DocumentEncoder.tree(d))
        }
    }

    func testEveryDocumentReadsBackToItselfAndIsWhatItsSchemaDescribes() throws {
        guard case .object(let top) = Schemas.results(), case .object(let defs)? = top.first(where: { $0.0 == "$defs" })?.1 else {
            return XCTFail("no $defs in the results schema")
        }
        var seen = Set<String>()
        var problems: [String] = []
        var kinds = Set<DocumentKind>()
        for (kind, text) in try Self.documents() {
            XCTAssertEqual(try DocumentKind.of(Data(text.utf8), file: "d"), kind, "the kind is told by the keys")
            let (once, tree) = try Self.rewrite(kind, text)
            XCTAssertEqual(try Self.rewrite(kind, once).json, once, "\(kind): reading and writing is a fixed point")
            // Documents without maps in another order than their keys' come back byte for byte.
            if [.warmup, .partial, .forecast].contains(kind) { XCTAssertEqual(once, text, "\(kind) reads back to the same bytes") }
            guard let schema = defs.first(where: { $0.0 == kind.rawValue })?.1 else { XCTFail("no $defs/\(kind.rawValue)"); continue }
            SchemaCheck.check(tree, against: schema, path: kind.rawValue, defs: defs, seen: &seen, problems: &problems)
            kinds.insert(kind)
        }
        XCTAssertEqual(problems, [])
        XCTAssertEqual(kinds, Set(DocumentKind.allCases).subtracting([.results]), "results are checked by ResultsDocumentTests")
        // Every property a document's schema names is written by one of the documents above.
        var unwritten: [String] = []
        for kind in kinds {
            guard case .object(let entries)? = defs.first(where: { $0.0 == kind.rawValue })?.1,
                  case .object(let properties)? = entries.first(where: { $0.0 == "properties" })?.1 else { continue }
            unwritten += properties.map { "\(kind.rawValue).\($0.0)" }.filter { !seen.contains($0) }
        }
        XCTAssertEqual(unwritten.sorted(), [], "the schema describes keys no document wrote")
    }

    /// Malformed documents are refused with the problem at its key path, never a crash.
    func testMalformedDocumentsAreRefusedAtTheirKeyPaths() {
        func message(_ kind: DocumentKind, _ json: String) -> String {
            do {
                _ = try Self.rewrite(kind, json)
                return ""
            } catch let error as ScenarioErrors {
                return error.description
            } catch {
                return "\(error)"
            }
        }
        let sweep = #"{"scenario": "s", "seed": 1, "replications": 2, "time_unit": "minute", "points": []}"#
        XCTAssertTrue(message(.sweep, sweep).contains("a sweep without points (at points)"), message(.sweep, sweep))
        let point = #"{"scenario": "s", "seed": 1, "replications": 2, "time_unit": "minute", "points": [{"set": {}, "metrics": {"w": {"mean": "x", "n": 1}}}]}"#
        XCTAssertTrue(message(.sweep, point).contains("expected a number here (at points[0].metrics.w.mean)"), message(.sweep, point))
        let partial = #"{"hospsim_partial": 1, "kind": "nonsense", "format": "json"}"#
        XCTAssertTrue(message(.partial, partial).contains("(at kind)"), message(.partial, partial))
        XCTAssertTrue(message(.partial, #"{"metrics": {}}"#).contains("not a partial result"))
        let warmup = #"{"warmup_study": 1, "scenario": "s", "seed": 1, "replications": 2, "time_unit": "minute", "origin": 0, "horizon": 10, "bin": 1, "recommended_warmup": 0, "in_system": {"cut_bins": 0}}"#
        XCTAssertTrue(message(.warmup, warmup).contains("in_system.cut_time"), message(.warmup, warmup))
        XCTAssertTrue(message(.forecast, "{\"kind\": \"forecast\"").contains(":1:"), "a syntax error has its place")
        XCTAssertTrue(message(.check, "[1, 2]").contains("a JSON object"))
    }
}
