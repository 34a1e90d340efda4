import ArgumentParser
import Foundation
import HospitalModel

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the partial results of `run`, `compare` or `sweep` with --shard K/N into the document the unsharded command prints.",
        discussion: """
            Every shard 0..N-1 must be given once, each from the same scenario content, seed and \
            settings. The output is byte for byte what the same command without --shard prints, in \
            the format the shards were run with (or --format).

            Example:
              simrun merge part-0.json part-1.json -o results.json
            """)

    @Argument(help: "Partial result files.")
    var parts: [String]

    @Option(name: [.short, .customLong("output"), .customLong("out")], help: "Write the merged document here instead of standard output.")
    var output: String?

    @Option(help: "Output format (default: the one the shards were run with).")
    var format: OutputFormat?

    func run() throws {
        var partials: [(file: String, partial: PartialResult)] = []
        var failed = false
        for file in parts {
            do {
                partials.append((file, try PartialResult.read(try JSONFile.read(file, what: "a partial result"), file: file)))
            } catch {
                for e in error.all { printError(e.description) }
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
        let merged: (results: [(label: String, result: RunResult)], first: PartialResult)
        do {
            merged = try PartialResult.merge(partials)
        } catch {
            for e in error.all { printError(e.description) }
            throw ExitCode(2)
        }
        let chosen = format ?? OutputFormat(rawValue: merged.first.format) ?? .table
        let text: String
        switch merged.first.kind {
        case .compare:
            text = CompareCommand.render(Comparison(merged.results), format: chosen)
        case .sweep:
            let points = merged.first.parts.map(\.point)
            guard points.allSatisfy({ !$0.isEmpty }) else {
                printError("\(parts[0]):1:1: error: a sweep part lacks its grid point")
                throw ExitCode(2)
            }
            text = SweepCommand.render(points, merged.results.map(\.result), merged.first.shownMetrics, format: chosen)
        case .run:
            text = RunCommand.render(merged.results[0].result, theory: merged.first.theory, format: chosen)
        }
        try Output.write(text, to: output)
    }
}
