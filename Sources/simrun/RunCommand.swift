import ArgumentParser
import Foundation
import HospitalModel
import SimKernel

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario's replications and print a summary of every metric.")

    @Argument(help: "The scenario file (YAML).")
    var file: String

    @OptionGroup var options: RunOptions

    func run() throws {
        var scenario = try loadScenario(file)
        try options.apply(to: &scenario)
        let model = CompiledModel(scenario)
        let result = Runner.run(model, threads: options.threads)
        let text: String = switch options.format {
        case .json: ResultsDocument.json(result)
        case .csv: ResultsDocument.csv(result)
        case .table: ResultTable.render(result, theory: try? Theory.analyse(scenario).get())
        }
        try emit(text, to: options.out)
    }
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
