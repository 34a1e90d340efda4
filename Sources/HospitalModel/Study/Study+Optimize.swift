import Dispatch
import HospitalAnalysis
import HospitalScenario
import HospitalSimulation

extension Study {
    /// Searches the grid of `request.axes` for the best point: exhaustively when the grid has at
    /// most `request.maxPoints` points (ranking and selection with a statistical guarantee), by
    /// neighbourhood from the file's own settings otherwise (one objective; the guarantee is
    /// then among the best points seen). Progress counts replications against the budget.
    /// Cancelled, it throws `interrupted` and keeps nothing: a search cannot be resumed.
    public func optimize(_ source: ScenarioSource, _ request: OptimizationRequest,
                         overrides: ScenarioOverrides = ScenarioOverrides()) throws(StudyError) -> OptimizationOutcome {
        var first = try source.load().scenario  // the file as written must be valid
        try overrides.apply(to: &first)
        let catalog = MetricCatalog(CompiledModel(first))
        for m in request.objectives.map(\.metric) + request.constraints.map(\.metric) where !catalog.names.contains(m) {
            throw .unknownMetric(m, suggestion: suggestion(for: m, among: catalog.names))
        }
        try source.checkDistinct(request.axes)
        try overrides.check(request.axes.map(\.path))
        let size = request.gridSize
        let begin = DispatchTime.now().uptimeNanoseconds
        let progress = control.progress
        var outcome: Optimizer.Outcome
        var goal: OptimizationGoal
        var visited: Int?
        let demanded = !request.demands.isEmpty
        if demanded, request.baseDemand == nil {
            throw .unsupported("name one demand scenario base, or give one a multiplier of 1: the objective is judged under the base demand")
        }
        if size <= Double(request.maxPoints) {
            var models: [(label: String, settings: [ScenarioPatch.Assignment], model: CompiledModel)] = []
            var demandModels: [[CompiledModel]] = []
            for point in ScenarioSource.grid(request.axes) {
                var scenario = try source.variant(point).scenario
                try overrides.apply(to: &scenario)
                var base = CompiledModel(scenario)
                if demanded {
                    var under: [CompiledModel] = []
                    for d in request.demands {
                        switch scenario.scalingDemand(by: d.multiplier) {
                        case .success(let s): under.append(CompiledModel(s))
                        case .failure(let problem): throw .unsupported("--demand: \(problem.message)")
                        }
                    }
                    base = under[request.baseDemand!]
                    demandModels.append(under)
                }
                models.append((ScenarioSource.label(of: point), point, base))
            }
            let runs = max(1, request.demands.count)
            let budget = request.budget ?? max(500, 50 * models.count * runs)
            guard budget >= request.firstStage * models.count * runs else {
                throw .unsupported("a budget of \(budget) replications cannot give each of the \(models.count) points its first \(request.firstStage) replications"
                                   + (demanded ? " under each of the \(runs) demand scenarios" : ""))
            }
            goal = request.goal(budget: budget)
            progress?(0, budget)
            outcome = Optimizer.run(models, goal: goal, threads: plan.threads, demandModels: demanded ? demandModels : nil,
                                    stop: control.cancellation) { progress?($0, budget) }
            // What choosing for the base demand alone would pick: the same search without the
            // other scenarios, then its choice run under each of them on the replications it got.
            if demanded, goal.robustToAll, goal.objectives.count == 1, control.cancellation?.isSet != true {
                var baseGoal = goal
                baseGoal.demands = []
                baseGoal.budget = max(request.firstStage * models.count, budget / runs)
                let alone = Optimizer.run(models, goal: baseGoal, threads: plan.threads, stop: control.cancellation)
                outcome.baseSearchReplications = alone.replicationsUsed
                if let b = alone.recommended {
                    let n = alone.points[b].replications
                    outcome.baseChoice = b
                    outcome.baseChoiceResults = demandModels[b].enumerated().map { d, model in
                        d == goal.baseDemand ? alone.points[b].result : Runner.run(model, threads: plan.threads, indices: Array(0..<n), stop: control.cancellation)
                    }
                    outcome.baseChoiceChecks = outcome.baseChoiceResults.map { r in
                        var p = alone.points[b]
                        p.result = r
                        return Optimizer.checks(of: p, goal: goal, level: (1 - goal.confidence) / 2 / Double(max(1, goal.constraints.count * runs)))
                    }
                }
            }
        } else {
            guard !demanded else {
                throw .unsupported("the search space has \(readable(size)) points, more than the \(request.maxPoints) searched exhaustively: "
                                   + "demand scenarios are searched exhaustively only; narrow the ranges")
            }
            guard request.objectives.count == 1 else {
                throw .unsupported("the search space has \(readable(size)) points, more than the \(request.maxPoints) searched exhaustively: "
                                   + "several objectives are searched exhaustively only; narrow the ranges")
            }
            goal = request.goal(budget: request.budget ?? 5000)
            // Start from the file's own settings, or the middle of a range that does not hold them.
            let start = request.axes.map { axis in
                ScenarioPatch.value(at: axis.path, in: source.text).flatMap { v in axis.values.firstIndex { Double($0) == Double(v) || $0 == v } }
                    ?? axis.values.count / 2
            }
            var failure: StudyError?
            let make = { (settings: [ScenarioPatch.Assignment]) -> CompiledModel? in
                do throws(StudyError) {
                    var s = try source.variant(settings).scenario
                    try overrides.apply(to: &s)
                    return CompiledModel(s)
                } catch {
                    if failure == nil { failure = error }
                    return nil
                }
            }
            let budget = goal.budget
            progress?(0, budget)
            let searched = Optimizer.neighbourhood(axes: request.axes, start: start, goal: goal, threads: plan.threads, make: make,
                                                   stop: control.cancellation) {
                progress?($0, budget)
            }
            if let failure, searched.outcome.points.isEmpty { throw failure }
            outcome = searched.outcome
            visited = searched.visited
        }
        if control.cancellation?.isSet == true {
            // A search is not resumable: what it ran is dropped, and it says so.
            throw .interrupted(done: outcome.points.reduce(0) { $0 + $1.result.replications.count }, total: goal.budget)
        }
        for p in outcome.points {
            if let stopped = p.result.stopped { throw .limitReached(part: p.label, message: stopped) }
        }
        var found = OptimizationOutcome(outcome: outcome, goal: goal, scenario: first, shown: request.shownMetrics,
                                        gridSize: visited == nil ? nil : size, visited: visited, seconds: 0)
        if let change = request.checkRobustness {
            found.robustness = try robustness(of: found, source: source, request: request, inputs: request.robustnessInputs,
                                              change: change, overrides: overrides)
        }
        found.seconds = Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9
        return found
    }
}
