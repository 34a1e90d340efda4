import HospitalAnalysis

/// Where runs are stored besides a command's output: the SQLite file (`ResultsDatabase`) or a
/// PostgreSQL server (`PostgresResults`), with the same tables. `ResultsLocation` opens either
/// from what `--db` names.
public protocol ResultsWriter: AnyObject {
    /// The file or the URL (password hidden), for messages.
    var location: String { get }
    /// Writes the runs (the variants of a comparison, say) atomically; returns their ids in order.
    @discardableResult
    func write(_ results: [RunResult], _ record: RunRecord) throws(DatabaseError) -> [Int64]
}
