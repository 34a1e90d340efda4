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

    @Option(help: "Also append every point to this results database (SQLite file or postgresql:// URL) as a run (policy = the point's settings), in one transaction.")
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
        if db != nil, options.shard != nil {
            throw ValidationError("--db takes whole runs; run without --shard, or store the merged run")
        }
        if precision.goal != nil, options.shard != nil {
            throw ValidationError("--precision decides after whole batches and cannot be sharded; run without --shard")
        }
        if options.shard != nil, options.resume != nil { throw ValidationError("--resume finishes a whole run, not a shard") }
        let source = try CommandStudy.present(file: file) { () throws(StudyError) in try readSource(file) }
        for w in try CommandStudy.present(file: file, { () throws(StudyError) in try source.load().warnings }) { printError(w.description) }
        let store = try ResultsStore(db: db, exportCSV: nil)
        let runner = try CommandStudy(options, precision: precision.goal)
        let outcome = try runner.perform(file: file, metricOption: "--metric") { study throws(StudyError) in
            try study.sweep(source, axes: axes, shown: metrics, overrides: options.overrides)
        }
        let (points, results, shown) = (outcome.points, outcome.results, outcome.shown)
        if let shard = try options.shardPlan() {
            // Each point is a part that carries its settings, so merge can rebuild the grid.
            var partial = PartialResult(kind: .sweep, format: options.format.rawValue, shard: shard.index, shards: shard.count,
                                        totalReplications: outcome.replications, theory: nil, results: zip(points, results).map { (ScenarioSource.label(of: $0), $1) })
            for i in partial.parts.indices { partial.parts[i].point = points[i] }
            partial.shownMetrics = shown
            try Output.write(partial.json(), to: options.out)
            return
        }
        let stored = zip(results, points).map { r, point -> RunResult in
            var r = r
            r.policy = ScenarioSource.label(of: point)
            return r
        }
        let failures = store.store(stored, file: file)
        var output = Self.render(points, results, shown, format: options.format,
                                 precision: outcome.precision.map { ResultsDocument.PrecisionEntry($0.verdict, goals: $0.goals) })
        if let report = outcome.precision {
            if options.format == .table { output += "\n" + PrecisionOptions.describe(report.verdict) + "\n" }
            if options.format == .csv { printError(PrecisionOptions.describe(report.verdict)) }
        }
        try Output.write(output, to: options.out)
        runner.finish()
        try ResultsStore.finish(failures, output: options.out)
    }

    static func render(_ points: [[ScenarioPatch.Assignment]], _ results: [RunResult], _ shown: [String], format: OutputFormat,
                       precision: ResultsDocument.PrecisionEntry? = nil) -> String {
        switch format {
        case .table: table(points, results, shown)
        case .csv: SweepDocument.csv(points, results, shown)
        case .json: SweepDocument(points, results, shown: shown, precision: precision).json
        }
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
