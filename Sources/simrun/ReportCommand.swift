import ArgumentParser
import CSQLite
import Foundation
import HospitalModel
import SimKernel

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Turn a results JSON, a comparison JSON or a results database into one self-contained HTML page with SVG charts.",
        discussion: """
            The page needs nothing else: no scripts, fonts or style sheets from elsewhere. From a
            results database, the run with --run-id (default: the latest) is shown.
            """)

    @Argument(help: "results.json (run --format json), comparison.json (compare --format json) or results.sqlite.")
    var input: String

    @Option(name: [.short, .customLong("output")], help: "Where to write the HTML page.")
    var output: String

    @Option(name: .customLong("run-id"), help: "With a database: which run (default: the latest).")
    var runID: Int?

    func run() throws {
        let report: Report
        do {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder) else { throw ReportError(message: "no such file") }
            guard !isFolder.boolValue else { throw ReportError(message: "this is a folder; name a results JSON, comparison JSON or database") }
            guard let data = FileManager.default.contents(atPath: input) else { throw ReportError(message: "cannot read the file") }
            // What the file is, by its content: SQLite files start with this header.
            if data.starts(with: Array("SQLite format 3\u{0}".utf8)) {
                report = try Report.fromDatabase(input, runID: runID)
            } else if data.contains(0) || String(data: data, encoding: .utf8) == nil {
                throw ReportError(message: "neither a results or comparison JSON document nor a SQLite results database")
            } else {
                let doc: [String: Any]
                do {
                    doc = try JSONFile.object(data, file: input, what: "a results or comparison JSON document, or a SQLite results database")
                } catch {
                    for e in error.all { printError(e.description) }
                    throw ExitCode(2)
                }
                report = try Report.fromDocument(doc, file: input)
            }
        } catch let e as ReportError {
            printError("\(input):1:1: error: \(e.message)")
            throw ExitCode(2)
        }
        try Output.write(report.html(), to: output)
    }
}

struct ReportError: Error { var message: String }

/// What a report shows, from whichever input.
struct Report {
    struct Value { var mean: Double; var halfWidth: Double; var n: Int }
    struct Variant { var label: String; var pareto: Bool; var metrics: [String: Value]; var differences: [String: (Value, Bool)] }

    var title: String
    var facts: [String]
    var metricOrder: [String]
    var metrics: [String: Value]
    var profiles: [(name: String, hours: [Value])]
    var variants: [Variant]

    static func value(_ any: Any?) -> Value? {
        guard let m = any as? [String: Any] else { return nil }
        func num(_ k: String) -> Double { (m[k] as? NSNumber)?.doubleValue ?? .nan }
        return Value(mean: num("mean"), halfWidth: num("half_width"), n: (m["n"] as? NSNumber)?.intValue ?? 0)
    }

    static func fromDocument(_ doc: [String: Any], file: String) throws -> Report {
        let title = doc["scenario"] as? String ?? file
        var facts: [String] = []
        if let r = doc["replications"] { facts.append("\(r) replications") }
        if let s = doc["seed"] { facts.append("seed \(s)") }
        if let h = doc["horizon"], let u = doc["time_unit"] { facts.append("horizon \(h) \(u)s") }
        if let w = doc["warmup"] { facts.append("warm-up \(w)") }
        if let variantsRaw = doc["variants"] as? [[String: Any]] {
            var variants: [Variant] = []
            var order: [String] = []
            for v in variantsRaw {
                guard let label = v["label"] as? String, let metrics = v["metrics"] as? [String: [String: Any]] else {
                    throw ReportError(message: "a comparison variant lacks its label or metrics")
                }
                var values: [String: Value] = [:], diffs: [String: (Value, Bool)] = [:]
                for (name, entry) in metrics {
                    if let s = value(entry["summary"]) { values[name] = s }
                    if let d = entry["difference"] as? [String: Any], let dv = value(d) {
                        diffs[name] = (dv, d["significant"] as? Bool ?? false)
                    }
                }
                if order.isEmpty { order = metrics.keys.sorted() }
                variants.append(Variant(label: label, pareto: v["pareto_efficient"] as? Bool ?? false, metrics: values, differences: diffs))
            }
            facts.append("baseline: \(doc["baseline"] as? String ?? variants.first?.label ?? "")")
            return Report(title: title, facts: facts, metricOrder: order, metrics: variants.first?.metrics ?? [:],
                          profiles: [], variants: variants)
        }
        guard let metricsRaw = doc["metrics"] as? [String: Any] else {
            throw ReportError(message: "neither a results document (metrics) nor a comparison (variants)")
        }
        if let p = doc["policy"] { facts.append("policy \(p)") }
        var metrics: [String: Value] = [:]
        for (name, m) in metricsRaw { if let v = value(m) { metrics[name] = v } }
        var profiles: [(String, [Value])] = []
        for (name, hours) in (doc["profiles"] as? [String: [Any]] ?? [:]).sorted(by: { $0.key < $1.key }) {
            profiles.append((name, hours.compactMap { value($0) }))
        }
        return Report(title: title, facts: facts, metricOrder: metrics.keys.sorted(), metrics: metrics, profiles: profiles, variants: [])
    }

    static func fromDatabase(_ path: String, runID: Int?) throws -> Report {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else {
            sqlite3_close(db)
            throw ReportError(message: "cannot open the database")
        }
        defer { sqlite3_close(db) }
        func rows(_ sql: String) -> [[String?]] {
            var st: OpaquePointer?
            guard sqlite3_prepare_v2(db, sql, -1, &st, nil) == SQLITE_OK else { return [] }
            defer { sqlite3_finalize(st) }
            var out: [[String?]] = []
            while sqlite3_step(st) == SQLITE_ROW {
                out.append((0..<sqlite3_column_count(st)).map { i in sqlite3_column_text(st, i).map { String(cString: $0) } })
            }
            return out
        }
        let idClause = runID.map { "id = \($0)" } ?? "id = (SELECT max(id) FROM runs)"
        guard let run = rows("SELECT id, scenario, seed, replications, horizon, warmup, time_unit, policy FROM runs WHERE \(idClause)").first,
              let id = run[0] else {
            throw ReportError(message: runID.map { "no run \($0) in the database" } ?? "the database holds no run")
        }
        var values: [String: [Double]] = [:]
        for r in rows("SELECT name, value FROM metrics WHERE run_id = \(id) ORDER BY replication") {
            guard let name = r[0] else { continue }
            values[name, default: []].append(r[1].flatMap(Double.init) ?? .nan)
        }
        var metrics: [String: Value] = [:]
        for (name, xs) in values {
            let s = Summary(of: xs)
            metrics[name] = Value(mean: s.mean, halfWidth: s.halfWidth, n: s.n)
        }
        let facts = ["run \(id)", "\(run[3] ?? "?") replications", "seed \(run[2] ?? "?")",
                     "horizon \(run[4] ?? "?") \(run[6] ?? "")s", "warm-up \(run[5] ?? "?")", "policy \(run[7] ?? "?")"]
        return Report(title: run[1] ?? path, facts: facts, metricOrder: metrics.keys.sorted(), metrics: metrics, profiles: [], variants: [])
    }
}
