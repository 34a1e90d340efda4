import HospitalAnalysis
import HospitalScenario
import HospitalSimulation

extension Study {
    /// The most points a sweep runs.
    public static let maximumGridPoints = 10_000

    /// Runs `source` at every point of the grid of `axes` (with `overrides` made at every
    /// point), on the same replications; `shown` are the metrics to show (empty: the main ones).
    /// A precision goal must hold at every point.
    public func sweep(_ source: ScenarioSource, axes: [(path: String, values: [String])], shown: [String] = [],
                      overrides: ScenarioOverrides = ScenarioOverrides()) throws(StudyError) -> SweepOutcome {
        _ = try source.load()  // the file as written must be valid, with its own line numbers
        try source.checkDistinct(axes)
        try overrides.check(axes.map(\.path))
        let size = ScenarioSource.gridSize(axes)
        guard size <= Double(Self.maximumGridPoints) else {
            throw .unsupported("the sweep has \(readable(size)) points; at most \(Self.maximumGridPoints)")
        }
        let points = ScenarioSource.grid(axes)
        var parts: [Part] = []
        for point in points {
            var scenario = try source.variant(point).scenario
            try overrides.apply(to: &scenario)
            parts.append(Part(label: ScenarioSource.label(of: point), model: CompiledModel(scenario), point: point))
        }
        let names = MetricCatalog(parts[0].model).names
        for m in shown where !names.contains(m) { throw .unknownMetric(m, suggestion: suggestion(for: m, among: names)) }
        let goals = try plan.precision.map { goal throws(StudyError) in try self.goals(goal, parts[0].model) } ?? []
        let labels = parts.map(\.label)
        let (results, verdict) = try replicate(parts, kind: .sweep, shown: shown, judge: { results in
            Precision.assess(zip(labels, results).flatMap { Precision.items($1, goals: goals, label: $0) },
                             replications: results[0].replications.count)
        })
        return SweepOutcome(points: points, results: results, shown: shown.isEmpty ? SweepOutcome.defaultMetrics(names) : shown,
                            replications: parts[0].model.run.replications,
                            precision: verdict.map { PrecisionReport(verdict: $0, goals: goals) })
    }
}
