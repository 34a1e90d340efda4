import ArgumentParser
import Foundation
import HospitalModel

struct Simrun: ParsableCommand {
    static let version = "0.1.0"
    static let configuration = CommandConfiguration(
        commandName: "simrun",
        abstract: "Discrete-event hospital simulation: run, validate and compare scenario files.",
        version: version,
        subcommands: [RunCommand.self, CompareCommand.self, SweepCommand.self, CheckCommand.self, BaselineCommand.self, MergeCommand.self, ReportCommand.self, TraceCommand.self, TheoryCommand.self, ValidateCommand.self, SchemaCommand.self, WarmupCommand.self, OptimizeCommand.self, SensitivityCommand.self, FitCommand.self, ForecastCommand.self, StaffCommand.self, ServeCommand.self])
}

/// Every failure exits with status 2 ("bad input"), as the command-line contract asks;
/// ArgumentParser's own usage errors would otherwise exit with 64.
@main
enum SimrunMain {
    /// Writes `text` to standard output, or says why not and exits 2 (a full disk, a closed pipe).
    static func writeOrExit(_ text: String) {
        do { try Output.write(text, to: nil) } catch { Foundation.exit(2) }
    }

    static func main() {
        GSL.quiet()
        // `simrun --version` is what scripts call to find the tool: answered before the
        // argument parser builds its command tree (which reflects over every command and costs
        // most of the process's few milliseconds).
        // A closed pipe is a write error (EPIPE) said in words, not a silent death by SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        if CommandLine.arguments.count == 2, CommandLine.arguments[1] == "--version" {
            writeOrExit(Simrun.version + "\n")
            return
        }
        // The subcommand that is running, so that a usage error found in its run() shows its
        // own usage rather than the root's.
        var running: ParsableCommand.Type?
        do {
            var command = try Simrun.parseAsRoot()
            running = type(of: command)
            if let clash = OutputClash.find(in: Array(CommandLine.arguments.dropFirst())) {
                printError("error: \(clash.message)")
                Foundation.exit(2)
            }
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = Simrun.exitCode(for: error)
            var message = Simrun.fullMessage(for: error)
            if let running, running != Simrun.self, error is ValidationError {
                let name = running.configuration.commandName ?? ""
                message = "Error: \(Simrun.message(for: error))\n"
                    + "Usage: \(Simrun.usageString(for: running))\n"
                    + "  See 'simrun \(name) --help' for more information."
            }
            if code == .success {
                writeOrExit(message + "\n")  // --help: exit 0 only when it was written
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
