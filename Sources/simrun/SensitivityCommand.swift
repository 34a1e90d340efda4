import ArgumentParser
import Foundation
import HospitalModel

struct SensitivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Rank the scenario's inputs by their effect on chosen metrics, one at a time.",
        discussion: """
            Each input (by default every arrival rate, capacity, step duration's mean and \
            branch probability; or the key paths given with --vary) is set --change below and \
            above its value, one at a time; every variant runs on the same replications as the \
            file as written (common random numbers), so each effect is a paired difference. For \
            each --metric the inputs are ranked by their swing (the metric with the input high \
            minus with it low), with 95% intervals. Capacities move in whole units, by at \
            least one.

            Example:
              simrun sensitivity scenarios/emergency-department.yaml --metric wait.mean --change 0.1
            """)

    @Argument(help: "The scenario file (YAML).")
    var file: String

    @Option(help: "A metric to rank the inputs by (repeatable; the first orders the table).")
    var metric: [String] = []

    @Option(name: .customLong("vary"), help: "A key path holding a number to vary (repeatable; default: every arrival rate, capacity, duration mean and branch probability).")
    var inputs: [String] = []

    @Option(help: "How far each input moves down and up, as a fraction (0.1) or percent (10%).")
    var change: String = "0.1"

    @OptionGroup var simulation: SimulationOptions

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    @Option(name: [.customShort("o"), .customLong("out"), .customLong("output")], help: "Write the output to this file instead of standard output.")
    var out: String?

    func run() throws {
        guard !metric.isEmpty else { throw ValidationError("sensitivity needs at least one --metric") }
        guard format != .csv else { throw ValidationError("sensitivity writes table or json") }
        let fraction = change.hasSuffix("%") ? Double(change.dropLast()).map { $0 / 100 } : Double(change)
        guard let fraction, fraction > 0, fraction < 1 else { throw ValidationError("--change takes a fraction between 0 and 1 (0.1) or a percent (10%), got '\(change)'") }
        let source = try CommandStudy.present(file: file) { () throws(StudyError) in try readSource(file) }
        let found = try CommandStudy(threads: simulation.threads, acceptEmpty: simulation.allowEmpty, interruptible: true).perform(file: file) {
            study throws(StudyError) in
            try study.sensitivity(source, inputs: inputs, change: fraction, metrics: metric, overrides: simulation.overrides)
        }
        try Output.write(format == .json ? SensitivityDocument(found).json : Self.table(found), to: out)
    }

    static func table(_ s: SensitivityOutcome) -> String {
        let first = s.comparison.variants[0].result
        func f(_ x: Double) -> String { ResultTable.format(x) }
        var out = "\(first.scenario): \(s.inputs.count) inputs, each \(NumberText.readable(s.change * 100))% down and up, one at a time\n"
        out += "\(ResultTable.replicationsText(first)) per variant on common random numbers; effects are paired differences (95% intervals)\n"
        let width = max(30, (s.inputs.map { $0.path.count }.max() ?? 0) + 2)
        for (m, name) in s.metrics.enumerated() {
            out += "\n\(name): \(f(s.base[m].mean)) ± \(f(s.base[m].halfWidth)) as written; inputs by swing (high minus low)\n"
            out += ResultTable.pad("  input", width) + ResultTable.lpad("low - high", 26) + ResultTable.lpad("effect of low", 22)
                + ResultTable.lpad("effect of high", 22) + ResultTable.lpad("swing", 22) + "\n"
            for e in s.ranking[m] {
                let input = s.inputs[e.input]
                func cell(_ x: Summary) -> String { "\(x.mean > 0 ? "+" : "")\(f(x.mean)) ± \(f(x.halfWidth))" }
                out += ResultTable.pad("  " + input.path, width) + ResultTable.lpad("\(input.low) - \(input.high)", 26)
                    + ResultTable.lpad(cell(e.low), 22) + ResultTable.lpad(cell(e.high), 22) + ResultTable.lpad(cell(e.swing), 22) + "\n"
            }
        }
        return out
    }
}
