import ArgumentParser
import Foundation

/// `simrun serve ...`: the web service is its own program, `simrun-serve`, built beside simrun
/// (`swift build -c release --product simrun-serve`), so that simrun itself stays small and
/// quick to start; this command hands every argument to it, as git hands `git x` to `git-x`.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The web service: operations board, what-if and teaching pages (runs simrun-serve).",
        discussion: """
            simrun serve --config FILE [--listen HOST:PORT] [--db URL]
            simrun serve account add NAME --role viewer|planner|admin --config FILE   (password on standard input)
            simrun serve sample-hospital --db postgresql://... [--seed N] [--now ISO]
            See 'simrun serve --help' once simrun-serve is built, and docs/service.md.
            """)

    @Argument(parsing: .captureForPassthrough, help: "Arguments for simrun-serve.")
    var arguments: [String] = []

    func run() throws {
        let own = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        let program = own.deletingLastPathComponent().appendingPathComponent("simrun-serve").path
        guard FileManager.default.isExecutableFile(atPath: program) else {
            printError("error: the web service is not built: run 'swift build -c release --product simrun-serve' (looked for \(program))")
            throw ExitCode(2)
        }
        let argv = [program] + arguments
        var cArguments = argv.map { strdup($0) } + [nil]
        execv(program, &cArguments)
        printError("error: cannot start \(program): \(String(cString: strerror(errno)))")
        throw ExitCode(2)
    }
}
