import ArgumentParser
import Foundation
import HospitalModel
import SimKernel

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run the same patients (common random numbers) under several policies or scenario variants and compare them.",
        discussion: """
            Each --policy replaces the scenario's policy (the default of resources without their \
            own discipline): a name, or a YAML mapping with parameters. Each --variant is another \
            scenario file of the same model (same arrival streams, classes and pathway structure), \
            run with the first file's run settings; each --variant-set PATH=VALUE is the file \
            with one key changed. With a single --policy or variant, the scenario as written is \
            the first variant. Differences are paired over replications, \
            each variant minus the first.

            Example:
              simrun compare scenarios/emergency-department.yaml --policy fifo \\
                --policy '{name: fast-track, units: 1, classes: [minor]}'
              simrun compare scenarios/general-hospital.yaml \\
                --variant-set 'resources.doctor.units.generalists.skills=[general]'
            """)

    @Argument(help: "The scenario file (YAML).")
    var file: String

    @Option(name: .customLong("policy"), help: "A policy to compare (repeatable).")
    var policies: [String] = []

    @Option(name: .customLong("variant"), help: "Another scenario file of the same model to compare (repeatable).")
    var variantFiles: [String] = []

    @Option(name: .customLong("variant-set"),
            help: "PATH=VALUE: a variant that is the file with this one key changed (repeatable: one variant each).")
    var variantSettings: [String] = []

    @OptionGroup var options: RunOptions

    @OptionGroup var precision: PrecisionOptions

    @Option(name: .customLong("set"), help: "PATH=VALUE: change one key of the file (and of every --variant) before running (repeatable).")
    var settings: [String] = []

    @Option(help: "Also append every variant to this results database (SQLite file or postgresql:// URL) as a run (policy = the variant's label), in one transaction.")
    var db: String?

    @Option(name: .customLong("constraint"), help: "A constraint judged on every variant: 'METRIC <= V', 'P(METRIC > X) <= P' or 'METRIC@p90 <= V' (>= too; repeatable).")
    var constraints: [String] = []

    func run() throws {
        let scenario = try loadScenario(file, settings: settings, overrides: options.overrides)
        var variants: [StudyVariant] = []
        for text in policies {
            do {
                let choice = try ScenarioLoader.policy(text, for: scenario)
                variants.append(StudyVariant(label: choice.label, scenario: scenario, policy: choice))
            } catch {
                for e in error.all { printError(e.description) }
                throw ExitCode(2)
            }
        }
        for path in variantFiles {
            variants.append(StudyVariant(label: URL(fileURLWithPath: path).lastPathComponent,
                                         scenario: try loadScenario(path, settings: settings)))
        }
        for text in variantSettings {
            // The same file and --set, with one key more: same classes and streams by construction.
            variants.append(StudyVariant(label: text, scenario: try loadScenario(file, settings: settings + [text])))
        }
        if variants.count < 2 {
            variants.insert(StudyVariant(label: "as written", scenario: scenario), at: 0)
        }
        if variants.count < 2 {
            throw ValidationError("compare needs at least one --policy, --variant or --variant-set")
        }
        if db != nil, options.shard != nil {
            throw ValidationError("--db takes whole runs; run without --shard, or store the merged run")
        }
        if precision.goal != nil, options.shard != nil {
            throw ValidationError("--precision decides after whole batches and cannot be sharded; run without --shard")
        }
        if options.shard != nil, options.resume != nil { throw ValidationError("--resume finishes a whole run, not a shard") }
        let store = try ResultsStore(db: db, exportCSV: nil)
        let runner = try CommandStudy(options, precision: precision.goal)
        let asked = try constraints.map { text throws in
            guard let c = OptimizationGoal.Constraint.parse(text) else {
                throw ValidationError("--constraint takes 'METRIC <= VALUE', 'P(METRIC > X) <= P' (P from 0 to 1) or 'METRIC@pQ <= VALUE' (Q from 0 to 100), or the same with >=; got '\(text)'")
            }
            return c
        }
        if !asked.isEmpty, options.shard != nil { throw ValidationError("--constraint judges whole runs; run without --shard") }
        let outcome = try runner.perform(file: file, metricOption: "--precision") { study throws(StudyError) in
            try study.compare(variants, constraints: asked)
        }
        let comparison = outcome.comparison
        if let shard = try options.shardPlan() {
            let partial = PartialResult(kind: .compare, format: options.format.rawValue, shard: shard.index, shards: shard.count,
                                        totalReplications: scenario.run.replications, theory: nil,
                                        results: comparison.variants.map { ($0.label, $0.result) })
            try Output.write(partial.json(), to: options.out)
            return
        }
        let results = comparison.variants.map { v -> RunResult in
            var r = v.result
            r.policy = v.label
            return r
        }
        let failures = store.store(results, file: file)
        var text = Self.render(comparison, format: options.format,
                               precision: outcome.precision.map { ResultsDocument.PrecisionEntry($0.verdict, goals: $0.goals) })
        if let report = outcome.precision {
            if options.format == .table { text += "\n" + PrecisionOptions.describe(report.verdict) + "\n" }
            if options.format == .csv { printError(PrecisionOptions.describe(report.verdict)) }
        }
        try Output.write(text, to: options.out)
        runner.finish()
        try ResultsStore.finish(failures, output: options.out)
    }

    static func render(_ comparison: Comparison, format: OutputFormat, precision: ResultsDocument.PrecisionEntry? = nil) -> String {
        switch format {
        case .json: ComparisonDocument.json(comparison, precision: precision)
        case .csv: ComparisonDocument.csv(comparison)
        case .table: ComparisonTable.render(comparison)
        }
    }
}

/// The readable comparison: per metric, each variant's mean and interval, then each variant's
/// paired difference from the first (marked `*` when its 95% interval excludes zero).
enum ComparisonTable {
    static func render(_ c: Comparison) -> String {
        let first = c.variants[0].result
        var out = "\(first.scenario): \(c.variants.count) variants on the same patients\n"
        out += "\(ResultTable.replicationsText(first)), seed \(first.seed), horizon \(JSON.number(first.horizon)) \(first.timeUnit.rawValue)s after \(JSON.number(first.warmup)) warm-up\n\n"
        for (i, v) in c.variants.enumerated() {
            out += "  [\(i + 1)] \(v.label)\(v.paretoEfficient ? "   (Pareto-efficient)" : "")\n"
        }
        out += "\nPareto-efficient: not beaten on all of wait.mean, cost.total and 1 - target_met.fraction by another variant.\n"
        out += "Differences are [k] - [1], paired over replications; * marks a 95% interval that excludes zero.\n\n"
        let width = max(24, (c.metricNames.map(\.count).max() ?? 0) + 2)
        var header = ResultTable.pad("metric", width)
        for i in c.variants.indices { header += ResultTable.lpad("[\(i + 1)] mean ± 95%", 24) }
        for i in c.variants.indices.dropFirst() { header += ResultTable.lpad("[\(i + 1)]-[1] ± 95%", 26) }
        out += header + "\n"
        for name in c.metricNames {
            var row = ResultTable.pad(name, width)
            for v in c.variants {
                let s = v.result.metric(name)!
                row += ResultTable.lpad("\(ResultTable.format(s.mean)) ± \(ResultTable.format(s.halfWidth))", 24)
            }
            for i in c.variants.indices.dropFirst() {
                guard let d = c.difference(variant: i, metric: name) else { row += ResultTable.lpad("-", 26); continue }
                let sign = d.summary.mean > 0 ? "+" : ""
                row += ResultTable.lpad("\(sign)\(ResultTable.format(d.summary.mean)) ± \(ResultTable.format(d.summary.halfWidth))\(d.significant ? " *" : "  ")", 26)
            }
            out += row + "\n"
        }
        if !c.constraints.isEmpty {
            out += "\nconstraints, each judged on each variant by a one-sided 95% bound (estimate, then met, BREACHED or not settled):\n"
            let names = c.constraints[0].map(\.constraint.description)
            let cw = max(24, (names.map(\.count).max() ?? 0) + 2)
            out += ResultTable.pad("constraint", cw) + c.variants.indices.map { ResultTable.lpad("[\($0 + 1)]", 24) }.joined() + "\n"
            for (k, name) in names.enumerated() {
                out += ResultTable.pad(name, cw) + c.constraints.map { checks in
                    let x = checks[k]
                    let verdict = x.verdict == .met ? "met" : x.verdict == .failed ? "BREACHED" : "not settled"
                    return ResultTable.lpad("\(ResultTable.format(x.mean)) \(verdict)", 24)
                }.joined() + "\n"
            }
        }
        return out
    }
}
