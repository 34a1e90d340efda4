import ArgumentParser
import Foundation
import HospitalModel
import HospitalReport
import SimKernel

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Turn results (a run, comparison, sweep, optimisation, warm-up study or forecast, or a database) into one self-contained HTML page with SVG charts.",
        usage: "simrun report <input> --output <output> [<options>]",
        discussion: """
            The page needs nothing else: no scripts, fonts or style sheets from elsewhere. From a \
            results database, the run with --run-id (default: the latest) is shown.

            Example:
              simrun run scenarios/emergency-department.yaml --format json --out results.json
              simrun report results.json -o report.html
            """)

    @Argument(help: "A JSON document of run, compare, sweep, optimize, warmup or forecast (--format json), or a results database (.sqlite file or postgresql:// URL).")
    var input: String

    @Option(name: [.short, .customLong("output"), .customLong("out")], help: "Where to write the HTML page.")
    var output: String

    @Option(name: .customLong("run-id"), help: "With a database: which run (default: the latest).")
    var runID: Int?

    @Flag(help: "With an optimisation document: a one-page decision brief (A4, printable) instead of the full report.")
    var brief = false

    @Option(help: "With --brief: a sensitivity document (simrun sensitivity --format json) whose ranking the brief gives.")
    var sensitivity: String?

    func run() throws {
        guard brief || sensitivity == nil else { throw ValidationError("--sensitivity goes with --brief") }
        let page: String
        do {
            page = try brief ? briefPage() : reportPage()
        } catch let error as ScenarioErrors {
            for e in error.all { printError(e.description) }
            throw ExitCode(2)
        } catch let e as ReportError {
            printError("\(e.file ?? input):1:1: error: \(e.message)")
            throw ExitCode(2)
        }
        try Output.write(page, to: output)
    }

    /// The one-page decision brief of an optimisation document.
    func briefPage() throws -> String {
        let data = try JSONFile.read(input, what: "an optimisation document")
        guard try DocumentKind.of(data, file: input) == .optimization else {
            throw ReportError(message: "--brief is written for an optimisation document (simrun optimize --format json)")
        }
        let doc = try OptimizationDocument.read(data, file: input)
        let ranking = try sensitivity.map { path throws in
            return try SensitivityDocument.read(try JSONFile.read(path, what: "a sensitivity document"), file: path)
        }
        return try DecisionBrief.html(doc, sensitivity: ranking)
    }

    /// The full report of a document or a results database.
    func reportPage() throws -> String {
        if ResultsLocation.isPostgres(input) { return try Report.fromDatabase(input, runID: runID).html() }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder) else { throw ReportError(message: "no such file") }
        guard !isFolder.boolValue else { throw ReportError(message: "this is a folder; name a results JSON, comparison JSON or database") }
        // What the file is, by its content: SQLite files start with this header.
        let head = FileHandle(forReadingAtPath: input).flatMap { h in defer { try? h.close() }; return try? h.read(upToCount: 16) } ?? Data()
        if head.starts(with: Array("SQLite format 3\u{0}".utf8)) { return try Report.fromDatabase(input, runID: runID).html() }
        let data = try JSONFile.read(input, what: "a results or comparison JSON document or a SQLite results database")
        if data.contains(0) || String(data: data, encoding: .utf8) == nil {
            throw ReportError(message: "neither a results or comparison JSON document nor a SQLite results database")
        }
        return try Report.fromDocument(data, file: input).html()
    }
}
