import Foundation
import HospitalTestSupport
import XCTest
import HospitalModel
@testable import HospitalAnalysis

/// The results document is one `Codable` type: what it writes must be what the published schema
/// describes (both ways), and what it reads back must be exactly what it wrote.
final class ResultsDocumentTests: XCTestCase {
    /// An M/M/2 run (theory, distributions) in antithetic pairs, with a precision goal's entry:
    /// every optional part of the document present, bar a baseline's and classes'.
    static func fullDocument() throws -> ResultsDocument {
        let scenario = try ScenarioLoader.load(yaml: """
            name: document queue
            time_unit: minute
            run: {horizon: "1 day", warmup: "1 hour", replications: 4, seed: 3, antithetic: true}
            arrivals: [{name: patients, rate: 1.5}]
            resources: [{name: server, capacity: 2}]
            pathway: [{use: server, duration: {exponential: {mean: 1}}}]
            """, file: "queue.yaml").scenario
        let outcome = try Study(plan: ReplicationPlan(threads: 2)).run(scenario)
        var doc = ResultsDocument(outcome.result)
        doc.precision = ResultsDocument.PrecisionEntry(
            PrecisionVerdict(reached: true, decidedBy: "wait.mean", relativeHalfWidth: 0.01, goal: 0.05, replications: 4, projected: 4),
            goals: [("wait.mean", 0.05)])
        return doc
    }

    /// The `$defs/results` schema and its `$defs`, from the schema `simrun schema results` prints.
    func schema() throws -> (results: JSONValue, defs: [(String, JSONValue)]) {
        guard case .object(let top) = Schemas.results(), case .object(let defs)? = top.first(where: { $0.0 == "$defs" })?.1,
              let results = defs.first(where: { $0.0 == "results" })?.1 else { throw XCTSkip("no results schema") }
        return (results, defs)
    }

    /// Every key the type writes is a property of the schema with a matching type, every key the
    /// schema requires is written, and (with a baseline's and a full run's documents together)
    /// every property the schema names is written by the type.
    func testTheSchemaDescribesExactlyWhatTheTypeWrites() throws {
        let (results, defs) = try schema()
        var seen = Set<String>()
        var problems: [String] = []
        let full = DocumentEncoder.tree(try Self.fullDocument())
        var baseline = try Self.fullDocument()
        baseline.precision = nil
        baseline.scenarioHash = "abc"
        baseline.modelVersion = ModelVersion.current
        baseline.tolerance = DocumentMap([("wait.mean", 0.1)])
        for node in [full, DocumentEncoder.tree(baseline)] {
            SchemaCheck.check(node, against: results, path: "results", defs: defs, seen: &seen, problems: &problems)
        }
        XCTAssertEqual(problems, [])
        guard case .object(let entries) = results, case .object(let properties)? = entries.first(where: { $0.0 == "properties" })?.1 else {
            return XCTFail("the results schema has no properties")
        }
        let unwritten = properties.map(\.0).filter { !seen.contains("results." + $0) }
        XCTAssertEqual(unwritten, [], "the schema describes keys the type never writes")
    }

    /// Written and read back, the document holds the same entries (maps then in key order, as
    /// JSON objects carry no order), and writing what was read is a fixed point.
    func testWrittenAndReadBackIsTheSameDocument() throws {
        let written = try Self.fullDocument()
        let read = try ResultsDocument.read(Data(written.json.utf8), file: "r.json")
        XCTAssertEqual(read.metrics.keys, written.metrics.keys.sorted())
        XCTAssertEqual(read.profiles?.keys, written.profiles?.keys.sorted())
        XCTAssertEqual(read.waitDistributions?.all.percentiles, written.waitDistributions?.all.percentiles)
        XCTAssertEqual(read.precision?.decidedBy, "wait.mean")
        XCTAssertEqual(try ResultsDocument.read(Data(read.json.utf8), file: "r.json").json, read.json)
        XCTAssertNotNil(read.theory, "an M/M/2 run carries its theory")
        XCTAssertEqual(read.antithetic, true)
    }

    /// The baseline a check reads holds the very doubles the run had (the old reader through
    /// JSONSerialization could be off by an ulp, which showed as differences of 1e-16 in checks).
    func testABaselineReadsBackTheExactMeans() throws {
        let doc = try Self.fullDocument()
        let text = ResultsDocument.baseline(try Study(plan: ReplicationPlan(threads: 1)).run(
            try ScenarioLoader.load(yaml: Self.queueText, file: "q.yaml").scenario).result, tolerances: [("wait.mean", 0.2)])
        let baseline = try Baseline.read(Data(text.utf8), file: "b.json")
        XCTAssertEqual(baseline.tolerances["wait.mean"], 0.2)
        XCTAssertEqual(baseline.modelVersion, ModelVersion.current)
        let reread = try ResultsDocument.read(Data(doc.json.utf8), file: "r.json")
        for (a, b) in zip(doc.metrics.entries.sorted { $0.key < $1.key }, reread.metrics.entries) {
            XCTAssertEqual(a.key, b.key)
            XCTAssertTrue(a.value.mean.value.bitPattern == b.value.mean.value.bitPattern
                          || (a.value.mean.value.isNaN && b.value.mean.value.isNaN), "\(a.key): \(a.value.mean.value) read as \(b.value.mean.value)")
        }
    }

    static let queueText = """
        name: plain queue
        time_unit: minute
        run: {horizon: "1 day", replications: 3, seed: 1}
        arrivals: [{name: patients, rate: 0.5}]
        resources: [{name: server, capacity: 1}]
        pathway: [{use: server, duration: {exponential: {mean: 1}}}]
        """

    /// Problems are reported at their key paths, in words.
    func testProblemsAreNamedAtTheirKeyPaths() {
        func message(_ json: String) -> String {
            do {
                _ = try ResultsDocument.read(Data(json.utf8), file: "bad.json")
                return ""
            } catch {
                return error.description
            }
        }
        XCTAssertTrue(message(#"{"metrics": {"wait.mean": {"mean": 1}}}"#).contains("(at metrics.wait.mean.n)"))
        XCTAssertTrue(message(#"{"metrics": {}}"#).contains("non-empty \"metrics\""))
        XCTAssertTrue(message(#"{"metrics": {"wait.mean": {"mean": "one", "n": 2}}}"#).contains("expected a number here (at metrics.wait.mean.mean)"))
        XCTAssertTrue(message(#"{"metrics": {"w": {"mean": 1, "n": 2}}, "tolerance": {"w": -1}}"#).contains("a tolerance must be a number >= 0"))
        XCTAssertTrue(message(#"{"metrics": {"w": {"mean": 1, "n": 2"#).contains("bad.json:1:"))
        // What older or hand-written documents leave out is not needed: only mean and n.
        XCTAssertEqual(message(#"{"metrics": {"w": {"mean": null, "n": 1, "sd": null}}}"#), "")
    }
}
