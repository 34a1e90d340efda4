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

    @Option(help: "Also append the run (its replications and metrics) to this results database (a SQLite file, or a postgresql:// URL), in one transaction.")
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
        if let shard = try options.shardPlan() {
            guard precision.goal == nil else { throw ValidationError("--precision decides after whole batches and cannot be sharded; run without --shard") }
            guard files.count == 1 else { throw ValidationError("--shard runs one scenario file at a time") }
            guard db == nil, exportCSV == nil else {
                throw ValidationError("--db and --export-csv take whole runs; run without --shard, or store the merged run")
            }
            let scenario = try loadScenario(files[0], settings: settings, overrides: options.overrides)
            let outcome = try CommandStudy(options).perform(file: files[0]) { study throws(StudyError) in try study.run(scenario) }
            let partial = PartialResult(kind: .run, format: options.format.rawValue, shard: shard.index, shards: shard.count,
                                        totalReplications: scenario.run.replications, theory: try? Theory.analyse(scenario).get(),
                                        results: [("run", outcome.result)])
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
        let runner = try CommandStudy(options, precision: precision.goal, interruptible: false)
        var failures: [String] = []
        var failed = false
        var results: [RunResult] = []
        for path in paths {
            do {
                let scenario = try loadScenario(path, settings: settings, overrides: options.overrides)
                let outcome = try runner.perform(file: path, metricOption: "--precision") { study throws(StudyError) in try study.run(scenario) }
                if let report = outcome.precision { printError("\(path): \(PrecisionOptions.describe(report.verdict))") }
                results.append(outcome.result)
                failures += store.store([outcome.result], file: path)
            } catch let error as ValidationError {
                throw error
            } catch {
                failed = true
            }
        }
        if !results.isEmpty {
            let text: String = switch options.format {
            case .json: "[\n" + results.map { ResultsDocument.json($0).dropLast() }.joined(separator: ",\n") + "\n]\n"
            case .csv: "scenario," + ResultsDocument.csv(results[0]).prefix { $0 != "\n" } + "\n"
                + results.map { r in
                    ResultsDocument.csv(r).split(separator: "\n").dropFirst().map { CSV.field(r.scenario) + "," + $0 + "\n" }.joined()
                }.joined()
            case .table: results.map { Self.render($0, format: .table) }.joined(separator: "\n")
            }
            try Output.write(text, to: options.out)
        }
        try ResultsStore.finish(failures, output: options.out)
        if failed { throw ExitCode(2) }
    }

    /// One scenario, interruptible: SIGINT or SIGTERM abandons the replications in
    /// flight and keeps the completed ones in a checkpoint, which `--resume` finishes.
    func runOne(_ path: String) throws {
        try Output.preflight(eventLog)
        try Output.preflight(options.out)
        let scenario = try loadScenario(path, settings: settings, overrides: options.overrides)
        let runner = try CommandStudy(options, precision: precision.goal, recordPatients: patients)
        let store = try ResultsStore(db: db, exportCSV: exportCSV)
        let logParts = try eventLog.map { _ in try EventLogParts() }
        let outcome = try runner.perform(file: path, metricOption: "--precision") { study throws(StudyError) in
            try study.run(scenario, eventLog: logParts.map { parts in { EventLogFile.parts(in: parts.folder, model: $0) } })
        }
        let result = outcome.result
        // The event log, the CSV tables and the results are committed together (the database,
        // a store of many runs, is written in its own transaction before they are).
        let outputs = OutputSet()
        if let logParts, let eventLog {
            do { try logParts.write(to: eventLog, replications: result.replications.map(\.replication), into: outputs) } catch {
                outputs.abandon()
                throw error
            }
        }
        let failures = try store.store(result, file: path, outputs: outputs)
        var text = Self.render(result, format: options.format, precision: outcome.precision)
        if let report = outcome.precision {
            if options.format == .table { text += "\n" + PrecisionOptions.describe(report.verdict) + "\n" }
            if options.format == .csv { printError(PrecisionOptions.describe(report.verdict)) }
        }
        try outputs.add(text, to: options.out)
        try outputs.commit()
        runner.finish()
        try ResultsStore.finish(failures, output: options.out)
    }

    static func render(_ result: RunResult, theory: TheoryResult? = nil, format: OutputFormat, precision: PrecisionReport? = nil) -> String {
        switch format {
        case .json: ResultsDocument.json(result, precision: precision.map { ResultsDocument.PrecisionEntry($0.verdict, goals: $0.goals) })
        case .csv: ResultsDocument.csv(result)
        case .table: ResultTable.render(result, theory: theory ?? result.theory)
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
