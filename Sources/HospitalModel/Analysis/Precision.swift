import SimKernel
import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import Foundation

/// Replications to a precision: replications are added in batches until every goal is met or
/// the maximum is reached. Decisions are taken only after whole batches, on replications
/// 0..<n, which are the same whatever the thread count, so the result is too.
public enum Precision {
    /// Waits, targets met, cost and utilisations: what a study reports first.
    public static func headlineMetrics(_ catalog: MetricCatalog) -> [String] {
        let headline = Set(Metric.names(Metric.precisionHeadline))
        return catalog.names.filter { headline.contains($0) || ($0.hasPrefix("resource.") && $0.hasSuffix(".utilization")) }
    }

    /// Each judged metric with its goal; unknown named metrics are returned apart.
    public static func goals(_ goal: PrecisionGoal, catalog: MetricCatalog) -> (goals: [(metric: String, goal: Double)], unknown: [String]) {
        var result: [(String, Double)] = []
        if let h = goal.headline {
            for m in headlineMetrics(catalog) where goal.named[m] == nil { result.append((m, h)) }
        }
        let unknown = goal.named.keys.filter { !catalog.names.contains($0) }.sorted()
        for (m, g) in goal.named.sorted(by: { $0.key < $1.key }) where catalog.names.contains(m) { result.append((m, g)) }
        return (result, unknown)
    }

    /// Judges summaries against goals. Each item is a half width and the scale it is relative
    /// to (the metric's mean, or for a difference the first variant's mean). A metric with no
    /// defined value is not judged; one whose scale is 0 meets its goal only with width 0.
    public static func assess(_ items: [(metric: String, halfWidth: Double, scale: Double, goal: Double)],
                              replications: Int) -> PrecisionVerdict {
        var worst: (metric: String, ratio: Double, relative: Double, goal: Double)?
        for item in items where !item.halfWidth.isNaN && !item.scale.isNaN {
            let relative = item.halfWidth == 0 ? 0 : (item.scale == 0 ? .infinity : item.halfWidth / abs(item.scale))
            let ratio = relative / item.goal
            if worst == nil || ratio > worst!.ratio { worst = (item.metric, ratio, relative, item.goal) }
        }
        guard let worst else {
            return PrecisionVerdict(reached: true, decidedBy: "", relativeHalfWidth: 0, goal: 0, replications: replications, projected: replications)
        }
        // A goal of 1e-300 projects more replications than an Int holds: capped (as unreachable).
        let wanted = (Double(replications) * worst.ratio * worst.ratio).rounded(.up)
        let projected = wanted < 1e15 ? Int(wanted) : Int(1e15)
        return PrecisionVerdict(reached: worst.ratio <= 1, decidedBy: worst.metric, relativeHalfWidth: worst.relative,
                                goal: worst.goal, replications: replications, projected: max(projected, replications))
    }

    /// The next total: the projection, but at most double the replications so far (an early
    /// interval's width is itself uncertain, and a skewed metric's first batches overstate it),
    /// rounded up to whole batches, at least one batch more and at most `maximum`.
    public static func nextTotal(after verdict: PrecisionVerdict, batch: Int, maximum: Int) -> Int {
        let n = verdict.replications
        let wanted = max(min(verdict.projected, 2 * n), n + batch)
        let batches = (wanted - n + batch - 1) / batch
        let (product, overflow) = batches.multipliedReportingOverflow(by: batch)
        return overflow ? maximum : min(maximum, n + product)
    }

    /// The judged half widths of one result (run, or a sweep point).
    public static func items(_ result: RunResult, goals: [(metric: String, goal: Double)], label: String? = nil)
        -> [(metric: String, halfWidth: Double, scale: Double, goal: Double)] {
        goals.compactMap { g in
            guard let s = result.metric(g.metric), s.n >= 2 else { return nil }
            return (label.map { "\(g.metric) [\($0)]" } ?? g.metric, s.halfWidth, s.mean, g.goal)
        }
    }

    /// The judged half widths of a comparison: each variant's paired difference from the first,
    /// relative to the first variant's mean.
    public static func items(_ comparison: Comparison, goals: [(metric: String, goal: Double)])
        -> [(metric: String, halfWidth: Double, scale: Double, goal: Double)] {
        var result: [(String, Double, Double, Double)] = []
        for v in comparison.variants.indices.dropFirst() {
            for g in goals {
                guard let d = comparison.difference(variant: v, metric: g.metric), d.summary.n >= 2,
                      let base = comparison.variants[0].result.metric(g.metric) else { continue }
                result.append(("\(g.metric) [\(comparison.variants[v].label) - \(comparison.variants[0].label)]",
                               d.summary.halfWidth, base.mean, g.goal))
            }
        }
        return result
    }

    /// Runs `models` (one for `run`, the variants of a comparison, the points of a sweep) on
    /// common replications, batch by batch, until `judge` says the goal is reached or the
    /// maximum is run. `kept` holds replications already done (a resumed run), per model.
    /// Stops early, returning what is done and `interrupted`, when `stop` is set.
    public static func run(_ models: [CompiledModel], goal: PrecisionGoal, threads: Int, kept: [[ReplicationResult]]? = nil,
                           stop: StopFlag? = nil, eventLog: EventLogSinks? = nil,
                           judge: ([RunResult]) -> PrecisionVerdict) -> (results: [RunResult], verdict: PrecisionVerdict, interrupted: Bool) {
        let pairs = models.first?.run.antithetic ?? false
        // The first batch is the scenario's own replications: at least 2 (4 in pairs) for an interval.
        var batch = max(models.first?.run.replications ?? 2, pairs ? 4 : 2)
        if pairs, batch % 2 != 0 { batch += 1 }
        let maximum = max(goal.maxReplications, batch)
        var done = kept ?? Array(repeating: [], count: models.count)
        var n = batch
        var seconds = 0.0
        while true {
            for (i, model) in models.enumerated() {
                let have = Set(done[i].map(\.replication))
                let todo = (0..<n).filter { !have.contains($0) }
                guard !todo.isEmpty else { continue }
                let r = Runner.run(model, threads: threads, indices: todo, stop: stop, eventLog: eventLog)
                seconds += r.seconds
                done[i] = (done[i] + r.replications).sorted { $0.replication < $1.replication }
            }
            let results = zip(models, done).map { model, reps in
                RunResult(model: model, replications: reps.filter { $0.replication < n }, seconds: seconds)
            }
            let complete = results.allSatisfy { $0.replications.count == n }
            if !complete || results.contains(where: { $0.stopped != nil }) {
                let verdict = PrecisionVerdict(reached: false, decidedBy: "", relativeHalfWidth: .nan, goal: .nan, replications: n, projected: n)
                return (results, verdict, stop?.isSet == true)
            }
            let verdict = judge(results)
            if verdict.reached || n >= maximum { return (results, verdict, false) }
            n = nextTotal(after: verdict, batch: batch, maximum: maximum)
        }
    }
}
