import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import Foundation
import SimKernel

/// The tables of one run, described once and written both into the results database and as
/// CSV files (`--export-csv`): a table is its name, its columns and a way to visit its rows, so
/// that a run with millions of visits is streamed, never held twice in memory.
public struct ResultsTable {
    public enum Value {
        case int(Int64), real(Double), text(String), null

        /// The value as a CSV field (RFC 4180 quoting; NaN and null empty).
        var csv: String {
            switch self {
            case .int(let x): String(x)
            case .real(let x): CSV.number(x)
            case .text(let s): CSV.field(s)
            case .null: ""
            }
        }
    }

    public var name: String
    public var columns: [String]
    /// Calls its argument once per row, in column order.
    public var rows: (_ row: ([Value]) throws -> Void) throws -> Void

    /// The table as CSV text, with a header line.
    public var csv: String {
        var out = columns.joined(separator: ",") + "\n"
        try? rows { row in out += row.map(\.csv).joined(separator: ",") + "\n" }  // appending never throws
        return out
    }
}
