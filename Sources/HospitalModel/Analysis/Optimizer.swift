import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import Foundation
import SimKernel

/// Simulation optimisation over a finite set of points (settings of the scenario), all run on
/// common random numbers (replication k of every point uses the same streams).
///
/// Feasibility: after each stage, each constraint of each point is judged by a one-sided bound
/// at level (1 - confidence) / 2 shared out (Bonferroni) over points and constraints: Student-t
/// for a mean, exact binomial (Clopper-Pearson) for the chance of a breach or a quantile across
/// replications; feasible when the bound meets it, infeasible when the opposite bound fails it,
/// undecided otherwise (and an undecided point gets more replications).
///
/// Selection (one objective): Kim and Nelson's fully sequential procedure (KN, 2001) among the
/// points not shown infeasible, at level (1 - confidence) / 2, with indifference zone delta:
/// point i is eliminated by a feasible point l when their mean difference (paired over common
/// replications) exceeds W_il(r) = max(0, delta / (2r) (h^2 S_il^2 / delta^2 - r)), S_il^2 the
/// first-stage variance of the differences, or when the paired difference is positive with
/// confidence (a t screen, Bonferroni over the comparisons, so that a clearly worse point goes
/// at once whatever delta is). Eliminated and infeasible points get no more
/// replications; the rest get a batch each round, so the budget goes to the points near the
/// best and near the constraint boundaries. When the procedure ends (one point left, or every
/// pair past its last stage), the best mean is selected: if the best feasible point is delta
/// better than the others, it is chosen with probability at least the confidence.
///
/// Several objectives: the points not shown infeasible are compared on all objectives; a
/// point is dominated when another is no worse on every objective and better on one (by means),
/// and the dominance is called clear when the paired differences say so at the same level.
/// Replications go to the points on the estimated front and those whose dominance is unclear.
public enum Optimizer {
    public struct Point: Sendable {
        public var label: String
        public var settings: [ScenarioPatch.Assignment]
        public var result: RunResult
        public var feasible: Bool?          // nil: undecided
        public var eliminated = false        // by the selection (one objective)
        public var dominated = false         // by means (several objectives)
        public var dominanceClear = false
        /// With demand scenarios: the point's result under each (the base one is `result`).
        public var demandResults: [RunResult] = []
        public var replications: Int { result.replications.count }
    }

    /// One constraint at one point: its estimate, the half width of the bound it is judged by,
    /// the verdict, and by how much the mean misses the limit (negative: the margin to spare).
    public struct ConstraintCheck: Sendable {
        public enum Verdict: String, Sendable { case met, failed, undecided }
        public var constraint: OptimizationGoal.Constraint
        public var mean: Double
        public var halfWidth: Double
        public var verdict: Verdict
        /// mean - limit for `<=`, limit - mean for `>=`: positive when the mean misses it.
        public var excess: Double
    }

    /// Per constraint, when no point is feasible: the best value any point reached, where, and
    /// whether more replications could still change the verdict there (it is undecided, not
    /// failed with confidence).
    public struct Shortfall: Sendable {
        public var constraint: OptimizationGoal.Constraint
        public var best: Double
        public var point: Int
        public var verdict: ConstraintCheck.Verdict
        public var moreReplicationsCouldHelp: Bool { verdict != .failed }
    }

    public struct Outcome: Sendable {
        public var points: [Point]
        /// The selected point (one objective), or nil when no point is feasible.
        public var recommended: Int?
        /// Feasible points that could not be told apart from the recommendation: still in the
        /// selection at the end, or within delta, or with a paired difference not significant.
        public var runnersUp: [Int]
        /// Several objectives: the estimated Pareto front among feasible points.
        public var pareto: [Int]
        public var replicationsUsed: Int
        public var delta: Double
        /// Why the search ended: "selected", "budget" or "no feasible point".
        public var ended: String
        /// One objective: every other point whose means meet every constraint (and which was not
        /// shown infeasible) with an objective mean within delta of the recommendation's: as good
        /// for practical purposes, whatever the selection concluded. Best first.
        public var equivalent: [Int] = []
        /// Each point's constraints, judged at the level the search used.
        public var checks: [[ConstraintCheck]] = []
        /// When no point is feasible: each constraint's best value and where it was reached.
        public var shortfalls: [Shortfall] = []
        /// With demand scenarios: each point's constraints under each scenario,
        /// [point][scenario][constraint], at the search's level.
        public var demandChecks: [[[ConstraintCheck]]] = []
        /// With demand scenarios and constraints required under all (one objective): the point a
        /// search for the base demand alone recommends (a second search on the same points and
        /// streams), its results under each scenario on the replications that search gave it,
        /// its constraints judged under each, and the replications that search used.
        public var baseChoice: Int?
        public var baseChoiceResults: [RunResult] = []
        public var baseChoiceChecks: [[ConstraintCheck]] = []
        public var baseSearchReplications = 0
    }

    /// The constraints of `point` judged by one-sided bounds at `level` (as the search does).
    public static func checks(of point: Point, goal: OptimizationGoal, level: Double) -> [ConstraintCheck] {
        goal.constraints.map { c in
            if c.breach != nil { return chanceCheck(c, values: point.result.values(c.metric) ?? [], goal: goal, level: level) }
            guard let s = point.result.metric(c.metric), s.n >= 2, !s.mean.isNaN else {
                return ConstraintCheck(constraint: c, mean: point.result.metric(c.metric)?.mean ?? .nan, halfWidth: .nan,
                                       verdict: .undecided, excess: .nan)
            }
            let t = Summary.studentQuantile(1 - level, degreesOfFreedom: s.n - 1)
            let margin = s.sd.isNaN ? 0 : t * s.sd / Double(s.n).squareRoot()
            let slack = goal.tolerance * (c.value == 0 ? 1 : abs(c.value))
            let excess = c.atLeast ? c.value - s.mean : s.mean - c.value
            let verdict: ConstraintCheck.Verdict
            if c.atLeast ? s.mean + margin < c.value : s.mean - margin > c.value {
                verdict = .failed
            } else if c.atLeast ? s.mean - margin >= c.value - slack : s.mean + margin <= c.value + slack {
                verdict = .met
            } else {
                verdict = .undecided
            }
            return ConstraintCheck(constraint: c, mean: s.mean, halfWidth: margin, verdict: verdict, excess: excess)
        }
    }

    /// A chance or quantile constraint judged on the replications' values: the share beyond its
    /// threshold against exact (Clopper-Pearson) one-sided bounds at `level`; met when the
    /// bound on the breach share is within the allowed share (plus the slack), failed when the
    /// opposite bound exceeds it. A quantile constraint reports the sample quantile (nearest
    /// rank) and the distance to its order-statistic bound; a probability constraint the share
    /// and the distance to its bound.
    static func chanceCheck(_ c: OptimizationGoal.Constraint, values: [Double], goal: OptimizationGoal, level: Double) -> ConstraintCheck {
        let breach = c.breach!
        let finite = values.filter { !$0.isNaN }
        let n = finite.count
        guard n >= 2 else { return ConstraintCheck(constraint: c, mean: .nan, halfWidth: .nan, verdict: .undecided, excess: .nan) }
        let k = finite.filter { breach.above ? $0 > breach.threshold : $0 < breach.threshold }.count
        let share = Double(k) / Double(n)
        let upper = BinomialBound.upper(k, of: n, level: level), lower = BinomialBound.lower(k, of: n, level: level)
        let slack = goal.tolerance * (breach.share == 0 ? 1 : breach.share)
        let verdict: ConstraintCheck.Verdict
        if breach.atMost {
            verdict = lower > breach.share ? .failed : upper <= breach.share + slack ? .met : .undecided
        } else {
            verdict = upper < breach.share ? .failed : lower >= breach.share - slack ? .met : .undecided
        }
        switch c.kind {
        case .quantile(let q):
            let sorted = finite.sorted()
            let estimate = Summary.nearestRank(sorted, q)
            let bound = c.atLeast
                ? BinomialBound.quantileLowerRank(q, of: n, level: level).map { sorted[$0 - 1] } ?? -.infinity
                : BinomialBound.quantileUpperRank(q, of: n, level: level).map { sorted[$0 - 1] } ?? .infinity
            return ConstraintCheck(constraint: c, mean: estimate, halfWidth: abs(bound - estimate), verdict: verdict,
                                   excess: c.atLeast ? c.value - estimate : estimate - c.value)
        default:
            return ConstraintCheck(constraint: c, mean: share, halfWidth: breach.atMost ? upper - share : share - lower, verdict: verdict,
                                   excess: breach.atMost ? share - breach.share : breach.share - share)
        }
    }

    /// Fills in the explanations of an outcome: each point's checks, the points equivalent to
    /// the recommendation, and the shortfalls when nothing is feasible.
    static func explain(_ outcome: inout Outcome, goal: OptimizationGoal, level: Double) {
        outcome.checks = outcome.points.map { checks(of: $0, goal: goal, level: level) }
        if !goal.demands.isEmpty {
            outcome.demandChecks = outcome.points.map { p in
                p.demandResults.map { r in var q = p; q.result = r; return checks(of: q, goal: goal, level: level) }
            }

        }
        if let best = outcome.recommended, goal.objectives.count == 1 {
            let o = goal.objectives[0]
            let sign = o.maximize ? -1.0 : 1.0
            func mean(_ i: Int) -> Double { sign * (outcome.points[i].result.metric(o.metric)?.mean ?? .nan) }
            outcome.equivalent = outcome.points.indices.filter { i in
                i != best && outcome.points[i].feasible != false && outcome.points[i].replications > 0
                    && outcome.checks[i].allSatisfy { $0.excess <= 0 } && mean(i) - mean(best) <= outcome.delta
            }.sorted { mean($0) < mean($1) }
        }
        if outcome.recommended == nil && outcome.pareto.isEmpty {
            outcome.shortfalls = goal.constraints.indices.compactMap { k in
                let candidates = outcome.points.indices.filter { outcome.checks[$0][k].excess.isFinite }
                guard let i = candidates.min(by: { outcome.checks[$0][k].excess < outcome.checks[$1][k].excess }) else { return nil }
                return Shortfall(constraint: goal.constraints[k], best: outcome.checks[i][k].mean, point: i, verdict: outcome.checks[i][k].verdict)
            }
        }
    }

    /// Runs the search. `models` are the points, in the order reported; `done` holds
    /// replications some of them already have (from a neighbourhood search).
    /// With demand scenarios, `demandModels[i]` holds point i's model under each of
    /// `goal.demands` (the base one being `models[i].model`); every replication of a point is
    /// run under each, on the same streams, and counts once per scenario against the budget.
    public static func run(_ models: [(label: String, settings: [ScenarioPatch.Assignment], model: CompiledModel)],
                           goal: OptimizationGoal, threads: Int, done: [RunResult]? = nil, spent: Int = 0,
                           demandModels: [[CompiledModel]]? = nil,
                           stop: StopFlag? = nil, progress: ((Int) -> Void)? = nil) -> Outcome {
        let search = Search(models: models, goal: goal, threads: threads, done: done, spent: spent, demandModels: demandModels,
                            stop: stop, progress: progress)
        var outcome = goal.objectives.count == 1 ? search.select() : search.front()
        explain(&outcome, goal: goal, level: search.feasibilityLevel)
        return outcome
    }

    /// A grid too large to search whole, one objective: a neighbourhood search from `start`
    /// (indices into each axis' values). Each step evaluates the current point's neighbours (one
    /// step along one axis) with the first-stage replications and moves to the best one not
    /// shown infeasible, while that improves the objective's mean and half the budget lasts.
    /// The best `finalists` points seen then go through the same statistical selection as an
    /// exhaustive search, with the rest of the budget. No guarantee that the optimum of the
    /// whole grid is among them: the guarantee is the selection's, among the finalists.
    public static func neighbourhood(axes: [(path: String, values: [String])], start: [Int], goal: OptimizationGoal,
                                     threads: Int, finalists: Int = 8,
                                     make: ([ScenarioPatch.Assignment]) -> CompiledModel?,
                                     stop: StopFlag? = nil, progress: ((Int) -> Void)? = nil) -> (outcome: Outcome, visited: Int) {
        let n0 = max(2, goal.firstStage)
        var seen: [[Int]: (label: String, settings: [ScenarioPatch.Assignment], model: CompiledModel, result: RunResult)] = [:]
        var spent = 0
        let objective = goal.objectives[0]
        let sign = objective.maximize ? -1.0 : 1.0
        func evaluate(_ index: [Int]) -> Double? {
            if let s = seen[index] { return score(s.result) }
            let settings = zip(axes, index).map { ScenarioPatch.Assignment(path: $0.path, value: $0.values[$1]) }
            guard spent + n0 <= goal.budget / 2, let model = make(settings) else { return nil }
            let result = Runner.run(model, threads: threads, indices: Array(0..<n0), stop: stop)
            spent += n0
            progress?(spent)
            let label = settings.map { "\($0.path)=\($0.value)" }.joined(separator: " ")
            seen[index] = (label, settings, model, result)
            return score(result)
        }
        // Lower is better; a point whose constraints fail clearly scores infinity.
        func score(_ r: RunResult) -> Double {
            for c in goal.constraints {
                if c.breach != nil {
                    if chanceCheck(c, values: r.values(c.metric) ?? [], goal: goal, level: (1 - goal.confidence) / 2).verdict == .failed { return .infinity }
                    continue
                }
                guard let s = r.metric(c.metric), s.n >= 2 else { continue }
                let margin = s.sd.isNaN ? 0 : Summary.studentQuantile(1 - (1 - goal.confidence) / 2, degreesOfFreedom: s.n - 1) * s.sd / Double(s.n).squareRoot()
                if c.atLeast ? s.mean + margin < c.value : s.mean - margin > c.value { return .infinity }
            }
            return sign * (r.metric(objective.metric)?.mean ?? .infinity)
        }
        var current = start
        var best = evaluate(current) ?? .infinity
        while true {
            var move: ([Int], Double)?
            for a in axes.indices {
                for step in [-1, 1] {
                    var next = current
                    next[a] += step
                    guard next[a] >= 0, next[a] < axes[a].values.count, let s = evaluate(next) else { continue }
                    if s < (move?.1 ?? best) { move = (next, s) }
                }
            }
            guard let (next, s) = move, s < best else { break }
            current = next
            best = s
        }
        let ranked = seen.values.sorted { score($0.result) < score($1.result) || (score($0.result) == score($1.result) && $0.label < $1.label) }
        let chosen = Array(ranked.prefix(finalists))
        let outcome = run(chosen.map { ($0.label, $0.settings, $0.model) }, goal: goal, threads: threads,
                          done: chosen.map(\.result), spent: spent, stop: stop, progress: progress)
        return (outcome, seen.count)
    }

    /// The state of one search: the points, their replications, the budget spent.
    final class Search {
        let models: [(label: String, settings: [ScenarioPatch.Assignment], model: CompiledModel)]
        let demandModels: [[CompiledModel]]?
        /// Runs per replication of a point: one per demand scenario.
        var runsPerReplication: Int { max(1, demandModels?.first?.count ?? 1) }
        let goal: OptimizationGoal
        let threads: Int
        let progress: ((Int) -> Void)?
        /// Once set, no replication starts: the search runs out its budget at once, and its
        /// outcome is to be discarded by the caller.
        let stop: StopFlag?
        var points: [Point]
        var used = 0
        let n0: Int, batch: Int
        let alpha: Double
        let feasibilityLevel: Double

        init(models: [(label: String, settings: [ScenarioPatch.Assignment], model: CompiledModel)], goal: OptimizationGoal,
             threads: Int, done: [RunResult]?, spent: Int, demandModels: [[CompiledModel]]? = nil, stop: StopFlag?, progress: ((Int) -> Void)?) {
            self.models = models
            self.demandModels = demandModels
            self.stop = stop
            self.goal = goal
            self.threads = threads
            self.progress = progress
            points = models.enumerated().map { i, m in
                Point(label: m.label, settings: m.settings, result: done?[i] ?? RunResult(model: m.model, replications: [], seconds: 0))
            }
            used = spent
            n0 = max(2, goal.firstStage)
            batch = max(1, n0 / 2)
            alpha = 1 - goal.confidence
            // Judgements: every constraint of every point, under every demand scenario that counts.
            let judged = goal.demands.isEmpty || !goal.robustToAll ? 1 : goal.demands.count
            feasibilityLevel = alpha / 2 / Double(max(1, models.count * goal.constraints.count * judged))
            if let demandModels {
                for i in points.indices {
                    points[i].demandResults = demandModels[i].map { RunResult(model: $0, replications: [], seconds: 0) }
                }
            }
            // First stage: every point, n0 replications.
            for i in points.indices { extend(i, to: n0) }
        }

        /// Replications have..<n of point i, on the common streams of those indices.
        func extend(_ i: Int, to n: Int) {
            let have = points[i].replications
            if n > have {
                let r = Runner.run(models[i].model, threads: threads, indices: Array(have..<n), stop: stop)
                points[i].result = RunResult(model: models[i].model, replications: points[i].result.replications + r.replications, seconds: 0)
                used += n - have
                // The other demand scenarios on the same replication indices (common streams).
                if let demandModels {
                    for (d, model) in demandModels[i].enumerated() {
                        if d == goal.baseDemand {
                            points[i].demandResults[d] = points[i].result
                            continue
                        }
                        let more = Runner.run(model, threads: threads, indices: Array(have..<n), stop: stop)
                        points[i].demandResults[d] = RunResult(model: model, replications: points[i].demandResults[d].replications + more.replications,
                                                               seconds: 0)
                        used += n - have
                    }
                }
                progress?(used)
            }
            judge(i)
        }

        /// Infeasible once some constraint's far bound misses its limit; feasible once every near
        /// bound is within the slack of it (so a point on the limit is settled, either way).
        func judge(_ i: Int) {
            var verdicts = Optimizer.checks(of: points[i], goal: goal, level: feasibilityLevel).map(\.verdict)
            if goal.robustToAll, !points[i].demandResults.isEmpty {
                // Under every demand scenario: infeasible if one fails, feasible when all are met.
                verdicts = points[i].demandResults.flatMap { r in
                    var p = points[i]
                    p.result = r
                    return Optimizer.checks(of: p, goal: goal, level: feasibilityLevel).map(\.verdict)
                }
            }
            points[i].feasible = verdicts.contains(.failed) ? false : verdicts.allSatisfy { $0 == .met } ? true : nil
            // A model in which patients arrive and none completes is one `run` refuses (a
            // capacity of 0, say): never a candidate, whatever its undefined waits say.
            if points[i].result.completedNone || points[i].demandResults.contains(where: \.completedNone) {
                points[i].feasible = false
            }
        }

        /// One objective: feasibility and KN elimination, stage by stage.
        func select() -> Outcome {
            let k = points.count
            let objective = goal.objectives[0]
            let sign = objective.maximize ? -1.0 : 1.0  // minimise sign * metric
            func values(_ i: Int) -> [Double] { (points[i].result.values(objective.metric) ?? []).map { sign * $0 } }
            func mean(_ i: Int, _ r: Int? = nil) -> Double {
                let v = r.map { Array(values(i).prefix($0)) } ?? values(i)
                return v.reduce(0, +) / Double(max(1, v.count))
            }
            let delta = goal.delta ?? max(1e-12, 0.01 * abs((0..<k).map { mean($0) }.filter(\.isFinite).min() ?? 1))
            // KN's constant from the first stage, for k points at level alpha / 2.
            let eta = k > 1 ? 0.5 * (pow(alpha / Double(k - 1), -2 / Double(n0 - 1)) - 1) : 0
            let h2 = 2 * eta * Double(n0 - 1)
            var variance = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
            for i in 0..<k {
                for l in 0..<k where l != i {
                    let sd = Summary(of: zip(values(i).prefix(n0), values(l).prefix(n0)).map { $0 - $1 }).sd
                    variance[i][l] = sd.isNaN ? 0 : sd * sd
                }
            }
            // Screening beside KN: a point whose paired difference from a feasible one is
            // positive with confidence (Bonferroni over the k - 1 comparisons) is worse, however
            // small delta is; KN settles the close calls.
            let screen = Summary.studentQuantile(1 - alpha / Double(max(1, k - 1)), degreesOfFreedom: n0 - 1)
            var ended = "budget"
            while true {
                let contenders = (0..<k).filter { points[$0].feasible != false && !points[$0].eliminated }
                let r = contenders.map { points[$0].replications }.min() ?? n0
                // Each contender's first r values and their mean, once per stage, not per pair.
                var stage = [[Double]](repeating: [], count: k), stageMean = [Double](repeating: .nan, count: k)
                for i in contenders {
                    stage[i] = Array(values(i).prefix(r))
                    stageMean[i] = mean(i, r)
                }
                for i in contenders {
                    for l in contenders where l != i && points[l].feasible == true && !points[l].eliminated {
                        let w = max(0, delta / (2 * Double(r)) * (h2 * variance[i][l] / (delta * delta) - Double(r)))
                        let d = Summary(of: zip(stage[i], stage[l]).map { $0 - $1 })
                        let worse = d.n >= 2 && !d.sd.isNaN && d.mean - screen * d.sd / Double(d.n).squareRoot() > 0
                        if stageMean[i] - stageMean[l] > w || worse { points[i].eliminated = true; break }
                    }
                }
                let alive = contenders.filter { !points[$0].eliminated }
                if alive.isEmpty { ended = "no feasible point"; break }
                let undecided = alive.filter { points[$0].feasible == nil }
                // KN ends when one point is left, or every pair left is past its last stage.
                let lastStage = alive.allSatisfy { i in
                    alive.allSatisfy { l in l == i || Double(r) >= h2 * variance[i][l] / (delta * delta) }
                }
                if undecided.isEmpty, alive.count == 1 || lastStage { ended = "selected"; break }
                if used + alive.count * batch * runsPerReplication > goal.budget { break }
                for i in alive { extend(i, to: r + batch) }
            }
            // The answer: the best mean among feasible points still in the selection.
            let feasible = (0..<k).filter { points[$0].feasible == true && !points[$0].eliminated && mean($0).isFinite }
            guard let best = feasible.min(by: { mean($0) < mean($1) }) else {
                return Outcome(points: points, recommended: nil, runnersUp: [], pareto: [], replicationsUsed: used, delta: delta,
                               ended: "no feasible point")
            }
            var runnersUp: [Int] = []
            for i in 0..<k where i != best && points[i].feasible == true {
                let n = min(points[i].replications, points[best].replications)
                let d = Summary(of: zip(values(i).prefix(n), values(best).prefix(n)).map { $0 - $1 })
                let significant = d.n >= 2 && !d.halfWidth.isNaN && d.mean - d.halfWidth > 0
                if !points[i].eliminated || d.mean < delta || !significant { runnersUp.append(i) }
            }
            runnersUp.sort { mean($0) < mean($1) }
            return Outcome(points: points, recommended: best, runnersUp: runnersUp, pareto: [], replicationsUsed: used,
                           delta: delta, ended: ended)
        }

        /// Several objectives: replications to the estimated front, to unclear dominance and to
        /// undecided feasibility, while the budget lasts.
        func front() -> Outcome {
            var ended = "budget"
            while true {
                Optimizer.markDominance(&points, goal: goal, level: alpha / 2)
                let unsettled = points.indices.filter {
                    points[$0].feasible == nil || (points[$0].feasible == true && points[$0].dominated && !points[$0].dominanceClear)
                }
                if unsettled.isEmpty { ended = "selected"; break }
                let wanted = points.indices.filter { points[$0].feasible != false && (!points[$0].dominated || !points[$0].dominanceClear) }
                let n = (wanted.map { points[$0].replications }.max() ?? n0) + batch
                let cost = wanted.reduce(0) { $0 + n - points[$1].replications } * runsPerReplication
                if used + cost > goal.budget { break }
                for i in wanted { extend(i, to: n) }
            }
            let front = points.indices.filter { points[$0].feasible == true && !points[$0].dominated }
            return Outcome(points: points, recommended: nil, runnersUp: [], pareto: front, replicationsUsed: used,
                           delta: goal.delta ?? 0, ended: front.isEmpty ? "no feasible point" : ended)
        }
    }

    /// Several objectives: dominance by means, and whether paired differences make it clear.
    static func markDominance(_ points: inout [Point], goal: OptimizationGoal, level: Double) {
        let candidates = points.indices.filter { points[$0].feasible != false }
        for i in points.indices {
            points[i].dominated = false
            points[i].dominanceClear = false
        }
        for i in candidates {
            for j in candidates where j != i {
                let n = min(points[i].replications, points[j].replications)
                var noWorse = true, better = false, clear = true
                for o in goal.objectives {
                    let sign = o.maximize ? -1.0 : 1.0
                    guard let a = points[i].result.values(o.metric), let b = points[j].result.values(o.metric) else { noWorse = false; break }
                    let d = Summary(of: zip(a.prefix(n), b.prefix(n)).map { sign * ($1 - $0) })  // j minus i, smaller is better
                    if d.mean > 0 { noWorse = false; break }
                    if d.mean < 0 { better = true }
                    let t = d.n >= 2 ? Summary.studentQuantile(1 - level, degreesOfFreedom: d.n - 1) : .infinity
                    let margin = d.sd.isNaN ? 0 : t * d.sd / Double(d.n).squareRoot()
                    if d.mean + margin > 0 { clear = false }
                }
                if noWorse && better {
                    points[i].dominated = true
                    if clear { points[i].dominanceClear = true }
                }
            }
        }
    }
}
