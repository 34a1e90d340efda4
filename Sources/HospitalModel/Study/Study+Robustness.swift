import HospitalAnalysis
import HospitalScenario
import HospitalSimulation

extension Study {
    /// Re-runs the recommended point of a search with each input (`inputs`, or every numeric
    /// input of the file but the decision variables) moved `change` down and up, one at a time,
    /// on the recommendation's own replications (common random numbers), under the base demand
    /// scenario when there are several. Each constraint is judged again by the search's kind of
    /// bound at level (1 - confidence) / 2 shared over the constraints: the verdict is per move,
    /// not a guarantee over all moves at once. Capacities move to the nearest whole number; one
    /// that a change this small would not move is left as it is (`RobustnessCheck.unmoved`).
    public func robustness(of found: OptimizationOutcome, source: ScenarioSource, request: OptimizationRequest, inputs given: [String] = [],
                           change: Double = 0.1, overrides: ScenarioOverrides = ScenarioOverrides()) throws(StudyError) -> RobustnessCheck? {
        guard change > 0, change < 1 else { throw .invalidOverride(setting: "change", message: "the change must lie between 0 and 1 (0.1 is ±10%)") }
        guard let r = found.outcome.recommended else { return nil }
        let point = found.outcome.points[r]
        // The decision variables stay at the recommendation, however their paths are written.
        let decided = Set(request.axes.map { ScenarioPatch.canonical($0.path, in: source.text) })
        let inputs = (given.isEmpty ? source.used(ScenarioPatch.numericInputs(in: source.text), by: try source.load().scenario) : given).filter {
            !decided.contains(ScenarioPatch.canonical($0, in: source.text))
        }
        guard !inputs.isEmpty else { throw .unsupported("no numeric input other than the decision variables to move; name them with --robustness-input KEY") }
        let goal = found.goal
        let base = request.baseDemand
        let (variants, moved, unmoved) = try movedInputs(source, settings: point.settings, inputs: inputs, change: change, overrides: overrides,
                                                         demand: base.map { request.demands[$0].multiplier } ?? 1, atLeastOneUnit: false)
        let indices = Array(point.result.replications.map(\.replication).sorted())
        let level = (1 - goal.confidence) / 2 / Double(max(1, goal.constraints.count))
        let total = (variants.count - 1) * indices.count
        control.progress?(0, total)
        var moves: [[RobustnessCheck.Move]] = []
        for (k, input) in moved.enumerated() {
            var pair: [RobustnessCheck.Move] = []
            for side in 0..<2 {
                let v = 1 + 2 * k + side
                let result = Runner.run(CompiledModel(variants[v].scenario), threads: plan.threads, indices: indices, stop: control.cancellation)
                if control.cancellation?.isSet == true { throw .interrupted(done: (v - 1) * indices.count, total: total) }
                if let stopped = result.stopped { throw .limitReached(part: variants[v].label, message: stopped) }
                var p = point
                p.result = result
                pair.append(RobustnessCheck.Move(value: side == 0 ? input.low : input.high, result: result,
                                                 checks: Optimizer.checks(of: p, goal: goal, level: level)))
                control.progress?(v * indices.count, total)
            }
            moves.append(pair)
        }
        return RobustnessCheck(change: change, replications: indices.count, demand: base.map { request.demands[$0].name },
                               inputs: moved, unmoved: unmoved, moves: moves)
    }
}
