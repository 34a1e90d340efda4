import HospitalAnalysis
import HospitalScenario

extension Study {
    /// Runs `scenario` with the baseline's run settings (seed, replications, horizon, warm-up),
    /// then `overrides`, and judges every metric against the baseline, and each of
    /// `constraints` on the run (on a mean, a chance of breach, or a quantile).
    public func check(_ scenario: Scenario, against baseline: Baseline, overrides: ScenarioOverrides = ScenarioOverrides(),
                      constraints: [OptimizationGoal.Constraint] = []) throws(StudyError) -> CheckOutcome {
        var scenario = scenario
        if let seed = baseline.seed { scenario.run.seed = seed }
        if let r = baseline.replications { scenario.run.replications = r }
        if let h = baseline.horizon { scenario.run.horizon = h }
        if let w = baseline.warmup { scenario.run.warmup = w }
        try overrides.apply(to: &scenario)
        var notes: [String] = []
        if let version = baseline.modelVersion, version != ModelVersion.current {
            notes.append("made by model version \(version); this simrun is version \(ModelVersion.current), so numbers may differ by design")
        }
        if let hash = baseline.scenarioHash, hash != scenario.identity {
            notes.append("made from other scenario content or settings (scenario hash \(hash), now \(scenario.identity))")
        }
        let catalog = MetricCatalog(CompiledModel(scenario))
        for c in constraints where !catalog.names.contains(c.metric) {
            throw .unknownMetric(c.metric, suggestion: suggestion(for: c.metric, among: catalog.names))
        }
        let result = try run(scenario).result
        return CheckOutcome(check: RegressionCheck(baseline: baseline, result: result, constraints: constraints), scenario: scenario, notes: notes)
    }
}
