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
            class, the resource, and the resource's queue length and busy units after the event.

            Example:
              simrun trace scenarios/mmc.yaml --until "2 hour"
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

    @Option(help: "Write the output to this file instead of standard output.")
    var out: String?

    func run() throws {
        var scenario = try loadScenario(file)
        if let seed { scenario.run.seed = seed }
        guard replication >= 0 else { throw ValidationError("--replication must be >= 0") }
        let limit = try timeFlag("--until", until, unit: scenario.timeUnit, positive: true)
        var choice: PolicyChoice?
        if let policy {
            do { choice = try ScenarioLoader.policy(policy, for: scenario) } catch {
                for e in error.all { printError(e.description) }
                throw ExitCode(2)
            }
        }
        let records = Tracer.trace(scenario, until: limit, replication: replication, policy: choice)
        switch format {
        case .csv: try Output.write(Tracer.csv(records), to: out)
        case .table: try Output.write(Tracer.table(records), to: out)
        case .json: throw ValidationError("trace prints table or csv")
        }
    }
}
