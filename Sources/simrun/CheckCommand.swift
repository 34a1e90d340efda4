import ArgumentParser
import Foundation
import HospitalModel
import SimKernel

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run a scenario and compare every metric of a baseline within statistical tolerance.",
        discussion: """
            A metric regresses when a Welch two-sample t-test rejects equality at the 1% level and \
            its relative difference exceeds its tolerance (5% unless the baseline's "tolerance" \
            says otherwise). The run uses the baseline's seed, replications, horizon and warm-up \
            unless flags override them, so an unchanged model gives identical numbers.

            --constraint asks more of the new run, as optimize takes it ('METRIC <= V', \
            'P(METRIC > X) <= P', 'METRIC@p90 <= V'), each judged by a one-sided 95% bound: one \
            shown breached fails the check; one the replications cannot settle is reported.

            Exit status: 0 all within tolerance, 1 a regression or a breached constraint, 2 bad input.

            Example:
              simrun check scenarios/mmc.yaml --baseline scenarios/baselines/mmc.json --junit checks.xml
            """)

    @Argument(help: "The scenario file (YAML).")
    var file: String

    @Option(help: "The baseline results JSON (from `simrun baseline` or `run --format json`).")
    var baseline: String

    @Option(help: "Also write the verdicts as JUnit XML to this file.")
    var junit: String?

    @Option(name: .customLong("constraint"), help: "A constraint the new run must meet: 'METRIC <= V', 'P(METRIC > X) <= P' or 'METRIC@p90 <= V' (>= too; repeatable).")
    var constraints: [String] = []

    @OptionGroup var options: RunOptions

    func run() throws {
        let parsed = try constraints.map { text throws in
            guard let c = OptimizationGoal.Constraint.parse(text) else {
                throw ValidationError("--constraint takes 'METRIC <= VALUE', 'P(METRIC > X) <= P' (P from 0 to 1) or 'METRIC@pQ <= VALUE' (Q from 0 to 100), or the same with >=; got '\(text)'")
            }
            return c
        }
        let scenario = try loadScenario(file)
        let base: Baseline
        do {
            base = try Baseline.read(try JSONFile.read(baseline, what: "a baseline (a results document)"), file: baseline)
        } catch {
            for e in error.all { printError(e.description) }
            throw ExitCode(2)
        }
        let outcome = try CommandStudy(threads: options.threads, acceptEmpty: options.simulation.allowEmpty).perform(file: file) {
            study throws(StudyError) in try study.check(scenario, against: base, overrides: options.overrides, constraints: parsed)
        }
        for note in outcome.notes { printError("\(baseline): note: \(note)") }
        let check = outcome.check
        let text: String = switch options.format {
        case .json: CheckDocument(check).json
        case .csv: check.csv()
        case .table: Self.table(check, scenario: outcome.scenario.name)
        }
        if let junit { try Output.write(check.junit(suite: outcome.scenario.name), to: junit) }
        try Output.write(text, to: options.out)
        if check.failed { throw ExitCode(1) }
    }

    static func table(_ c: RegressionCheck, scenario: String) -> String {
        let width = max(30, (c.lines.map(\.metric.count).max() ?? 0) + 2)
        var out = ResultTable.pad("metric", width) + ResultTable.lpad("baseline", 14) + ResultTable.lpad("now", 14)
            + ResultTable.lpad("difference", 14) + ResultTable.lpad("p-value", 10) + "  verdict\n"
        for l in c.lines {
            out += ResultTable.pad(l.metric, width) + ResultTable.lpad(ResultTable.format(l.baseline), 14)
                + ResultTable.lpad(ResultTable.format(l.now), 14) + ResultTable.lpad(ResultTable.format(l.difference), 14)
                + ResultTable.lpad(NumberText.significant(l.pValue, 3), 10) + "  " + (l.verdict == .ok ? "ok" : l.verdict.rawValue.uppercased()) + "\n"
        }
        if !c.constraints.isEmpty {
            out += "\nconstraint" + String(repeating: " ", count: max(1, width - 10)) + ResultTable.lpad("estimate", 14) + ResultTable.lpad("bound at", 14) + "  verdict\n"
            for k in c.constraints {
                let bound = k.constraint.atLeast ? k.mean - k.halfWidth : k.mean + k.halfWidth
                out += ResultTable.pad(k.constraint.description, width) + ResultTable.lpad(ResultTable.format(k.mean), 14)
                    + ResultTable.lpad(ResultTable.format(bound), 14) + "  " + (k.verdict == .failed ? "BREACHED" : k.verdict == .met ? "met" : "not settled") + "\n"
            }
        }
        let bad = c.lines.filter { $0.verdict != .ok }.count
        out += "\n\(scenario): \(c.lines.count - bad) of \(c.lines.count) metrics within tolerance"
        out += bad == 0 ? "" : ", \(bad) regressed"
        if !c.constraints.isEmpty {
            let breached = c.constraints.filter { $0.verdict == .failed }.count, met = c.constraints.filter { $0.verdict == .met }.count
            out += "; constraints: \(met) met, \(breached) breached, \(c.constraints.count - met - breached) not settled"
        }
        out += "\n"
        return out
    }
}

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Run a scenario and write its results JSON as a baseline for `simrun check`.",
        usage: "simrun baseline <file> --output <output> [<options>]",
        discussion: """
            The baseline records the scenario's content hash, the model version and the run \
            settings, so that a later check runs the same experiment and says when the scenario \
            has changed since.

            Example:
              simrun baseline scenarios/mmc.yaml --replications 30 -o scenarios/baselines/mmc.json
            """)

    @Argument(help: "The scenario file (YAML).")
    var file: String

    @Option(name: [.short, .customLong("output"), .customLong("out")], help: "Where to write the baseline.")
    var output: String

    @Option(help: "A metric's tolerance, as METRIC=FRACTION (repeatable), e.g. wait.mean=0.1.")
    var tolerance: [String] = []

    @OptionGroup var simulation: SimulationOptions

    func run() throws {
        let scenario = try loadScenario(file, overrides: simulation.overrides)
        var tolerances: [(String, Double)] = []
        for t in tolerance {
            let parts = t.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let x = Double(parts[1]), x >= 0 else {
                throw ValidationError("--tolerance takes METRIC=FRACTION, got '\(t)'")
            }
            tolerances.append((parts[0], x))
        }
        let result = try CommandStudy(threads: simulation.threads, acceptEmpty: simulation.allowEmpty).perform(file: file) {
            study throws(StudyError) in try study.run(scenario).result
        }
        for (name, _) in tolerances where result.metric(name) == nil {
            throw ValidationError("--tolerance names '\(name)', which is not a metric of this scenario")
        }
        try Output.write(ResultsDocument.baseline(result, tolerances: tolerances.map { ($0.0, $0.1) }), to: output)
    }
}
