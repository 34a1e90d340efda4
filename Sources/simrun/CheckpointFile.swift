import Foundation
import HospitalModel

/// The command line's checkpoint store: read from `--resume`, written (by `Output`'s safe
/// rules) to `--checkpoint`, and removed once the finished output is written.
struct CheckpointFile: CheckpointStore {
    /// The checkpoint to resume from (`--resume`), if any.
    let resume: String?
    /// Where an interrupted run keeps its replications.
    let path: String
    /// The output format, recorded so that `simrun merge` prints in it.
    let format: String

    var location: String { resume ?? path }

    func load() throws(StudyError) -> PartialResult? {
        guard let resume else { return nil }
        do { return try PartialResult.read(try JSONFile.read(resume, what: "a checkpoint"), file: resume) } catch { throw .scenario(error) }
    }

    func save(_ partial: PartialResult) throws(StudyError) {
        var partial = partial
        partial.format = format
        do { try Output.write(partial.json(), to: path) } catch { throw .checkpointFailed(location: path) }
    }

    func discard() {
        if let resume { try? FileManager.default.removeItem(atPath: resume) }
    }
}
