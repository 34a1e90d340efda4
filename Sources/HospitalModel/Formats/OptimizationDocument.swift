import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import SimKernel
import Foundation

/// The JSON document of `simrun optimize`: the answer on top (`recommended`, `runners_up`,
/// `equivalent`, `pareto`, and `closest` when nothing is feasible) and every evaluated point
/// below. The CSV form (`csv`) has one row per point.
public struct OptimizationDocument: Codable, Sendable {
    public struct Objective: Codable, Sendable {
        public var metric: String
        /// "minimize" or "maximize".
        public var sense: String
    }

    public struct Constraint: Codable, Sendable {
        public var metric: String
        /// ">=" or "<=".
        public var `operator`: String
        public var value: DocumentNumber
        /// Absent for a constraint on the mean; "probability" (the share of replications beyond
        /// `threshold`, `beyond` ">" or "<") or "quantile" (`quantile` across replications).
        public var kind: String?
        public var threshold: DocumentNumber?
        public var beyond: String?
        public var quantile: DocumentNumber?

        /// What it bounds: the metric (its mean), `P(METRIC > X)` or `METRIC@p90`.
        public var quantity: String {
            switch kind {
            case "probability": "P(\(metric) \(beyond ?? ">") \(NumberText.readable(threshold?.value ?? .nan)))"
            case "quantile": "\(metric)@p\(NumberText.readable((quantile?.value ?? .nan) * 100))"
            default: metric
            }
        }

        /// As asked: `P(resource.ward_bed.wait.mean > 60) <= 0.1`.
        public var description: String { "\(quantity) \(`operator`) \(NumberText.readable(value.value))" }

        init(_ c: OptimizationGoal.Constraint) {
            metric = c.metric
            `operator` = c.atLeast ? ">=" : "<="
            value = DocumentNumber(c.value)
            switch c.kind {
            case .mean: break
            case .probability(let t, let above):
                kind = "probability"
                threshold = DocumentNumber(t)
                beyond = above ? ">" : "<"
            case .quantile(let q):
                kind = "quantile"
                quantile = DocumentNumber(q)
            }
        }
    }

    /// A constraint at one point: its estimate, verdict and by how much the mean misses.
    public struct Check: Codable, Sendable {
        public var constraint: String
        public var mean: DocumentNumber
        public var halfWidth: DocumentNumber
        public var verdict: String
        public var excess: DocumentNumber

        enum CodingKeys: String, CodingKey { case constraint, mean, halfWidth = "half_width", verdict, excess }

        public init(_ c: Optimizer.ConstraintCheck) {
            constraint = c.constraint.description
            mean = DocumentNumber(c.mean)
            halfWidth = DocumentNumber(c.halfWidth)
            verdict = c.verdict.rawValue
            excess = DocumentNumber(c.excess)
        }
    }

    public struct Point: Codable, Sendable {
        public var settings: DocumentMap<String>
        public var replications: Int
        public var status: String
        /// Null while undecided.
        @WrittenAsNull public var feasible: Bool?
        public var eliminated: Bool
        public var dominated: Bool
        /// Absent when the goal has no constraints.
        public var constraints: [Check]?
        public var metrics: DocumentMap<ResultsDocument.SummaryEntry>
        /// With chance or quantile constraints: each constrained metric's value in every
        /// replication, in replication order (the distribution the constraint is on).
        public var replicationsValues: DocumentMap<[DocumentNumber]>?
        /// With demand scenarios: the objective and constraint metrics and the constraints'
        /// verdicts under each scenario, by name.
        public var byDemand: DocumentMap<UnderDemand>?
        /// The recommendation's exact queueing values, when its model has a single-station
        /// form (`simrun theory`): the check of the model the numbers rest on.
        public var theory: ResultsDocument.TheoryEntry?

        enum CodingKeys: String, CodingKey {
            case settings, replications, status, feasible, eliminated, dominated, constraints, metrics, replicationsValues = "replications_values",
                 byDemand = "by_demand", theory
        }
    }

    /// A point under one demand scenario.
    public struct UnderDemand: Codable, Sendable {
        public var metrics: DocumentMap<ResultsDocument.SummaryEntry>
        public var constraints: [Check]?
    }

    public struct Demand: Codable, Sendable {
        public var name: String
        public var multiplier: DocumentNumber
    }

    /// When nothing is feasible: the best any point did on a constraint, and where.
    public struct Closest: Codable, Sendable {
        public var constraint: String
        public var best: DocumentNumber
        public var settings: DocumentMap<String>
        public var verdict: String
        public var moreReplicationsCouldHelp: Bool

        enum CodingKeys: String, CodingKey { case constraint, best, settings, verdict, moreReplicationsCouldHelp = "more_replications_could_help" }
    }

    /// `optimize --check-robustness`: the recommendation re-run with each input moved down and
    /// up, its constraints judged again.
    public struct Robustness: Codable, Sendable {
        public struct Move: Codable, Sendable {
            /// The input's value in this run, as written in the scenario.
            public var value: String
            /// "holds", "at risk" (an estimate beyond a limit, not yet certain) or "breaks" (a
            /// constraint failed with confidence).
            public var verdict: String
            public var constraints: [Check]
            /// The objectives' and constraints' metrics in this run.
            public var metrics: DocumentMap<ResultsDocument.SummaryEntry>

            public init(value: String, verdict: String, constraints: [Check], metrics: DocumentMap<ResultsDocument.SummaryEntry>) {
                self.value = value
                self.verdict = verdict
                self.constraints = constraints
                self.metrics = metrics
            }
        }

        public struct Input: Codable, Sendable {
            /// The key path, and its value as written.
            public var input: String
            public var value: String
            public var low: Move
            public var high: Move

            public init(input: String, value: String, low: Move, high: Move) {
                self.input = input
                self.value = value
                self.low = low
                self.high = high
            }
        }

        /// The relative change (0.1: ±10%), the replications of each move (the
        /// recommendation's), and the demand scenario the moves ran under, with several.
        public var change: DocumentNumber
        public var replications: Int
        public var demand: String?
        public var inputs: [Input]
        /// Capacities left as they are (the change is less than half a unit); absent when none.
        public var unmoved: [String]?
        /// The moves that break a constraint or put one at risk, in words, worst first.
        public var failing: [String]

        public init(change: Double, replications: Int, demand: String?, inputs: [Input], unmoved: [String], failing: [String]) {
            self.change = DocumentNumber(change)
            self.replications = replications
            self.demand = demand
            self.inputs = inputs
            self.unmoved = unmoved.isEmpty ? nil : unmoved
            self.failing = failing
        }
    }

    public var scenario: String
    public var seed: UInt64
    public var timeUnit: String
    /// Each replication's horizon and warm-up, in the time unit (absent in older documents).
    public var horizon: DocumentNumber?
    public var warmup: DocumentNumber?
    public var objectives: [Objective]
    public var constraints: [Constraint]
    public var confidence: DocumentNumber
    public var delta: DocumentNumber
    public var budget: Int
    public var replicationsUsed: Int
    public var ended: String
    /// Null when no point is recommended.
    @WrittenAsNull public var recommended: Point?
    public var runnersUp: [Point]
    public var equivalent: [Point]
    public var pareto: [Point]
    public var closest: [Closest]?
    /// With demand scenarios: the scenarios, whether the constraints had to hold under all or
    /// the base one only, and the point choosing for the base demand alone would pick.
    public var demand: [Demand]?
    public var robust: String?
    public var baseChoice: Point?
    public var robustness: Robustness?
    public var points: [Point]

    enum CodingKeys: String, CodingKey {
        case scenario, seed, timeUnit = "time_unit", horizon, warmup, objectives, constraints, confidence, delta, budget
        case replicationsUsed = "replications_used", ended, recommended, runnersUp = "runners_up", equivalent, pareto, closest
        case demand, robust, baseChoice = "base_choice", robustness, points
    }

    public static let layout: DocumentLayout = {
        let lists = ["runners_up", "equivalent", "pareto", "points"]
        var hanging: [[String]: Int] = [["recommended"]: 1, ["recommended", "metrics"]: 1]
        for l in lists {
            hanging[[l, "*"]] = 1
            hanging[[l, "*", "metrics"]] = 1
        }
        hanging[["robustness"]] = 1
        hanging[["robustness", "inputs", "*"]] = 1
        return DocumentLayout(blocks: Set(lists.map { [$0] } + [[], ["closest"], ["robustness", "inputs"], ["robustness", "failing"]]), hanging: hanging,
                              lines: [["scenario", "seed", "time_unit"], ["confidence", "delta", "budget", "replications_used", "ended"],
                                      ["settings", "replications", "status", "feasible", "eliminated", "dominated"]])
    }()

    public init(_ o: Optimizer.Outcome, goal: OptimizationGoal, scenario: String, seed: UInt64, timeUnit: TimeUnit,
                horizon: Double? = nil, warmup: Double? = nil) {
        self.horizon = horizon.map { DocumentNumber($0) }
        self.warmup = warmup.map { DocumentNumber($0) }
        // The points an answer names (recommended, runners-up, equivalent) keep every constraint
        // metric's values by replication, so that the risk of a breach can be read off them;
        // with chance or quantile constraints every point keeps them.
        let named = Set([o.recommended].compactMap { $0 } + o.runnersUp + o.equivalent)
        func settings(_ p: Optimizer.Point) -> DocumentMap<String> { DocumentMap(p.settings.map { ($0.path, $0.value) }) }
        func point(_ i: Int) -> Point {
            let p = o.points[i]
            let checks = i < o.checks.count && !o.checks[i].isEmpty ? o.checks[i].map { c in
                Check(c)
            } : nil
            var distributed: [String] = []
            for c in goal.constraints where (c.breach != nil || named.contains(i)) && !distributed.contains(c.metric) { distributed.append(c.metric) }
            let values: DocumentMap<[DocumentNumber]>? = distributed.isEmpty ? nil : DocumentMap(distributed.map { m in
                (m, (p.result.values(m) ?? []).map { DocumentNumber($0) })
            })
            var byDemand: DocumentMap<UnderDemand>?
            if !goal.demands.isEmpty, p.demandResults.count == goal.demands.count {
                let shown = goal.shownMetrics
                byDemand = DocumentMap(goal.demands.enumerated().map { d, name in
                    let r = p.demandResults[d]
                    let judged = i < o.demandChecks.count && d < o.demandChecks[i].count ? o.demandChecks[i][d] : []
                    return (name, UnderDemand(metrics: DocumentMap(shown.compactMap { m in r.metric(m).map { (m, ResultsDocument.SummaryEntry($0)) } }),
                                              constraints: judged.isEmpty ? nil : judged.map { c in
                                                  Check(c)
                                              }))
                })
            }
            return Point(settings: settings(p), replications: p.replications, status: Self.status(o, i), feasible: p.feasible,
                         eliminated: p.eliminated, dominated: p.dominated, constraints: checks,
                         metrics: DocumentMap(p.result.metrics.map { ($0.name, ResultsDocument.SummaryEntry($0.summary)) }),
                         replicationsValues: values, byDemand: byDemand)
        }
        self.scenario = scenario
        self.seed = seed
        self.timeUnit = timeUnit.rawValue
        objectives = goal.objectives.map { Objective(metric: $0.metric, sense: $0.maximize ? "maximize" : "minimize") }
        constraints = goal.constraints.map(Constraint.init)
        confidence = DocumentNumber(goal.confidence)
        delta = DocumentNumber(o.delta)
        budget = goal.budget
        replicationsUsed = o.replicationsUsed
        ended = o.ended
        recommended = o.recommended.map { r in
            var p = point(r)
            p.theory = o.points[r].result.theory.map(ResultsDocument.TheoryEntry.init)
            return p
        }
        runnersUp = o.runnersUp.map(point)
        equivalent = o.equivalent.map(point)
        pareto = o.pareto.map(point)
        closest = o.shortfalls.isEmpty ? nil : o.shortfalls.map { s in
            Closest(constraint: s.constraint.description, best: DocumentNumber(s.best), settings: settings(o.points[s.point]),
                    verdict: s.verdict.rawValue, moreReplicationsCouldHelp: s.moreReplicationsCouldHelp)
        }
        if !goal.demands.isEmpty {
            demand = zip(goal.demands, goal.demandMultipliers).map { Demand(name: $0, multiplier: DocumentNumber($1)) }
            robust = goal.robustToAll ? "all" : "base"
            // The base-only search's choice, with that search's numbers and its results under
            // each scenario on the replications that search gave it.
            baseChoice = o.baseChoice.map { b in
                var p = point(b)
                guard o.baseChoiceResults.count == goal.demands.count else { return p }
                let base = o.baseChoiceResults[goal.baseDemand]
                p.replications = base.replications.count
                p.metrics = DocumentMap(base.metrics.map { ($0.name, ResultsDocument.SummaryEntry($0.summary)) })
                func entries(_ checks: [Optimizer.ConstraintCheck]) -> [Check] {
                    checks.map { c in Check(c) }
                }
                p.constraints = o.baseChoiceChecks[goal.baseDemand].isEmpty ? nil : entries(o.baseChoiceChecks[goal.baseDemand])
                let shown = goal.shownMetrics
                p.byDemand = DocumentMap(goal.demands.enumerated().map { d, name in
                    (name, UnderDemand(metrics: DocumentMap(shown.compactMap { m in o.baseChoiceResults[d].metric(m).map { (m, ResultsDocument.SummaryEntry($0)) } }),
                                       constraints: o.baseChoiceChecks[d].isEmpty ? nil : entries(o.baseChoiceChecks[d])))
                })
                return p
            }
        }
        points = o.points.indices.map(point)
    }

    public var json: String { DocumentEncoder.json(self, layout: Self.layout) }

    public static func read(_ data: Data, file: String) throws(ScenarioErrors) -> OptimizationDocument {
        let doc = try DocumentReader.decode(OptimizationDocument.self, from: data, file: file, what: "an optimisation")
        try DocumentReader.require(!doc.points.isEmpty, in: data, file: file, at: "points", "an optimisation without points")
        for (i, p) in doc.points.enumerated() {
            try DocumentReader.require(p.replications >= 0, in: data, file: file, at: "points[\(i)].replications", "replications cannot be negative")
        }
        try DocumentReader.require(doc.replicationsUsed >= 0, in: data, file: file, at: "replications_used", "replications_used cannot be negative")
        return doc
    }

    /// What a point's status is, in words: the one the table prints and the JSON's `status`.
    public static func status(_ o: Optimizer.Outcome, _ i: Int) -> String {
        let p = o.points[i]
        if o.recommended == i { return "recommended" }
        if o.pareto.contains(i) { return "pareto" }
        if o.runnersUp.contains(i) { return "not separable" }
        if o.equivalent.contains(i) { return "equivalent" }
        if p.feasible == false { return "infeasible" }
        if p.eliminated { return "worse" }
        if p.dominated { return p.dominanceClear ? "dominated" : "dominated?" }
        return p.feasible == nil ? "undecided" : "feasible"
    }

    /// The constraints a point fails or leaves open, with its estimate and by how much it misses:
    /// "resource.bed.wait.mean 47.2 > 45 (by 2.2)", "P(resource.bed.wait.mean > 60) 0.2475 > 0.1 (by 0.1475)".
    /// With demand scenarios (`demands`: the goal and the point's checks under each), what it
    /// fails under each scenario that counts, named: "under high: wait.mean 0.45 > 0.25 (by 0.2)".
    public static func failures(_ checks: [Optimizer.ConstraintCheck],
                                demands: (goal: OptimizationGoal, checks: [[Optimizer.ConstraintCheck]])?) -> [String] {
        guard let (goal, byDemand) = demands else { return failures(checks) }
        let counted = goal.robustToAll ? Array(byDemand.indices) : [goal.baseDemand]
        return counted.filter { $0 < byDemand.count }.flatMap { d in failures(byDemand[d]).map { "under \(goal.demands[d]): \($0)" } }
    }

    public static func failures(_ checks: [Optimizer.ConstraintCheck]) -> [String] {
        checks.filter { $0.verdict != .met && $0.excess > 0 }.map { c in
            "\(label(c.constraint)) \(short(c.mean)) \(c.constraint.atLeast ? "<" : ">") \(NumberText.readable(c.constraint.value)) (by \(short(c.excess))\(c.verdict == .undecided ? ", not yet certain" : ""))"
        }
    }

    /// What a constraint bounds: the metric (its mean), `P(METRIC > X)` or `METRIC@p90`.
    public static func label(_ c: OptimizationGoal.Constraint) -> String { Constraint(c).quantity }

    /// Four significant digits: enough to see by how much, short enough for a table.
    static func short(_ x: Double) -> String { NumberText.significant(x, 4) }

    /// One row per point: its settings, replications and status, then each named metric's
    /// mean and half width.
    public static func csv(_ o: Optimizer.Outcome, metrics: [String]) -> String {
        let paths = o.points.first?.settings.map(\.path) ?? []
        var out = (paths.map(CSV.field) + ["replications", "feasible", "eliminated", "dominated", "recommended", "status", "fails"]
            + metrics.flatMap { [CSV.field($0 + ".mean"), CSV.field($0 + ".half_width")] }).joined(separator: ",") + "\n"
        for (i, p) in o.points.enumerated() {
            var row = p.settings.map { CSV.field($0.value) }
            row += [String(p.replications), p.feasible.map(String.init) ?? "", String(p.eliminated), String(p.dominated),
                    String(o.recommended == i || o.pareto.contains(i)), CSV.field(status(o, i)),
                    CSV.field(i < o.checks.count ? failures(o.checks[i]).joined(separator: "; ") : "")]
            for m in metrics {
                let s = p.result.metric(m)
                row += [s.map { CSV.number($0.mean) } ?? "", s.map { CSV.number($0.halfWidth) } ?? ""]
            }
            out += row.joined(separator: ",") + "\n"
        }
        return out
    }
}
