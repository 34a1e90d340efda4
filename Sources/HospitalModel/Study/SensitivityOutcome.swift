import HospitalAnalysis
import HospitalScenario
import HospitalSimulation
import SimKernel

/// What `Study.sensitivity` returns: each input moved down and up, and for each metric the
/// inputs ranked by their swing (the metric with the input high minus with it low, paired over
/// common replications), with 95% intervals.
public struct SensitivityOutcome: Sendable {
    public struct Input: Sendable {
        /// The key path, the value as written, and the low and high values run.
        public var path: String
        public var value: String
        public var low: String
        public var high: String
    }

    /// One input's effect on one metric: low and high each minus the file as written, and
    /// high minus low (all paired over replications).
    public struct Effect: Sendable {
        public var input: Int
        public var low: Summary
        public var high: Summary
        public var swing: Summary
    }

    public var inputs: [Input]
    public var metrics: [String]
    public var change: Double
    /// The runs: the file as written first, then each input's low and high.
    public var comparison: Comparison
    /// [metric][rank]: the effects on each metric, largest swing first.
    public var ranking: [[Effect]]
    /// Each metric as written (its summary over the replications).
    public var base: [Summary]

    init(_ comparison: Comparison, inputs: [Input], metrics: [String], change: Double) {
        self.comparison = comparison
        self.inputs = inputs
        self.metrics = metrics
        self.change = change
        let runs = comparison.variants.map(\.result)
        func values(_ v: Int, _ m: String) -> [Double] { runs[v].values(m) ?? [] }
        base = metrics.map { runs[0].metric($0) ?? Summary(of: []) }
        ranking = metrics.map { m in
            inputs.indices.map { k in
                let (lo, hi, b) = (values(1 + 2 * k, m), values(2 + 2 * k, m), values(0, m))
                return Effect(input: k, low: Summary(of: zip(lo, b).map { $0 - $1 }), high: Summary(of: zip(hi, b).map { $0 - $1 }),
                              swing: Summary(of: zip(hi, lo).map { $0 - $1 }))
            }.sorted { abs($0.swing.mean.isNaN ? 0 : $0.swing.mean) > abs($1.swing.mean.isNaN ? 0 : $1.swing.mean) }
        }
    }
}
