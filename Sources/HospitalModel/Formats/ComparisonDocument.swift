import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import Foundation
import SimKernel

/// The JSON document of `simrun compare`: each variant's label, Pareto mark and metric
/// summaries, with the paired difference from the first variant (the baseline). The CSV form
/// (`csv`) has one row per metric and variant.
public struct ComparisonDocument: Codable, Sendable {
    /// A paired difference, variant minus baseline, and whether its 95% interval excludes zero.
    public struct Difference: Codable, Sendable {
        public var mean: DocumentNumber
        public var halfWidth: DocumentNumber
        public var significant: Bool

        enum CodingKeys: String, CodingKey { case mean, halfWidth = "half_width", significant }
    }

    public struct MetricEntry: Codable, Sendable {
        public var summary: ResultsDocument.SummaryEntry
        /// Absent for the baseline.
        public var difference: Difference?
    }

    public struct Variant: Codable, Sendable {
        public var label: String
        public var paretoEfficient: Bool
        public var metrics: DocumentMap<MetricEntry>
        /// With `--constraint`: each constraint judged on this variant.
        public var constraints: [OptimizationDocument.Check]?

        enum CodingKeys: String, CodingKey { case label, paretoEfficient = "pareto_efficient", metrics, constraints }
    }

    public var scenario: String
    public var seed: UInt64
    public var replications: Int
    /// Present (true) when replications ran in antithetic pairs.
    public var antithetic: Bool?
    public var horizon: DocumentNumber
    public var warmup: DocumentNumber
    public var timeUnit: String
    public var baseline: String
    public var variants: [Variant]
    public var precision: ResultsDocument.PrecisionEntry?

    enum CodingKeys: String, CodingKey {
        case scenario, seed, replications, antithetic, horizon, warmup, timeUnit = "time_unit", baseline, variants, precision
    }

    public static let layout = DocumentLayout(
        blocks: [[], ["variants"], ["variants", "*", "metrics"]], hanging: [["variants", "*"]: 1],
        lines: [["horizon", "warmup", "time_unit"], ["label", "pareto_efficient"]])

    /// The document of `c` (which has at least one variant).
    public init(_ c: Comparison, precision: ResultsDocument.PrecisionEntry? = nil) {
        let first = c.variants[0].result
        scenario = first.scenario
        seed = first.seed
        replications = first.replications.count
        antithetic = first.antithetic ? true : nil
        horizon = DocumentNumber(first.horizon)
        warmup = DocumentNumber(first.warmup)
        timeUnit = first.timeUnit.rawValue
        baseline = c.variants[0].label
        variants = c.variants.enumerated().map { v, variant in
            Variant(label: variant.label, paretoEfficient: variant.paretoEfficient, metrics: DocumentMap(c.metricNames.map { name in
                let difference = v > 0 ? c.difference(variant: v, metric: name).map {
                    Difference(mean: DocumentNumber($0.summary.mean), halfWidth: DocumentNumber($0.summary.halfWidth), significant: $0.significant)
                } : nil
                return (name, MetricEntry(summary: ResultsDocument.SummaryEntry(variant.result.metric(name)!), difference: difference))
            }), constraints: v < c.constraints.count ? c.constraints[v].map { k in
                OptimizationDocument.Check(k)
            } : nil)
        }
        self.precision = precision
    }

    public var json: String { DocumentEncoder.json(self, layout: Self.layout) }

    /// The text of `c`'s document; a comparison without variants is `{}`.
    public static func json(_ c: Comparison, precision: ResultsDocument.PrecisionEntry? = nil) -> String {
        c.variants.isEmpty ? "{}\n" : ComparisonDocument(c, precision: precision).json
    }

    public static func read(_ data: Data, file: String) throws(ScenarioErrors) -> ComparisonDocument {
        let doc = try DocumentReader.decode(ComparisonDocument.self, from: data, file: file, what: "a comparison")
        try DocumentReader.require(!doc.variants.isEmpty, in: data, file: file, at: "variants", "a comparison needs a non-empty \"variants\" list")
        try DocumentReader.require(doc.replications >= 1, in: data, file: file, at: "replications", "replications must be at least 1")
        return doc
    }

    /// One row per metric and variant.
    public static func csv(_ c: Comparison) -> String {
        var out = "metric,variant,mean,half_width,n,difference,difference_half_width,significant,pareto_efficient\n"
        for name in c.metricNames {
            for (v, variant) in c.variants.enumerated() {
                let s = variant.result.metric(name)!
                let d = v > 0 ? c.difference(variant: v, metric: name) : nil
                out += [CSV.field(name), CSV.field(variant.label), CSV.number(s.mean), CSV.number(s.halfWidth), String(s.n),
                        d.map { CSV.number($0.summary.mean) } ?? "", d.map { CSV.number($0.summary.halfWidth) } ?? "",
                        d.map { String($0.significant) } ?? "", String(variant.paretoEfficient)].joined(separator: ",") + "\n"
            }
        }
        return out
    }
}
