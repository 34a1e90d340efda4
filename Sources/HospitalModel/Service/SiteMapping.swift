import Foundation
import HospitalModel
import Yams

/// How a site's operational database answers the operations board: SQL queries, each run with
/// the time of the forecast bound as `$1` (ISO 8601 text: write `$1::timestamp`), inside a
/// read-only transaction.
///
/// ```yaml
/// census: |        # required: the rows a census file has (id, class, step, status, elapsed, ...)
///   SELECT ... FROM admissions WHERE discharged_at IS NULL
/// bookings: |      # optional: clinic, appointment (the booked lists of today and tomorrow)
///   SELECT ...
/// recent: |        # optional: recent episodes, shown as a table (any columns)
///   SELECT ...
/// ```
public struct SiteMapping: Sendable {
    public var census: String
    public var bookings: String?
    public var recent: String?

    static let keys = ["census", "bookings", "recent"]

    public static func load(path: String) throws -> SiteMapping {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ServiceConfiguration.Failure(file: path, line: 1, column: 1, keyPath: "", message: "cannot read the mapping file")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(ServiceConfiguration.Failure) -> SiteMapping {
        func fail(_ node: Node?, _ key: String, _ message: String) -> ServiceConfiguration.Failure {
            ServiceConfiguration.Failure(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, keyPath: key, message: message)
        }
        let root: Node?
        do { root = try ScenarioLoader.compose(text) } catch { throw fail(nil, "", "not valid YAML: \(error)") }
        guard let mapping = root?.mapping else { throw fail(root, "", "expected a mapping of queries (census:, bookings:, recent:)") }
        var queries: [String: String] = [:]
        for (k, v) in mapping {
            guard let key = k.string, keys.contains(key) else {
                let name = k.string ?? "?"
                throw fail(k, name, "unknown key" + (suggestion(for: name, among: keys).map { "; did you mean '\($0)'?" } ?? "") + " (known: census, bookings, recent)")
            }
            guard let sql = v.scalar?.string, !sql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw fail(v, key, "expected the text of a SQL query")
            }
            queries[key] = sql
        }
        guard let census = queries["census"] else { throw fail(root, "census", "missing: the query whose rows are the census") }
        return SiteMapping(census: census, bookings: queries["bookings"], recent: queries["recent"])
    }
}
