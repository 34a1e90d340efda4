import HospitalAnalysis
import HospitalFormats
import HospitalScenario
import HospitalSimulation

/// The studies every front end runs — a run, a comparison, a sweep, an optimisation, a
/// warm-up study, a forecast — as library calls. A study takes scenarios already read (with
/// their overrides made), runs them by its `plan`, reports through and obeys its `control`,
/// and returns typed results; writing them is the front end's business.
///
/// ```swift
/// let study = Study(plan: ReplicationPlan(threads: 4), control: StudyControl(cancellation: stop))
/// let run = try study.run(scenario)
/// run.result.metric("wait.mean")?.mean
/// ```
///
/// Interruption and resumption are one mechanism for every study: when `control.cancellation`
/// is set, the replications in flight finish, every finished one is saved to
/// `control.checkpoints` and `StudyError.interrupted` is thrown; the same study run again with
/// that store runs only what is missing, so its result is that of an uninterrupted run.
public struct Study: Sendable {
    public var plan: ReplicationPlan
    public var control: StudyControl

    public init(plan: ReplicationPlan = ReplicationPlan(), control: StudyControl = StudyControl()) {
        GSL.quiet()
        self.plan = plan
        self.control = control
    }

    /// One model a study runs on the common replications: a run's scenario, a comparison's
    /// variant, a sweep's grid point.
    struct Part {
        var label: String
        var model: CompiledModel
        var point: [ScenarioPatch.Assignment] = []
    }

    /// Runs every part on the same replications: the plan's shard, or all of the scenario's, or
    /// batches until `judge` finds the precision goal reached. Checks each result (limits,
    /// nothing completed) and saves a checkpoint when cancelled.
    func replicate(_ parts: [Part], kind: PartialResult.Kind, shown: [String] = [],
                   judge: (([RunResult]) -> PrecisionVerdict)?, eventLog: EventLogSinks? = nil) throws(StudyError)
        -> (results: [RunResult], verdict: PrecisionVerdict?) {
        let total = parts[0].model.run.replications
        let single = kind == .run
        var results: [RunResult]
        var verdict: PrecisionVerdict?
        if let shard = plan.shard {
            guard plan.precision == nil else {
                throw .unsupported("a precision goal decides after whole batches and cannot be sharded")
            }
            let range = PartialResult.replications(shard: shard.index, of: shard.count, total: total)
            results = parts.map { Runner.run($0.model, threads: plan.threads, replications: range) }
        } else if let goal = plan.precision, let judge {
            let kept = try resumed(parts, kind: kind, total: total)
            let outcome = Precision.run(parts.map(\.model), goal: goal, threads: plan.threads, kept: kept,
                                        stop: control.cancellation, eventLog: eventLog, judge: judge)
            if outcome.interrupted {
                try keep(parts, outcome.results, kind: kind, total: total, shown: shown)
                throw .interrupted(done: outcome.results.reduce(0) { $0 + $1.replications.count }, total: nil)
            }
            results = outcome.results
            verdict = outcome.verdict
        } else {
            let kept = try resumed(parts, kind: kind, total: total) ?? Array(repeating: [], count: parts.count)
            let stop = control.cancellation
            let progress = control.progress
            let all = total * parts.count
            var offset = kept.reduce(0) { $0 + $1.count }
            progress?(offset, all)
            results = []
            for (part, had) in zip(parts, kept) {
                let have = Set(had.map(\.replication))
                let todo = (0..<total).filter { !have.contains($0) }
                let before = offset
                let r = todo.isEmpty || stop?.isSet == true
                    ? RunResult(model: part.model, replications: [], seconds: 0)
                    : Runner.run(part.model, threads: plan.threads, indices: todo, stop: stop, recordPatients: plan.recordPatients,
                                 eventLog: eventLog) { progress?(before + $0, all) }
                offset += r.replications.count
                let merged = RunResult(model: part.model, replications: (had + r.replications).sorted { $0.replication < $1.replication },
                                       seconds: r.seconds)
                if let stopped = merged.stopped { throw .limitReached(part: single ? nil : part.label, message: stopped) }
                results.append(merged)
            }
            if results.contains(where: { $0.replications.count < total }) {
                try keep(parts, results, kind: kind, total: total, shown: shown)
                throw .interrupted(done: offset, total: all)
            }
        }
        for (part, result) in zip(parts, results) { try accept(result, part: single ? nil : part.label) }
        return (results, verdict)
    }

    /// A result the plan accepts: no replication stopped by a limit, and some patient
    /// completed (unless the plan accepts empty runs).
    func accept(_ result: RunResult, part: String?) throws(StudyError) {
        if let stopped = result.stopped { throw .limitReached(part: part, message: stopped) }
        if result.completedNone, !plan.acceptEmpty {
            throw .nothingCompleted(part: part, horizon: result.horizon, warmup: result.warmup, timeUnit: result.timeUnit)
        }
    }

    /// The replications a checkpoint holds, per part, when resuming; nil when starting afresh.
    func resumed(_ parts: [Part], kind: PartialResult.Kind, total: Int) throws(StudyError) -> [[ReplicationResult]]? {
        guard let store = control.checkpoints, let partial = try store.load() else { return nil }
        let expected = checkpoint(parts, parts.map { RunResult(model: $0.model, replications: [], seconds: 0) },
                                  kind: kind, total: total, shown: [])
        if let difference = partial.difference(from: expected) {
            throw .checkpointMismatch(location: store.location, difference: difference)
        }
        return partial.parts.map(\.replications)
    }

    func keep(_ parts: [Part], _ results: [RunResult], kind: PartialResult.Kind, total: Int, shown: [String]) throws(StudyError) {
        try control.checkpoints?.save(checkpoint(parts, results, kind: kind, total: total, shown: shown))
    }

    func checkpoint(_ parts: [Part], _ results: [RunResult], kind: PartialResult.Kind, total: Int, shown: [String]) -> PartialResult {
        var partial = PartialResult(kind: kind, format: "", shard: 0, shards: 1, totalReplications: total, theory: nil,
                                    results: zip(parts, results).map { (label: $0.label, result: $1) })
        if kind == .sweep { for i in partial.parts.indices { partial.parts[i].point = parts[i].point } }
        partial.shownMetrics = shown
        return partial
    }

    /// The goals of `goal` against the metrics of `model`; a metric it does not have is an error.
    func goals(_ goal: PrecisionGoal, _ model: CompiledModel) throws(StudyError) -> [(metric: String, goal: Double)] {
        let catalog = MetricCatalog(model)
        let (goals, unknown) = Precision.goals(goal, catalog: catalog)
        if let m = unknown.first { throw .unknownMetric(m, suggestion: suggestion(for: m, among: catalog.names)) }
        return goals
    }
}
