import ArgumentParser
import Foundation
import HospitalModel
import SimKernel

struct WarmupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warmup",
        abstract: "Recommend a warm-up: run from empty and find where the output settles (MSER-5).",
        discussion: """
            Runs the scenario from empty with no warm-up for its warm-up plus horizon, records per \
            replication the mean number of patients inside per bin of time (an hour by default) and \
            each completed patient's wait in arrival order, averages them over replications, and \
            truncates each series by MSER-5. The number inside decides; the waits' cut is shown \
            beside it as a check. \
            With --after, the series start after that warm-up instead, to check that it leaves \
            no transient (the recommendation is then near zero). `simrun report` draws the series \
            with Welch's moving average and the cut.

            Example:
              simrun warmup scenarios/emergency-department.yaml --replications 20
            """)

    @Argument(help: "The scenario file (YAML).")
    var file: String

    @OptionGroup var simulation: SimulationOptions

    @Option(help: "Start the series after this warm-up (default 0: from empty).")
    var after: String?

    @Option(help: "The length of a bin of the number-inside series (default 1 hour).")
    var bin: String?

    @Option(help: "Welch's moving-average window, in bins (default: a fortieth of the series).")
    var window: Int?

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @Option(name: [.customShort("o"), .customLong("out"), .customLong("output")], help: "Write the output to this file instead of standard output.")
    var out: String?

    func run() throws {
        let scenario = try loadScenario(file, overrides: simulation.overrides)
        let study = try CommandStudy(threads: simulation.threads, acceptEmpty: simulation.allowEmpty, interruptible: true).perform(file: file) { study throws(StudyError) in
            try study.warmup(scenario, after: after, bin: bin, window: window)
        }
        let text: String = switch format {
        case .json: WarmupDocument(study).json
        case .csv: WarmupDocument.csv(study)
        case .table: Self.table(study)
        }
        try Output.write(text, to: out)
    }

    static func table(_ s: WarmupStudy) -> String {
        let unit = s.timeUnit.rawValue
        func time(_ t: Double) -> String {
            let hours = t / s.timeUnit.hour
            return "\(String(format: abs(t) >= 100 ? "%.0f" : "%.3g", t)) \(unit)s (\(NumberText.fixed(hours, 1)) hours)"
        }
        var out = "\(s.scenario): warm-up study over \(s.replications) replications, seed \(s.seed)\n"
        out += s.origin > 0 ? "series start after a warm-up of \(time(s.origin))\n" : "started empty, no warm-up\n"
        if s.settled {
            out += "\nrecommended warm-up: \(time(s.recommended))\n"
        } else {
            out += "\nno warm-up recommended: the number inside has not settled within the run (MSER-5's cut, \(time(s.recommended)), is pressed "
                + "against the end of its search, half the run); run longer, or check that the model has a steady state (offered load below capacity)\n"
        }
        out += "  number inside (bins of \(NumberText.readable(s.binLength)) \(unit)s): MSER-5 cuts \(s.insideCut) of \(s.inside.count) bins = \(time(s.insideCutTime))\n"
        out += "  check, waits in arrival order: MSER-5 cuts \(s.waitsCut) of \(s.waits.count) patients, who arrived by about \(time(s.waitsCutTime))\n"
        let welch = Warmup.welch(s.inside, window: s.window)
        let kept = s.inside.dropFirst(s.insideCut)
        let settled = kept.isEmpty ? Double.nan : kept.reduce(0, +) / Double(kept.count)
        out += "  mean number inside after the cut: \(NumberText.significant(settled, 4))\n\n"
        out += "Welch's moving average of the number inside (window \(s.window) bins):\n"
        out += ResultTable.pad("time", 16) + ResultTable.lpad("mean inside", 14) + ResultTable.lpad("moving avg", 14) + "\n"
        let step = max(1, s.inside.count / 20)
        for i in stride(from: 0, to: s.inside.count, by: step) {
            let mark = i <= s.insideCut && s.insideCut < i + step ? "  <- cut" : ""
            out += ResultTable.pad(NumberText.readable(s.origin + Double(i) * s.binLength), 16)
                + ResultTable.lpad(NumberText.significant(s.inside[i], 4), 14)
                + ResultTable.lpad(i < welch.count ? NumberText.significant(welch[i], 4) : "", 14) + mark + "\n"
        }
        return out
    }
}
