import ArgumentParser
import Foundation
import HospitalModel
import SimKernel

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run scenarios' replications and print a summary of every metric.",
        discussion: """
            With several files (or folders, searched for .yaml files), each scenario is run in
            turn: tables are printed one after another, JSON as one array of results documents,
            CSV with a leading scenario column. A bad file is reported and skipped, and the
            command then exits with status 2.
            """)

    @Argument(help: "Scenario files (YAML) or folders of them.")
    var files: [String]

    @OptionGroup var options: RunOptions

    func run() throws {
        if let (k, n) = try options.shardNumbers() {
            guard files.count == 1 else { throw ValidationError("--shard runs one scenario file at a time") }
            var scenario = try loadScenario(files[0])
            try options.apply(to: &scenario)
            let total = scenario.run.replications
            let result = Runner.run(CompiledModel(scenario), threads: options.threads,
                                    replications: PartialResult.replications(shard: k, of: n, total: total))
            let partial = PartialResult(command: "run", format: options.format.rawValue, shard: k, shards: n,
                                        totalReplications: total, theory: try? Theory.analyse(scenario).get(),
                                        results: [("run", result)])
            try emit(partial.json(), to: options.out)
            return
        }
        let paths = try expandScenarioPaths(files)
        var failed = false
        var results: [(scenario: Scenario, result: RunResult)] = []
        for path in paths {
            do {
                var scenario = try loadScenario(path)
                try options.apply(to: &scenario)
                results.append((scenario, Runner.run(CompiledModel(scenario), threads: options.threads)))
            } catch let error as ValidationError {
                throw error
            } catch {
                failed = true
            }
        }
        if paths.count == 1, let only = results.first {
            try emit(render(only.result, only.scenario), to: options.out)
        } else if !results.isEmpty {
            let text: String = switch options.format {
            case .json: "[\n" + results.map { ResultsDocument.json($0.result).dropLast() }.joined(separator: ",\n") + "\n]\n"
            case .csv: "scenario," + ResultsDocument.csv(results[0].result).prefix { $0 != "\n" } + "\n"
                + results.map { r in
                    ResultsDocument.csv(r.result).split(separator: "\n").dropFirst().map { CSV.field(r.result.scenario) + "," + $0 + "\n" }.joined()
                }.joined()
            case .table: results.map { render($0.result, $0.scenario) }.joined(separator: "\n")
            }
            try emit(text, to: options.out)
        }
        if failed { throw ExitCode(2) }
    }

    func render(_ result: RunResult, _ scenario: Scenario) -> String {
        Self.render(result, theory: try? Theory.analyse(scenario).get(), format: options.format)
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
        abstract: "Check scenario files without running them; every problem is reported.")

    @Argument(help: "Scenario files (YAML).")
    var files: [String]

    func run() throws {
        var failed = false
        for file in files {
            do {
                let (_, warnings) = try ScenarioLoader.load(path: file)
                for w in warnings { printError(w.description) }
                print("\(file): ok")
            } catch {
                for e in error.all { printError(e.description) }
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
    }
}
