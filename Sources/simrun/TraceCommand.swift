import ArgumentParser
import Foundation
import HospitalModel

struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Print one replication event by event from time 0, for teaching and debugging.",
        usage: "simrun trace <file> --until <until> [<options>]",
        discussion: """
            One line per event: the time, what happened, the patient (numbered by arrival), its \
            class, the resource, the resource's queue length and busy units after the event, the \
            random duration drawn at the event (service time, delay, gap to the next arrival, \
            patience) and the earliest event still to come. A release that hands its unit \
            straight to a waiting patient is one row, "handover". With --explain, one sentence \
            per event says what happened and why.

            Example:
              simrun trace scenarios/mmc.yaml --until "2 hour"
              simrun trace scenarios/mm1.yaml --until 10 --explain
            """)

    @Argument(help: "The scenario file (YAML).")
    var file: String

    @Option(help: "Stop at this time, e.g. 120 or \"8 hour\".")
    var until: String

    @Option(help: "Which replication to trace (its random streams), from 0.")
    var replication: Int = 0

    @Option(help: "Random seed (overrides the file).")
    var seed: UInt64?

    @Option(help: "A policy replacing the scenario's (a name or a YAML mapping).")
    var policy: String?

    @Option(help: "Output format: table or csv.")
    var format: OutputFormat = .table

    @Option(name: [.customShort("o"), .customLong("out"), .customLong("output")], help: "Write the output to this file instead of standard output.")
    var out: String?

    @Flag(help: "Explain each event in a sentence instead of the table.")
    var explain = false

    @Option(help: "Show at most this many events (default: all, up to 100000; 40 with --explain).")
    var limit: Int?

    func run() throws {
        var scenario = try loadScenario(file)
        if let seed { scenario.run.seed = seed }
        guard replication >= 0 else { throw ValidationError("--replication must be >= 0") }
        let until = try CommandStudy.present(file: file) { () throws(StudyError) in
            let until = try ScenarioOverrides.time("until", self.until, unit: scenario.timeUnit, positive: true)
            // The trace is a run from time 0 to --until, within a run's limits (100 years).
            var traced = scenario
            traced.run.warmup = 0
            traced.run.horizon = until
            if let problem = Limits.problems(traced).first { throw .invalidOverride(setting: nil, message: "--until: " + problem.message) }
            return until
        }
        var choice: PolicySpec?
        if let policy {
            do { choice = try ScenarioLoader.policy(policy, for: scenario) } catch {
                for e in error.all { printError(e.description) }
                throw ExitCode(2)
            }
        }
        if let limit = self.limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if explain, format != .table { throw ValidationError("--explain prints sentences; leave out --format") }
        // --explain shows its first rows and counts the rest (up to the bound).
        let rows = explain ? max(limit ?? 40, Tracer.maximumRows) : limit ?? Tracer.maximumRows
        let trace = Tracer.trace(scenario, until: until, replication: replication, policy: choice, rows: rows)
        if explain { return try Output.write(Tracer.explain(trace.records, unit: scenario.timeUnit, limit: limit ?? 40, cut: trace.cut), to: out) }
        if trace.cut, limit == nil {
            printError("\(file): the trace passes \(Tracer.maximumRows) rows before --until \(self.until) "
                       + "(at time \(NumberText.significant(trace.records.last?.time ?? 0, 6))); give --limit N for the first N rows, "
                       + "a shorter --until, or use simrun run --event-log for a long history")
            throw ExitCode(2)
        }
        let records = trace.records
        switch format {
        case .csv: try Output.write(Tracer.csv(records), to: out)
        case .table: try Output.write(Tracer.table(records, unit: scenario.timeUnit), to: out)
        case .json: throw ValidationError("trace prints table or csv")
        }
    }
}
