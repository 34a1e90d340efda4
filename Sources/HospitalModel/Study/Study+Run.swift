import HospitalAnalysis
import HospitalFormats
import HospitalScenario
import HospitalSimulation

extension Study {
    /// Runs `scenario`'s replications (the plan's shard of them, or as many as its precision
    /// goal needs). With `eventLog`, every replication writes its events to the sinks made for
    /// the compiled model.
    public func run(_ scenario: Scenario, eventLog: ((CompiledModel) -> EventLogSinks)? = nil) throws(StudyError) -> RunOutcome {
        let model = CompiledModel(scenario)
        let goals = try plan.precision.map { goal throws(StudyError) in try self.goals(goal, model) } ?? []
        let (results, verdict) = try replicate([Part(label: "run", model: model)], kind: .run, judge: { results in
            Precision.assess(Precision.items(results[0], goals: goals), replications: results[0].replications.count)
        }, eventLog: eventLog?(model))
        return RunOutcome(result: results[0], precision: verdict.map { PrecisionReport(verdict: $0, goals: goals) })
    }
}
