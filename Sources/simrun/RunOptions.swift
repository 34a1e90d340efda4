import ArgumentParser
import Foundation
import HospitalModel
import SimKernel

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// The flags that change what is simulated, shared by every command that runs a scenario.
struct SimulationOptions: ParsableArguments {
    @Option(help: "Replications to run (overrides the file).")
    var replications: Int?

    @Option(help: "Random seed (overrides the file).")
    var seed: UInt64?

    @Option(help: "Simulated time per replication after warm-up, e.g. 30 or \"14 day\" (overrides the file).")
    var horizon: String?

    @Option(help: "Warm-up time (overrides the file).")
    var warmup: String?

    // Optional, not defaulted to the core count: a default is evaluated each time the parser
    // builds the options (four times a run), and counting cores reads the cgroup files.
    @Option(name: .customLong("threads"), help: "Threads to run replications on (default: all cores).")
    var threadCount: Int?

    var threads: Int { threadCount ?? ProcessInfo.processInfo.activeProcessorCount }

    @Option(help: "Stop a replication, and fail the run, past this many events (a runaway model).")
    var maxEvents: Int = RunLimits.defaultEvents

    @Option(help: "Stop a replication, and fail the run, when more patients than this are inside at once (a queue growing without bound).")
    var maxPatients: Int = RunLimits.defaultPatients

    @Flag(help: "Accept a run in which patients arrived but none completed (otherwise an error).")
    var allowEmpty = false

    @Flag(help: "Run replications in antithetic pairs (the second of each pair on 1 - U); intervals over the pairs.")
    var antithetic = false
    func validate() throws {
        if let replications, replications < 1 || replications > Limits.replications {
            throw ValidationError("--replications must be between 1 and \(Limits.replications)")
        }
        if let threadCount, threadCount < 1 { throw ValidationError("--threads must be at least 1") }
        if maxEvents < 1 { throw ValidationError("--max-events must be at least 1") }
        if maxPatients < 1 { throw ValidationError("--max-patients must be at least 1") }
    }

    /// The flags as run settings that replace the file's.
    var overrides: ScenarioOverrides {
        ScenarioOverrides(replications: replications, seed: seed, horizon: horizon, warmup: warmup, antithetic: antithetic,
                          maxEvents: maxEvents, maxPatients: maxPatients)
    }
}

/// The flags shared by run, compare, sweep and check: what is simulated, and where and how the
/// results are written.
struct RunOptions: ParsableArguments {
    @OptionGroup var simulation: SimulationOptions

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @Option(name: [.customShort("o"), .customLong("out"), .customLong("output")], help: "Write the output to this file instead of standard output ('-': standard output).")
    var out: String?

    @Option(help: "Run only shard K of N (K from 0), writing a partial result for `simrun merge`.")
    var shard: String?

    @Option(help: "Where an interrupted run keeps its completed replications (default: OUT.checkpoint.json, or simrun-checkpoint.json).")
    var checkpoint: String?

    @Option(help: "Finish an interrupted run from its checkpoint file.")
    var resume: String?

    var threads: Int { simulation.threads }
    var overrides: ScenarioOverrides { simulation.overrides }

    var checkpointPath: String { checkpoint ?? resume ?? out.map { $0 + ".checkpoint.json" } ?? "simrun-checkpoint.json" }

    /// The shard, when given.
    func shardPlan() throws -> ReplicationPlan.Shard? {
        guard let shard else { return nil }
        let parts = shard.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let k = parts[0], let n = parts[1], n >= 1, k >= 0, k < n else {
            throw ValidationError("--shard takes K/N with 0 <= K < N, such as 0/4; got '\(shard)'")
        }
        return ReplicationPlan.Shard(index: k, count: n)
    }
}

/// Loads a scenario with `overrides` made, printing its warnings; on errors prints them all and
/// exits with status 2. `settings` are `--set PATH=VALUE` changes made to the file's text first
/// (one value each).
func loadScenario(_ path: String, settings: [String] = [], overrides: ScenarioOverrides = ScenarioOverrides()) throws -> Scenario {
    var assignments: [ScenarioPatch.Assignment] = []
    for s in settings {
        switch ScenarioPatch.parseSetting(s) {
        case .success(let axis) where axis.values.count == 1:
            assignments.append(ScenarioPatch.Assignment(path: axis.path, value: axis.values[0]))
        case .success(let axis):
            throw ValidationError("--set \(axis.path) takes one value here (\(axis.values.count) given); `simrun sweep` runs several")
        case .failure(let e): throw ValidationError(e.message)
        }
    }
    let (scenario, warnings) = try CommandStudy.present(file: path) { () throws(StudyError) in
        try readSource(path).load(settings: assignments, overrides: overrides)
    }
    for w in warnings { printError(w.description) }
    return scenario
}

/// The text of a scenario file, for studies that make variants of it.
func readSource(_ path: String) throws(StudyError) -> ScenarioSource {
    do { return try ScenarioSource.read(path) } catch { throw .scenario(error) }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// `--precision` and `--max-replications`: replications added in batches until the 95%
/// intervals are as narrow as asked.
struct PrecisionOptions: ParsableArguments {
    @Option(name: .customLong("precision"),
            help: "Add replications until the 95% interval's half width is at most this fraction of the mean: 0.05 for the headline metrics (waits, targets met, cost, utilisations), or METRIC=0.02 (repeatable).")
    var specs: [String] = []

    @Option(help: "The most replications --precision may run.")
    var maxReplications: Int = 1000

    func validate() throws {
        if maxReplications < 2 || maxReplications > Limits.replications {
            throw ValidationError("--max-replications must be between 2 and \(Limits.replications)")
        }
        if case .failure(let e) = PrecisionGoal.parse(specs, maxReplications: maxReplications) { throw ValidationError(e.message) }
    }

    /// The goal, or nil without --precision.
    var goal: PrecisionGoal? {
        guard !specs.isEmpty, case .success(let goal) = PrecisionGoal.parse(specs, maxReplications: maxReplications) else { return nil }
        return goal
    }

    /// What the run reached, for tables and standard error.
    static func describe(_ verdict: PrecisionVerdict) -> String {
        let percent = { (x: Double) in String(format: "%.2g%%", x * 100) }
        if verdict.decidedBy.isEmpty { return "precision: \(verdict.replications) replications (no judged metric had an interval)" }
        return verdict.reached
            ? "precision: \(verdict.replications) replications needed; \(verdict.decidedBy) decided (±\(percent(verdict.relativeHalfWidth)) against a goal of \(percent(verdict.goal)))"
            : "precision NOT reached: \(verdict.replications) replications (the maximum); \(verdict.decidedBy) is at ±\(percent(verdict.relativeHalfWidth)) against a goal of \(percent(verdict.goal)), which would need \(verdict.projected >= 1_000_000_000_000_000 ? "more than 10^15" : "about \(verdict.projected)")"
    }
}
