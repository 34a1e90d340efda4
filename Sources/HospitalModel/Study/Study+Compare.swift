import HospitalAnalysis
import HospitalScenario
import HospitalSimulation

extension Study {
    /// Runs the variants on common random numbers, each with the first variant's run settings,
    /// and pairs every variant with the first. A precision goal is on the paired differences,
    /// relative to the first variant's mean.
    public func compare(_ variants: [StudyVariant], constraints: [OptimizationGoal.Constraint] = []) throws(StudyError) -> ComparisonOutcome {
        guard let first = variants.first, variants.count >= 2 else { throw .unsupported("a comparison needs at least two variants") }
        let labels = variants.map(\.label)
        guard Set(labels).count == labels.count else {
            throw .unsupported("two variants have the same label: \(labels.joined(separator: ", "))")
        }
        var parts: [Part] = []
        for variant in variants {
            guard variant.scenario.classes.map(\.name) == first.scenario.classes.map(\.name),
                  variant.scenario.arrivals.map(\.name) == first.scenario.arrivals.map(\.name) else {
                throw .unsupported("the variant \(variant.label) has other classes or arrival streams than \(first.label): "
                                   + "variants must have the same, so that all see the same patients")
            }
            if let policy = variant.policy, !variant.scenario.resources.contains(where: \.followsScenarioPolicy) {
                // The variant would be the scenario as written, and every difference zero.
                throw .unsupported("the policy \(policy.label) would change nothing: it replaces the scenario's policy, which no resource follows "
                                   + "(each that queues has its own discipline); compare disciplines with --variant-set 'resources.NAME.discipline=...'")
            }
            var scenario = variant.scenario
            scenario.run = first.scenario.run
            parts.append(Part(label: variant.label, model: CompiledModel(scenario, policy: variant.policy)))
        }
        let catalog = MetricCatalog(parts[0].model)
        for c in constraints where !catalog.names.contains(c.metric) {
            throw .unknownMetric(c.metric, suggestion: suggestion(for: c.metric, among: catalog.names))
        }
        let goals = try plan.precision.map { goal throws(StudyError) in try self.goals(goal, parts[0].model) } ?? []
        let (results, verdict) = try replicate(parts, kind: .compare, judge: { results in
            let c = Comparison(zip(labels, results).map { (label: $0, result: $1) })
            return Precision.assess(Precision.items(c, goals: goals), replications: results[0].replications.count)
        })
        var comparison = Comparison(zip(labels, results).map { (label: $0, result: $1) })
        comparison.judge(constraints)
        return ComparisonOutcome(comparison: comparison, precision: verdict.map { PrecisionReport(verdict: $0, goals: goals) })
    }
}
