import ArgumentParser
import Foundation
import HospitalModel
import SimKernel

struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Find the settings that optimise the objectives while the constraints hold with confidence.",
        discussion: """
            Every combination of the --vary values is a point, run on common random numbers. \
            Constraints are judged by one-sided confidence bounds (Student-t on a mean; exact \
            binomial on the share of replications that breach, 'P(METRIC > X) <= 0.10', or on a \
            quantile across replications, 'METRIC@p90 <= X'); with one objective, Kim and \
            Nelson's fully sequential selection drops points shown worse and spends the budget on \
            those still in contention, and the recommendation comes with the runners-up it could \
            not separate from it. With several objectives the output is the estimated Pareto front. \
            What is guaranteed is in docs/optimize.md.

            Example:
              simrun optimize scenarios/mmc.yaml --vary resources.clinician.capacity=9..14 \\
                --minimize cost.total --constraint 'wait.mean <= 0.25'
            """)

    @Argument(help: "The scenario file (YAML).")
    var file: String

    @Option(name: .customLong("vary"), help: "KEY=LO..HI[:STEP] or KEY=a,b,c: a decision variable, by key path as `sweep --set` (repeatable).")
    var variables: [String] = []

    @Option(help: "A metric to minimise (repeatable).")
    var minimize: [String] = []

    @Option(help: "A metric to maximise (repeatable).")
    var maximize: [String] = []

    @Option(name: .customLong("constraint"), help: "'METRIC <= VALUE' (on the mean), 'P(METRIC > X) <= P' (the share of replications that breach X) or 'METRIC@p90 <= VALUE' (a quantile across replications); >= too; each to hold with confidence (repeatable).")
    var constraints: [String] = []

    @Option(help: "Replications in all, over every point (default: 50 per point, at least 500).")
    var budget: Int?

    @Option(help: "Replications every point gets first; later stages add half as many.")
    var firstStage: Int = 10

    @Option(help: "The indifference zone: differences in the objective smaller than this do not matter (default: 1% of the best mean).")
    var delta: Double?

    @Option(help: "The probability that the answer is right: feasibility and selection together.")
    var confidence: Double = 0.95

    @Option(help: "How near a constraint's limit either answer is acceptable, as a fraction of the limit.")
    var tolerance: Double = 0.01

    @Option(help: "The most points searched exhaustively.")
    var maxPoints: Int = 500

    @OptionGroup var simulation: SimulationOptions

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @Option(name: [.customShort("o"), .customLong("out"), .customLong("output")], help: "Write the output to this file instead of standard output.")
    var out: String?

    @Option(help: "Also append every evaluated point to this results database (SQLite file or postgresql:// URL) as a run (policy = the point's settings).")
    var db: String?

    @Option(help: "Demand scenarios, NAME=MULTIPLIER of every walk-in arrival rate, e.g. low=0.9,base=1,high=1.15: every point is evaluated under each on common random numbers.")
    var demand: String?

    enum Robust: String, ExpressibleByArgument, CaseIterable { case all, base }
    @Option(help: "With --demand: the constraints must hold under all scenarios, or under the base one only.")
    var robust: Robust = .all

    @Flag(help: "Re-run the recommendation with each input moved down and up (one at a time, on its replications) and say which moves would break a constraint.")
    var checkRobustness = false

    @Option(help: "With --check-robustness: the relative move of each input (0.1: ±10%).")
    var robustnessChange: Double = 0.1

    @Option(name: .customLong("robustness-input"), help: "With --check-robustness: an input to move, by key path (repeatable; default: every numeric input but the --vary keys).")
    var robustnessInputs: [String] = []

    func validate() throws {
        guard robustnessChange > 0, robustnessChange < 1 else { throw ValidationError("--robustness-change must lie between 0 and 1 (0.1 is ±10%)") }
        if !robustnessInputs.isEmpty, !checkRobustness { throw ValidationError("--robustness-input needs --check-robustness") }
        guard !variables.isEmpty else { throw ValidationError("optimize needs at least one --vary KEY=VALUES") }
        guard !(minimize.isEmpty && maximize.isEmpty) else { throw ValidationError("optimize needs a --minimize or --maximize metric") }
        guard confidence > 0.5, confidence < 1 else { throw ValidationError("--confidence must lie between 0.5 and 1") }
        guard firstStage >= 3, firstStage <= 10_000 else { throw ValidationError("--first-stage must be between 3 and 10000") }
        if let budget, budget < 1 { throw ValidationError("--budget must be at least 1") }
        // An exhaustive search builds every point's model first, as a sweep does.
        guard (1...10_000).contains(maxPoints) else { throw ValidationError("--max-points must be between 1 and 10000") }
        if let delta, !(delta > 0) { throw ValidationError("--delta must be positive") }
        guard tolerance >= 0, tolerance < 1 else { throw ValidationError("--tolerance must lie between 0 and 1") }
        for c in constraints where OptimizationGoal.Constraint.parse(c) == nil {
            throw ValidationError("--constraint takes 'METRIC <= VALUE', 'P(METRIC > X) <= P' (P from 0 to 1) or 'METRIC@pQ <= VALUE' (Q from 0 to 100), or the same with >=; got '\(c)'")
        }
    }

    /// `KEY=LO..HI:STEP` as `sweep`'s list of values; other forms as `sweep --set`.
    static func axis(_ text: String) throws -> (path: String, values: [String]) {
        if let eq = text.firstIndex(of: "="), let colon = text.lastIndex(of: ":"), colon > eq {
            let path = String(text[..<eq]), range = String(text[text.index(after: eq)..<colon]), stepText = String(text[text.index(after: colon)...])
            let bounds = range.components(separatedBy: "..")
            guard bounds.count == 2, let lo = Double(bounds[0]), let hi = Double(bounds[1]), let step = Double(stepText), step > 0, lo <= hi,
                  (hi - lo) / step < 10_000 else {
                throw ValidationError("--vary takes KEY=LO..HI:STEP with a positive step and fewer than 10000 values; got '\(text)'")
            }
            let whole = [lo, hi, step].allSatisfy { $0 == $0.rounded() && abs($0) < 1e15 }
            let values = stride(from: lo, through: hi + step * 1e-9, by: step).map { whole ? String(Int($0)) : NumberText.readable($0) }
            return (path, values)
        }
        switch ScenarioPatch.parseSetting(text) {
        case .success(let axis): return axis
        case .failure(let e): throw ValidationError(e.message.replacingOccurrences(of: "--set", with: "--vary"))
        }
    }

    func run() throws {
        var request = OptimizationRequest(
            axes: try variables.map(Self.axis),
            objectives: minimize.map { OptimizationGoal.Objective(metric: $0, maximize: false) }
                + maximize.map { OptimizationGoal.Objective(metric: $0, maximize: true) },
            constraints: constraints.compactMap(OptimizationGoal.Constraint.parse), budget: budget, firstStage: firstStage,
            delta: delta, confidence: confidence, tolerance: tolerance, maxPoints: maxPoints)
        if let demand {
            switch DemandScenario.parse(demand) {
            case .success(let list): request.demands = list
            case .failure(let problem): throw ValidationError("--demand: \(problem.message)")
            }
            request.robustToAll = robust == .all
        }
        if checkRobustness {
            request.checkRobustness = robustnessChange
            request.robustnessInputs = robustnessInputs
        }
        let source = try CommandStudy.present(file: file) { () throws(StudyError) in try readSource(file) }
        for w in try CommandStudy.present(file: file, { () throws(StudyError) in try source.load().warnings }) { printError(w.description) }
        let store = try ResultsStore(db: db, exportCSV: nil)
        let runner = CommandStudy(threads: simulation.threads, interruptible: true)
        let found = try runner.perform(file: file) { study throws(StudyError) in
            try study.optimize(source, request, overrides: simulation.overrides)
        }
        let o = found.outcome
        if let size = found.gridSize, let visited = found.visited {
            printError("neighbourhood search: \(NumberText.readable(size)) points in the grid, \(visited) evaluated, the best \(o.points.count) compared")
        }
        let first = found.scenario
        var output: String
        switch format {
        case .json:
            var doc = OptimizationDocument(o, goal: found.goal, scenario: first.name, seed: first.run.seed, timeUnit: first.timeUnit,
                                           horizon: first.run.horizon, warmup: first.run.warmup)
            doc.robustness = found.robustness.map { OptimizationDocument.Robustness($0, shown: found.shown) }
            output = doc.json
        case .csv:
            output = OptimizationDocument.csv(o, metrics: found.shown)
        case .table:
            output = Self.table(o, goal: found.goal, shown: found.shown, scenario: first.name, seconds: found.seconds)
            if let r = found.robustness { output += Self.robustnessText(r) }
        }
        if format == .table, let size = found.gridSize, let visited = found.visited {
            output = "neighbourhood search over \(NumberText.readable(size)) points: \(visited) evaluated, the best \(o.points.count) compared below "
                + "(no guarantee over the whole grid; see docs/optimize.md)\n" + output
        }
        let stored = o.points.filter { $0.replications > 0 }.map { p -> RunResult in
            var r = p.result
            r.policy = p.label
            return r
        }
        let failures = store.store(stored, file: file)
        try Output.write(output, to: out)
        try ResultsStore.finish(failures, output: out)
    }

    /// With demand scenarios: the recommendation's metrics under each, and what choosing for
    /// the base demand alone would have picked, saved and risked.
    static func demandText(_ o: Optimizer.Outcome, goal: OptimizationGoal, shown: [String], recommended r: Int) -> String {
        var out = "under each demand scenario (constraints " + (goal.robustToAll ? "required under all" : "required under \(goal.demands[goal.baseDemand]) only") + "):\n"
        out += "  " + ResultTable.pad("", 36) + goal.demands.map { ResultTable.lpad($0, 24) }.joined() + "\n"
        for m in shown {
            out += "  " + ResultTable.pad(m, 36) + o.points[r].demandResults.map { res in
                res.metric(m).map { ResultTable.lpad("\(ResultTable.format($0.mean)) ± \(ResultTable.format($0.halfWidth))", 24) } ?? ResultTable.lpad("-", 24)
            }.joined() + "\n"
        }
        if let b = o.baseChoice, b != r, let objective = goal.objectives.first {
            let base = o.baseChoiceResults[goal.baseDemand]
            let saving = (o.points[r].result.metric(objective.metric)?.mean ?? .nan) - (base.metric(objective.metric)?.mean ?? .nan)
            out += "choosing for \(goal.demands[goal.baseDemand]) demand alone (a search of \(o.baseSearchReplications) replications) picks \(o.points[b].label)"
                + ": \(objective.metric) \(saving >= 0 ? "lower" : "higher") by \(ResultTable.format(abs(saving)))"
            let breaches = goal.demands.indices.filter { $0 != goal.baseDemand }.flatMap { d in
                OptimizationDocument.failures(o.baseChoiceChecks[d]).map { "under \(goal.demands[d]): \($0)" }
            }
            out += breaches.isEmpty ? ", and on its replications it misses no constraint under the other scenarios\n" : "; but " + breaches.joined(separator: "; ") + "\n"
        } else if o.baseChoice == r {
            out += "choosing for \(goal.demands[goal.baseDemand]) demand alone (a search of \(o.baseSearchReplications) replications) picks the same\n"
        }
        return out
    }

    /// The robustness check: the moves that break or risk a constraint, and how many hold.
    static func robustnessText(_ r: RobustnessCheck) -> String {
        let percent = NumberText.readable(r.change * 100)
        var out = "\nrobustness: each of \(r.inputs.count) inputs moved \(percent)% down and up, the recommendation re-run on its "
            + "\(r.replications) replications" + (r.demand.map { " under \($0) demand" } ?? "") + "\n"
        let failing = r.failing
        let moves = 2 * r.inputs.count
        out += "  \(moves - failing.count) of \(moves) moves keep every constraint"
        out += failing.isEmpty ? "\n" : "; these do not:\n"
        for f in failing {
            let input = r.inputs[f.input]
            let moved = input.value == "profile" ? "the whole profile \(f.move.value)" : "\(f.move.value) for \(input.value)"
            out += "  \(f.move.verdict == .breaks ? "BREAKS " : "at risk") \(input.path) \(f.high ? "+" : "-")\(percent)% (\(moved)): "
                + OptimizationDocument.failures(f.move.checks).joined(separator: "; ") + "\n"
        }
        if !r.unmoved.isEmpty { out += "  not moved (\(percent)% is less than half a unit): " + r.unmoved.joined(separator: ", ") + "\n" }
        return out
    }

    static func table(_ o: Optimizer.Outcome, goal: OptimizationGoal, shown: [String], scenario: String, seconds: Double) -> String {
        func cell(_ p: Optimizer.Point, _ m: String) -> String {
            guard let s = p.result.metric(m) else { return "-" }
            return "\(ResultTable.format(s.mean)) ± \(ResultTable.format(s.halfWidth))"
        }
        func status(_ i: Int) -> String {
            let word = OptimizationDocument.status(o, i)
            var fails = i < o.checks.count ? OptimizationDocument.failures(o.checks[i], demands: o.demandChecks.isEmpty ? nil : (goal, o.demandChecks[i])) : []
            if o.points[i].result.completedNone { fails.insert("no patient completed", at: 0) }
            let shown = word == "recommended" ? "RECOMMENDED" : word == "equivalent" ? "equivalent (within delta)" : word
            return fails.isEmpty || !["infeasible", "undecided"].contains(word) ? shown : shown + ": " + fails.joined(separator: "; ")
        }
        var out = "\(scenario): \(o.points.count) points on common random numbers\n"
        out += "objectives: " + goal.objectives.map { "\($0.maximize ? "maximise" : "minimise") \($0.metric)" }.joined(separator: ", ")
        out += goal.constraints.isEmpty ? "\n" : "; constraints: " + goal.constraints.map(\.description).joined(separator: ", ") + "\n"
        out += "confidence \(NumberText.readable(goal.confidence))"
        if goal.objectives.count == 1 { out += ", indifference zone delta \(NumberText.significant(o.delta, 4))" }
        out += "; \(o.replicationsUsed) of \(goal.budget) replications used, \(NumberText.fixed(seconds, 1)) s; "
        out += o.ended == "budget" ? "stopped by the budget\n\n" : "\(o.ended)\n\n"
        if let r = o.recommended {
            out += "recommended: \(o.points[r].label)\n"
            for m in shown { out += "  \(ResultTable.pad(m, 36)) \(cell(o.points[r], m))   (\(o.points[r].replications) replications)\n" }
            if !goal.demands.isEmpty { out += demandText(o, goal: goal, shown: shown, recommended: r) }
            if !o.runnersUp.isEmpty {
                out += "could not be separated from it: " + o.runnersUp.map { o.points[$0].label }.joined(separator: "; ") + "\n"
            }
            let others = o.equivalent.filter { !o.runnersUp.contains($0) }
            if !others.isEmpty {
                out += "equivalent (means meet every constraint, objective within delta \(NumberText.significant(o.delta, 4))): "
                    + others.map { o.points[$0].label }.joined(separator: "; ") + "\n"
            }
        } else if goal.objectives.count > 1 {
            out += "Pareto front (\(o.pareto.count) points): " + o.pareto.map { o.points[$0].label }.joined(separator: "; ") + "\n"
        } else {
            out += "no point was shown feasible; the closest each constraint came:\n"
            for s in o.shortfalls {
                out += "  \(s.constraint): best \(NumberText.readable(s.best)) at \(o.points[s.point].label) ("
                    + (s.verdict == .failed ? "failed with confidence: more replications will not change it" : s.verdict == .met ? "met there" : "undecided: more replications could change the verdict") + ")\n"
            }
        }
        let labelWidth = max(12, (o.points.map(\.label.count).max() ?? 0) + 2)
        out += "\n" + ResultTable.pad("point", labelWidth) + ResultTable.lpad("reps", 6)
        for m in shown { out += ResultTable.lpad(m, max(m.count + 2, 22)) }
        out += "  status\n"
        for (i, p) in o.points.enumerated() {
            out += ResultTable.pad(p.label, labelWidth) + ResultTable.lpad(String(p.replications), 6)
            for m in shown { out += ResultTable.lpad(cell(p, m), max(m.count + 2, 22)) }
            out += "  \(status(i))\n"
        }
        return out
    }
}
