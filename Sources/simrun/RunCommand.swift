import ArgumentParser
import Foundation
import HospitalModel
import SimKernel

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run scenarios' replications and print a summary of every metric.",
        discussion: """
            With several files (or folders, searched for .yaml files), each scenario is run in \
            turn: tables are printed one after another, JSON as one array of results documents, \
            CSV with a leading scenario column. A bad file is reported and skipped, and the \
            command then exits with status 2.

            Example:
              simrun run scenarios/emergency-department.yaml --replications 50 --format json --out results.json
            """)

    @Argument(help: "Scenario files (YAML) or folders of them.")
    var files: [String]

    @OptionGroup var options: RunOptions

    @OptionGroup var precision: PrecisionOptions

    @Option(name: .customLong("set"), help: "PATH=VALUE: change one key of the file before running, as one point of `simrun sweep` (repeatable).")
    var settings: [String] = []

    @Option(help: "Also append the run (its replications and metrics) to this SQLite database, in one transaction.")
    var db: String?

    @Option(name: .customLong("export-csv"), help: "Also write the database's tables for this run as CSV files into this folder.")
    var exportCSV: String?

    @Flag(help: "With --db or --export-csv, also keep patient-level tables: patients, visits (which unit) and billing.")
    var patients = false

    @Option(name: .customLong("event-log"),
            help: "Also write every patient's events (arrival, queue, resource use, departure) as CSV for animation and process mining.")
    var eventLog: String?

    func run() throws {
        guard !patients || db != nil || exportCSV != nil else { throw ValidationError("--patients goes with --db or --export-csv") }
        if eventLog != nil {
            guard options.shard == nil, options.resume == nil else {
                throw ValidationError("--event-log is written by a whole run; run without --shard or --resume")
            }
            guard files.count == 1 else { throw ValidationError("--event-log writes the log of one scenario; name one file") }
        }
        if let (k, n) = try options.shardNumbers() {
            guard precision.goal == nil else { throw ValidationError("--precision decides after whole batches and cannot be sharded; run without --shard") }
            guard files.count == 1 else { throw ValidationError("--shard runs one scenario file at a time") }
            guard db == nil, exportCSV == nil else {
                throw ValidationError("--db and --export-csv take whole runs; run without --shard, or store the merged run")
            }
            var scenario = try loadScenario(files[0], settings: settings)
            try options.apply(to: &scenario)
            let total = scenario.run.replications
            let result = Runner.run(CompiledModel(scenario), threads: options.threads,
                                    replications: PartialResult.replications(shard: k, of: n, total: total))
            try SimulationOptions.failIfStopped(result, file: files[0])
            let partial = PartialResult(kind: .run, format: options.format.rawValue, shard: k, shards: n,
                                        totalReplications: total, theory: try? Theory.analyse(scenario).get(),
                                        results: [("run", result)])
            try Output.write(partial.json(), to: options.out)
            return
        }
        let paths = try expandScenarioPaths(files)
        if paths.count == 1 {
            try runOne(paths[0])
            return
        }
        guard options.resume == nil else { throw ValidationError("--resume finishes one scenario at a time") }
        guard exportCSV == nil else { throw ValidationError("--export-csv writes the tables of one scenario; name one file, or use --db") }
        let store = try ResultsStore(db: db, exportCSV: nil)
        var failures: [String] = []
        var failed = false
        var results: [(scenario: Scenario, result: RunResult)] = []
        for path in paths {
            do {
                var scenario = try loadScenario(path, settings: settings)
                try options.apply(to: &scenario)
                let model = CompiledModel(scenario)
                var result: RunResult
                if let goal = precision.goal {
                    let goals = try precision.goals(goal, catalog: MetricCatalog(model))
                    let outcome = Precision.run([model], goal: goal, threads: options.threads) { Self.judge($0, goals) }
                    result = outcome.results[0]
                    printError("\(path): \(PrecisionOptions.describe(outcome.verdict))")
                } else {
                    result = Runner.run(model, threads: options.threads)
                }
                try options.verify(result, file: path)
                results.append((scenario, result))
                failures += store.store([result], file: path)
            } catch let error as ValidationError {
                throw error
            } catch {
                failed = true
            }
        }
        if !results.isEmpty {
            let text: String = switch options.format {
            case .json: "[\n" + results.map { ResultsDocument.json($0.result).dropLast() }.joined(separator: ",\n") + "\n]\n"
            case .csv: "scenario," + ResultsDocument.csv(results[0].result).prefix { $0 != "\n" } + "\n"
                + results.map { r in
                    ResultsDocument.csv(r.result).split(separator: "\n").dropFirst().map { CSV.field(r.result.scenario) + "," + $0 + "\n" }.joined()
                }.joined()
            case .table: results.map { render($0.result, $0.scenario) }.joined(separator: "\n")
            }
            try Output.write(text, to: options.out)
        }
        try ResultsStore.finish(failures, output: options.out)
        if failed { throw ExitCode(2) }
    }

    /// One scenario, interruptible: SIGINT or SIGTERM stops it after the replications in
    /// flight and keeps the completed ones in a checkpoint, which `--resume` finishes.
    func runOne(_ path: String) throws {
        var scenario = try loadScenario(path, settings: settings)
        try options.apply(to: &scenario)
        let model = CompiledModel(scenario)
        let total = scenario.run.replications
        var kept: [ReplicationResult] = []
        if let resume = options.resume {
            kept = try loadCheckpoint(resume, for: model)
        }
        let interruption = Interruption()
        let logParts = try eventLog.map { _ in try EventLogParts() }
        if let goal = precision.goal {
            try runToPrecision(path, scenario, model, goal: goal, kept: kept, interruption: interruption, logParts: logParts)
            return
        }
        let done = Set(kept.map(\.replication))
        let todo = (0..<total).filter { !done.contains($0) }
        let bar = ProgressBar(total: total)
        let offset = kept.count
        let store = try ResultsStore(db: db, exportCSV: exportCSV)
        let result = Runner.run(model, threads: options.threads, indices: todo, stop: interruption.stop,
                                recordPatients: patients, eventLog: logParts.map { EventLogFile.parts(in: $0.folder, model: model) }) { bar.update(offset + $0) }
        bar.finish()
        let all = (kept + result.replications).sorted { $0.replication < $1.replication }
        let merged = RunResult(model: model, replications: all, seconds: result.seconds)
        if result.stopped != nil { try options.verify(merged, file: path) }
        if all.count < total {
            let partial = PartialResult(kind: .run, format: options.format.rawValue, shard: 0, shards: 1,
                                        totalReplications: total, theory: nil, results: [("run", merged)])
            try Output.write(partial.json(), to: options.checkpointPath)
            printError("interrupted: \(all.count) of \(total) replications done, kept in \(options.checkpointPath); "
                       + "finish with the same command and --resume \(options.checkpointPath)")
            throw ExitCode(128 + (interruption.receivedSignal ?? SIGINT))
        }
        try options.verify(merged, file: path)
        if let logParts, let eventLog { try logParts.write(to: eventLog, replications: merged.replications.map(\.replication)) }
        let failures = store.store([merged], file: path)
        try Output.write(render(merged, scenario), to: options.out)
        if let resume = options.resume { try? FileManager.default.removeItem(atPath: resume) }
        try ResultsStore.finish(failures, output: options.out)
    }

    /// The judge of a single run: every goal on the run's own intervals.
    static func judge(_ results: [RunResult], _ goals: [(metric: String, goal: Double)]) -> PrecisionVerdict {
        Precision.assess(Precision.items(results[0], goals: goals), replications: results[0].replications.count)
    }

    /// `runOne` with --precision: batches until the goals hold; an interruption keeps every
    /// replication done, and --resume continues to the same decisions.
    func runToPrecision(_ path: String, _ scenario: Scenario, _ model: CompiledModel, goal: PrecisionGoal,
                        kept: [ReplicationResult], interruption: Interruption, logParts: EventLogParts?) throws {
        let goals = try precision.goals(goal, catalog: MetricCatalog(model))
        let store = try ResultsStore(db: db, exportCSV: exportCSV)
        let outcome = Precision.run([model], goal: goal, threads: options.threads, kept: [kept], stop: interruption.stop,
                                    eventLog: logParts.map { EventLogFile.parts(in: $0.folder, model: model) }) {
            Self.judge($0, goals)
        }
        let result = outcome.results[0]
        if outcome.interrupted {
            let partial = PartialResult(kind: .run, format: options.format.rawValue, shard: 0, shards: 1,
                                        totalReplications: model.run.replications, theory: nil, results: [("run", result)])
            try Output.write(partial.json(), to: options.checkpointPath)
            printError("interrupted: \(result.replications.count) replications done, kept in \(options.checkpointPath); "
                       + "finish with the same command and --resume \(options.checkpointPath)")
            throw ExitCode(128 + (interruption.receivedSignal ?? SIGINT))
        }
        try options.verify(result, file: path)
        if let logParts, let eventLog { try logParts.write(to: eventLog, replications: result.replications.map(\.replication)) }
        let failures = store.store([result], file: path)
        let text: String
        switch options.format {
        case .json: text = ResultsDocument.json(result, trailer: [ResultsDocument.precision(outcome.verdict, goals: goals)])
        case .csv:
            text = ResultsDocument.csv(result)
            printError(PrecisionOptions.describe(outcome.verdict))
        case .table: text = render(result, scenario) + "\n" + PrecisionOptions.describe(outcome.verdict) + "\n"
        }
        try Output.write(text, to: options.out)
        if let resume = options.resume { try? FileManager.default.removeItem(atPath: resume) }
        try ResultsStore.finish(failures, output: options.out)
    }

    func loadCheckpoint(_ path: String, for model: CompiledModel) throws -> [ReplicationResult] {
        let partial = try readPartial(path)
        let expected = PartialResult(kind: .run, format: options.format.rawValue, shard: 0, shards: 1,
                                     totalReplications: model.run.replications, theory: nil,
                                     results: [("run", RunResult(model: model, replications: [], seconds: 0))])
        if let difference = partial.difference(from: expected) {
            printError("\(path):1:1: error: this checkpoint belongs to another run: \(difference)")
            throw ExitCode(2)
        }
        return partial.parts[0].replications
    }

    func render(_ result: RunResult, _ scenario: Scenario) -> String {
        Self.render(result, theory: result.theory, format: options.format)
    }

    static func render(_ result: RunResult, theory: TheoryResult?, format: OutputFormat) -> String {
        switch format {
        case .json: ResultsDocument.json(result)
        case .csv: ResultsDocument.csv(result)
        case .table: ResultTable.render(result, theory: theory)
        }
    }
}

/// Files as given, and the .yaml/.yml files found (recursively, sorted) in folders.
func expandScenarioPaths(_ items: [String]) throws -> [String] {
    var paths: [String] = []
    for item in items {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: item, isDirectory: &isDirectory), isDirectory.boolValue {
            let found = (FileManager.default.enumerator(atPath: item)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                .map { URL(fileURLWithPath: item).appendingPathComponent($0).relativePath }
            if found.isEmpty { printError("\(item): warning: no .yaml files in this folder") }
            paths += found
        } else {
            paths.append(item)
        }
    }
    guard !paths.isEmpty else { throw ValidationError("no scenario files given") }
    return paths
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files without running them; every problem is reported.",
        discussion: """
            Each problem is printed with its file, line, column and key path; warnings (such as \
            a queue that will grow without bound) do not fail the check. Exit status: 0 valid, \
            2 a problem in some file.

            Example:
              simrun validate scenarios
            """)

    @Argument(help: "Scenario files (YAML) or folders of them.")
    var files: [String]

    func run() throws {
        var failed = false
        for file in try expandScenarioPaths(files) {
            do {
                let (_, warnings) = try ScenarioLoader.load(path: file)
                for w in warnings { printError(w.description) }
            } catch {
                for e in error.all { printError(e.description) }
                failed = true
                continue
            }
            try Output.write("\(file): ok\n", to: nil)
        }
        if failed { throw ExitCode(2) }
    }
}
