import ArgumentParser
import Foundation
import HospitalModel

/// A library `Study` as a command runs it: its plan from the flags, a progress bar on standard
/// error, SIGINT and SIGTERM as its cancellation, a checkpoint file; and the study's errors
/// worded for the command line, with the exit status they call for.
struct CommandStudy {
    let study: Study
    let checkpoint: CheckpointFile?
    private let interruption: Interruption?
    private let bar: ProgressBar

    /// `interruptible`: stop on SIGINT/SIGTERM and keep a checkpoint (one scenario at a time).
    init(threads: Int, shard: ReplicationPlan.Shard? = nil, precision: PrecisionGoal? = nil, acceptEmpty: Bool = false,
         recordPatients: Bool = false, options: RunOptions? = nil, interruptible: Bool = false) {
        let bar = ProgressBar()
        self.bar = bar
        interruption = interruptible ? Interruption() : nil
        checkpoint = interruptible ? options.map { CheckpointFile(resume: $0.resume, path: $0.checkpointPath, format: $0.format.rawValue) } : nil
        study = Study(plan: ReplicationPlan(threads: threads, shard: shard, precision: precision, acceptEmpty: acceptEmpty,
                                            recordPatients: recordPatients),
                      control: StudyControl(progress: { bar.update($0, of: $1) }, cancellation: interruption?.stop, checkpoints: checkpoint))
    }

    /// The study of `run`, `compare` and `sweep`: threads, shard, acceptance and checkpoints from
    /// the shared flags.
    init(_ options: RunOptions, precision: PrecisionGoal? = nil, recordPatients: Bool = false, interruptible: Bool = true) throws {
        self.init(threads: options.threads, shard: try options.shardPlan(), precision: precision, acceptEmpty: options.simulation.allowEmpty,
                  recordPatients: recordPatients, options: options, interruptible: interruptible && options.shard == nil)
    }

    /// Runs `body`; a `StudyError` is printed (places named after `file`) and becomes the exit
    /// status it calls for. `metricOption` is the flag that names metrics, for messages.
    func perform<T>(file: String, metricOption: String? = nil, _ body: (Study) throws(StudyError) -> T) throws -> T {
        defer { bar.finish() }
        do {
            return try body(study)
        } catch {
            throw Self.present(error, file: file, metricOption: metricOption, checkpoint: checkpoint?.path,
                               signal: interruption?.receivedSignal)
        }
    }

    /// Runs `body` outside a study (reading a scenario, say), presenting its errors alike.
    static func present<T>(file: String, metricOption: String? = nil, _ body: () throws(StudyError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw present(error, file: file, metricOption: metricOption, checkpoint: nil, signal: nil)
        }
    }

    /// After the output is written: the finished checkpoint is no longer needed.
    func finish() { checkpoint?.discard() }

    /// Prints what `error` says for the command line and returns what to throw: a usage error
    /// (status 64 with the usage), the status of an interrupting signal, or status 2.
    static func present(_ error: StudyError, file: String, metricOption: String?, checkpoint: String?, signal: Int32?) -> Error {
        func place(_ part: String?) -> String { file + (part.map { " [\($0)]" } ?? "") }
        switch error {
        case .invalidOverride(nil, let message):
            printError("error: with the settings given on the command line: \(message)")
        case .invalidOverride(_, let message):
            return ValidationError("--" + message)
        case .scenario(let errors):
            for e in errors.all { printError(e.description) }
        case .limitReached(let part, let message):
            printError("\(place(part)): error: \(message)")
        case .nothingCompleted(let part, _, _, _):
            printError("\(place(part)): error: \(error.message) --allow-empty accepts such a run")
        case .unknownMetric(let name, let hint):
            let shown = hint.map { "; did you mean '\($0)'?" } ?? ""
            return ValidationError(metricOption.map { "\($0) names \(name), which is not a metric of this scenario\(shown)" } ?? error.message)
        case .checkpointMismatch(let location, let difference):
            printError("\(location):1:1: error: this checkpoint belongs to another run: \(difference)")
        case .checkpointFailed:
            break  // Output said why
        case .unsupported(let message):
            return ValidationError(message)
        case .interrupted:
            if let path = checkpoint {
                printError("\(error.message), kept in \(path); finish with the same command and --resume \(path)")
            } else {
                printError("\(error.message); nothing is kept: this command starts again from the beginning")
            }
            return ExitCode(128 + (signal ?? SIGINT))
        }
        return ExitCode(2)
    }
}
