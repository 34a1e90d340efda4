import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import Foundation

/// The JSON document of `simrun sweep`: every metric of every grid point, with the settings
/// that made it. The CSV form (`csv`) has one row per point: its settings, then each shown
/// metric's mean and half width.
public struct SweepDocument: Codable, Sendable {
    public struct Point: Codable, Sendable {
        /// Key path to value, as given on the command line.
        public var set: DocumentMap<String>
        public var metrics: DocumentMap<ResultsDocument.SummaryEntry>
    }

    public var scenario: String
    public var seed: UInt64
    public var replications: Int
    public var timeUnit: String
    /// Present (true) when replications ran in antithetic pairs.
    public var antithetic: Bool?
    /// The metrics the sweep was asked to show (`--metric`, or the main ones): the report
    /// charts those.
    public var metricsShown: [String]?
    public var points: [Point]
    public var precision: ResultsDocument.PrecisionEntry?

    enum CodingKeys: String, CodingKey {
        case scenario, seed, replications, timeUnit = "time_unit", antithetic, metricsShown = "metrics_shown", points, precision
    }

    public static let layout = DocumentLayout(
        blocks: [[], ["points"]], hanging: [["points", "*"]: 1], steps: [["points", "*", "metrics"]: 1],
        lines: [["replications", "time_unit"]])

    /// The document of a sweep's points and their results (at least one).
    public init(_ points: [[ScenarioPatch.Assignment]], _ results: [RunResult], shown: [String] = [],
                precision: ResultsDocument.PrecisionEntry? = nil) {
        let first = results[0]
        scenario = first.scenario
        seed = first.seed
        replications = first.replications.count
        timeUnit = first.timeUnit.rawValue
        antithetic = first.antithetic ? true : nil
        metricsShown = shown.isEmpty ? nil : shown
        self.points = zip(points, results).map { point, r in
            Point(set: DocumentMap(point.map { ($0.path, $0.value) }),
                  metrics: DocumentMap(r.metrics.map { ($0.name, ResultsDocument.SummaryEntry($0.summary)) }))
        }
        self.precision = precision
    }

    public var json: String { DocumentEncoder.json(self, layout: Self.layout) }

    public static func read(_ data: Data, file: String) throws(ScenarioErrors) -> SweepDocument {
        let doc = try DocumentReader.decode(SweepDocument.self, from: data, file: file, what: "a sweep")
        try DocumentReader.require(!doc.points.isEmpty, in: data, file: file, at: "points", "a sweep without points")
        try DocumentReader.require(doc.replications >= 1, in: data, file: file, at: "replications", "replications must be at least 1")
        return doc
    }

    public static func csv(_ points: [[ScenarioPatch.Assignment]], _ results: [RunResult], _ metrics: [String]) -> String {
        let paths = points[0].map(\.path)
        var out = (paths.map(CSV.field) + metrics.flatMap { [CSV.field($0 + ".mean"), CSV.field($0 + ".half_width")] }).joined(separator: ",") + "\n"
        for (point, r) in zip(points, results) {
            out += (point.map { CSV.field($0.value) } + metrics.flatMap { m -> [String] in
                let s = r.metric(m)!
                return [CSV.number(s.mean), CSV.number(s.halfWidth)]
            }).joined(separator: ",") + "\n"
        }
        return out
    }
}
