import ArgumentParser
import Foundation
import HospitalModel
import SimKernel

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a scenario at every point of a grid of settings, on common random numbers.",
        discussion: """
            Each --set PATH=VALUES changes one key of the file: PATH is a key path in which a list \
            item is picked by its name (resources.doctor.capacity) or index, and VALUES is a range \
            of whole numbers (3..8), a list (30,40) or one value. The cartesian product of all \
            --set is run, every point on the same seed, so differences between points come from \
            the settings, not from chance. One row per point.

            Example:
              simrun sweep scenarios/mmc.yaml --set resources.clinician.capacity=10..12 --metric wait.mean
            """)

    @Argument(help: "The scenario file (YAML).")
    var file: String

    @Option(name: .customLong("set"), help: "PATH=VALUES to vary (repeatable).")
    var settings: [String] = []

    @Option(name: .customLong("metric"), help: "A metric to show per point (repeatable; default: the main ones).")
    var metrics: [String] = []

    @OptionGroup var options: RunOptions

    @OptionGroup var precision: PrecisionOptions

    @Option(help: "Also append every point to this SQLite database as a run (policy = the point's settings), in one transaction.")
    var db: String?

    func run() throws {
        guard !settings.isEmpty else { throw ValidationError("sweep needs at least one --set PATH=VALUES") }
        var axes: [(path: String, values: [String])] = []
        for s in settings {
            switch ScenarioPatch.parseSetting(s) {
            case .success(let axis): axes.append(axis)
            case .failure(let e): throw ValidationError(e.message)
            }
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            printError("\(file):1:1: error: cannot read the file")
            throw ExitCode(2)
        }
        _ = try loadScenario(file)  // the file itself must be valid
        var points: [[ScenarioPatch.Assignment]] = [[]]
        for axis in axes {
            points = points.flatMap { p in axis.values.map { p + [ScenarioPatch.Assignment(path: axis.path, value: $0)] } }
        }
        guard points.count <= 10_000 else { throw ValidationError("the sweep has \(points.count) points; at most 10000") }
        let scenarios = try points.map { try Self.scenario(at: $0, of: text, file: file, simulation: options.simulation) }
        let total = scenarios[0].run.replications
        let range = try options.replicationRange(total: total)
        if db != nil, options.shard != nil {
            throw ValidationError("--db takes whole runs; run without --shard, or store the merged run")
        }
        if precision.goal != nil, options.resume != nil {
            throw ValidationError("--resume finishes a sweep without --precision; rerun the sweep")
        }
        if options.shard != nil, options.resume != nil { throw ValidationError("--resume finishes a whole run, not a shard") }
        let store = try ResultsStore(db: db, exportCSV: nil)
        var checkpointed: Checkpointed?
        var results: [RunResult] = []
        var trailer: [String] = []
        var verdict: PrecisionVerdict?
        if let goal = precision.goal {
            guard options.shard == nil else {
                throw ValidationError("--precision decides after whole batches and cannot be sharded; run without --shard")
            }
            // Every point runs the same replications, until every point meets every goal.
            let models = scenarios.map { CompiledModel($0) }
            let goals = try precision.goals(goal, catalog: MetricCatalog(models[0]))
            let labels = points.map(Self.label(of:))
            let outcome = Precision.run(models, goal: goal, threads: options.threads) { results in
                Precision.assess(zip(labels, results).flatMap { Precision.items($1, goals: goals, label: $0) },
                                 replications: results[0].replications.count)
            }
            for (result, label) in zip(outcome.results, labels) { try options.verify(result, file: "\(file) [\(label)]") }
            results = outcome.results
            trailer = [ResultsDocument.precision(outcome.verdict, goals: goals)]
            verdict = outcome.verdict
        } else if options.shard == nil {
            let runner = Checkpointed(options: options, kind: .sweep)
            let models = zip(scenarios, points).map { (label: Self.label(of: $1), model: CompiledModel($0)) }
            let shownNow = metrics.isEmpty ? [] : metrics
            results = try runner.run(models, total: total, points: points, shown: shownNow)
            for (result, point) in zip(results, points) { try options.verify(result, file: "\(file) [\(Self.label(of: point))]") }
            checkpointed = runner
        } else {
            for (scenario, point) in zip(scenarios, points) {
                let result = Runner.run(CompiledModel(scenario), threads: options.threads, replications: range)
                try options.verify(result, file: "\(file) [\(Self.label(of: point))]")
                results.append(result)
            }
        }
        let shown = metrics.isEmpty ? Self.defaultMetrics(results[0]) : metrics
        for m in shown where results[0].metric(m) == nil {
            throw ValidationError("--metric \(m) is not a metric of this scenario")
        }
        if let (k, n) = try options.shardNumbers() {
            // Each point is a part that carries its settings, so merge can rebuild the grid.
            var partial = PartialResult(kind: .sweep, format: options.format.rawValue, shard: k, shards: n,
                                        totalReplications: total, theory: nil,
                                        results: zip(points, results).map { (Self.label(of: $0), $1) })
            for i in partial.parts.indices { partial.parts[i].point = points[i] }
            partial.shownMetrics = shown
            try Output.write(partial.json(), to: options.out)
            return
        }
        let stored = zip(results, points).map { r, point -> RunResult in
            var r = r
            r.policy = Self.label(of: point)
            return r
        }
        let failures = store.store(stored, file: file)
        var output = Self.render(points, results, shown, format: options.format, trailer: trailer)
        if let verdict {
            if options.format == .table { output += "\n" + PrecisionOptions.describe(verdict) + "\n" }
            if options.format == .csv { printError(PrecisionOptions.describe(verdict)) }
        }
        try Output.write(output, to: options.out)
        checkpointed?.finish()
        try ResultsStore.finish(failures, output: options.out)
    }

    static func render(_ points: [[ScenarioPatch.Assignment]], _ results: [RunResult], _ shown: [String], format: OutputFormat,
                       trailer: [String] = []) -> String {
        switch format {
        case .table: table(points, results, shown)
        case .csv: SweepDocument.csv(points, results, shown)
        case .json: SweepDocument.json(points, results, shown: shown, trailer: trailer)
        }
    }

    /// The scenario `text` (from `file`) with the point's settings made and the flags applied;
    /// a problem is printed with its place and exits with status 2.
    static func scenario(at point: [ScenarioPatch.Assignment], of text: String, file: String,
                         simulation: SimulationOptions) throws -> Scenario {
        let patched: String
        switch ScenarioPatch.apply(point, to: text) {
        case .success(let t): patched = t
        case .failure(let e):
            printError("\(file):1:1: error: \(e.message)")
            throw ExitCode(2)
        }
        do {
            var s = try ScenarioLoader.load(yaml: patched, file: "\(file) [\(label(of: point))]").scenario
            try simulation.apply(to: &s)
            return s
        } catch let error as ScenarioErrors {
            for e in error.all { printError(e.description) }
            throw ExitCode(2)
        }
    }

    /// A grid point as people read it: `resources.doctor.capacity=4 run.seed=2`.
    static func label(of point: [ScenarioPatch.Assignment]) -> String {
        point.map { "\($0.path)=\($0.value)" }.joined(separator: " ")
    }

    static func defaultMetrics(_ r: RunResult) -> [String] {
        let main = ["wait.mean", "wait.p90", "time_to_treatment.mean", "time_in_system.mean", "target_met.fraction", "stay_target_met.fraction",
                    "reneged.fraction", "blocked.fraction", "cost.total"]
        // A clinic's own measures: what an appointment study is about.
        let clinics = r.metrics.map(\.name).filter { $0.hasPrefix("clinic.") && ($0.hasSuffix(".wait.mean") || $0.hasSuffix(".idle.fraction") || $0.hasSuffix(".overtime.mean")) }
        return main.filter { r.metric($0) != nil } + clinics
    }

    static func table(_ points: [[ScenarioPatch.Assignment]], _ results: [RunResult], _ metrics: [String]) -> String {
        let first = results[0]
        var out = "\(first.scenario): \(points.count) points on the same patients\n"
        out += "\(ResultTable.replicationsText(first)), seed \(first.seed); each cell is mean ± 95% half width\n\n"
        let paths = points[0].map(\.path)
        let widths = paths.map { max($0.count, 6) + 2 }
        var header = ""
        for (p, w) in zip(paths, widths) { header += ResultTable.pad(p, w) }
        for m in metrics { header += ResultTable.lpad(m, max(m.count + 2, 22)) }
        out += header + "\n"
        for (point, r) in zip(points, results) {
            var row = ""
            for (a, w) in zip(point, widths) { row += ResultTable.pad(a.value, w) }
            for m in metrics {
                let s = r.metric(m)!
                row += ResultTable.lpad("\(ResultTable.format(s.mean)) ± \(ResultTable.format(s.halfWidth))", max(m.count + 2, 22))
            }
            out += row + "\n"
        }
        return out
    }
}
