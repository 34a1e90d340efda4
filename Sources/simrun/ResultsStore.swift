import ArgumentParser
import Foundation
import HospitalModel

/// Where a run's results are kept besides its output: the results database (`--db`) and the
/// CSV tables (`--export-csv`). Both are checked before the simulation starts, so that a
/// database of another schema or a folder of other files is refused before any work is done;
/// after it, a failure to store never withholds the results from the main output.
struct ResultsStore {
    let database: (any ResultsWriter)?
    let exportFolder: String?

    /// Opens (creating or migrating) the database and checks the export folder; exit 2 when
    /// either cannot be used.
    init(db: String?, exportCSV: String?) throws {
        if let db {
            do {
                database = try ResultsLocation.open(db)
            } catch {
                printError("error: results database \(error.message)")
                throw ExitCode(2)
            }
        } else {
            database = nil
        }
        if let exportCSV { try OutputFolder.check(exportCSV, replaceable: ResultsExport.fileNames) }
        exportFolder = exportCSV
    }

    var isEmpty: Bool { database == nil && exportFolder == nil }

    /// Stores `results` (the variants of a comparison: several runs in one transaction); returns
    /// what could not be stored, as messages, instead of stopping.
    func store(_ results: [RunResult], file: String) -> [String] {
        guard !isEmpty else { return [] }
        let record = Self.record(file)
        var failures = storeInDatabase(results, record: record)
        if let exportFolder, let result = results.first {
            do {
                try OutputFolder.writeFolder(ResultsExport.tables(result, record).map { ($0.name, $0.csv) }, path: exportFolder,
                                             replaceable: ResultsExport.fileNames)
            } catch {
                failures.append(error.message)
            }
        }
        return failures
    }

    /// Stores `result` in the database (returning what failed), and stages its CSV tables in
    /// `outputs`, to be committed with the command's other outputs (exit 2 when they cannot be
    /// written: then nothing is).
    func store(_ result: RunResult, file: String, outputs: OutputSet) throws -> [String] {
        guard !isEmpty else { return [] }
        let record = Self.record(file)
        if let exportFolder {
            do {
                try OutputFolder.writeFolder(ResultsExport.tables(result, record).map { ($0.name, $0.csv) }, path: exportFolder,
                                             replaceable: ResultsExport.fileNames, into: outputs)
            } catch {
                outputs.abandon()
                printError("error: \(error.message)")
                throw ExitCode(2)
            }
        }
        return storeInDatabase([result], record: record)
    }

    static func record(_ file: String) -> RunRecord {
        RunRecord(file: file, fileHash: ResultsDatabase.fileHash(FileManager.default.contents(atPath: file) ?? Data()),
                  settings: CommandLine.arguments.dropFirst().joined(separator: " "))
    }

    /// Writes `results` to the database in one short transaction; what failed, as messages.
    func storeInDatabase(_ results: [RunResult], record: RunRecord) -> [String] {
        var failures: [String] = []
        if let database {
            do {
                let ids = try database.write(results, record)
                let what = ids.count == 1 ? "run \(ids[0]) written (\(NumberText.counted(results[0].replications.count, "replication")))"
                    : "runs \(ids.map(String.init).joined(separator: ", ")) written (one per variant)"
                printError("\(database.location): \(what)")
            } catch {
                failures.append("results database \(error.message)")
            }
        }
        return failures
    }

    /// After the main output is written: the storing failures, if any, and exit 2.
    static func finish(_ failures: [String], output: String?) throws {
        guard !failures.isEmpty else { return }
        for f in failures { printError("error: \(f)") }
        let whereTo = output.map { $0 == "-" ? "standard output" : $0 } ?? "standard output"
        printError("error: the results were written to \(whereTo) but not stored as asked; nothing was lost from the output")
        throw ExitCode(2)
    }
}
