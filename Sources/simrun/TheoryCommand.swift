import ArgumentParser
import Foundation
import HospitalModel

struct TheoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theory",
        abstract: "Print the exact queueing-theory values for a single-station scenario (M/M/1, M/M/c, M/M/c/K, M/G/c/c, M/G/1, M/M/c+M).",
        discussion: """
            The scenario must have one arrival stream at a constant rate, one resource and one \
            step using it; the model is recognised from the service distribution, the capacity \
            and the queue capacity. Use it beside `simrun run` to see simulation meet theory.

            Example:
              simrun theory scenarios/mmc.yaml
            """)

    @Argument(help: "The scenario file (YAML).")
    var file: String

    func run() throws {
        let scenario = try loadScenario(file)
        switch Theory.analyse(scenario) {
        case .failure(let why):
            printError("\(file): theory does not apply: \(why.reason)")
            throw ExitCode(2)
        case .success(let theory):
            var out = "\(scenario.name): \(theory.model)\n\(theory.parameters)\n\n"
            let width = max(30, (theory.values.map(\.metric.count).max() ?? 0) + 2)
            for (metric, value) in theory.values {
                out += ResultTable.pad(metric, width) + ResultTable.lpad(ResultTable.format(value), 14) + "\n"
            }
            out += "\nhow:\n" + theory.formulas.map { "  " + $0 + "\n" }.joined()
            try Output.write(out, to: nil)
        }
    }
}
