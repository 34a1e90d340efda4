import ArgumentParser
import Foundation
import HospitalModel
import SimKernel

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Turn a results JSON, a comparison JSON or a results database into one self-contained HTML page with SVG charts.",
        discussion: """
            The page needs nothing else: no scripts, fonts or style sheets from elsewhere. From a \
            results database, the run with --run-id (default: the latest) is shown.

            Example:
              simrun run scenarios/emergency-department.yaml --format json --out results.json
              simrun report results.json -o report.html
            """)

    @Argument(help: "results.json (run --format json), comparison.json (compare --format json), warmup.json (warmup --format json) or results.sqlite.")
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
    /// A warm-up study's series, when the input is one.
    var warmup: WarmupPlot?

    struct WarmupPlot {
        var timeUnit: String
        var origin: Double, bin: Double
        var inside: [Double], welch: [Double], window: Int, insideCut: Int
        var waits: [Double], waitsCut: Int
        var recommended: Double
    }

    static func fromWarmup(_ doc: [String: Any], file: String) throws -> Report {
        func number(_ any: Any?) -> Double? { (any as? NSNumber)?.doubleValue }
        func numbers(_ any: Any?) -> [Double]? { (any as? [Any])?.map { number($0) ?? .nan } }
        guard let unit = doc["time_unit"] as? String, let origin = number(doc["origin"]), let bin = number(doc["bin"]),
              let recommended = number(doc["recommended_warmup"]),
              let inside = doc["in_system"] as? [String: Any], let waits = doc["waits"] as? [String: Any],
              let insideMean = numbers(inside["mean"]), let welch = numbers(inside["welch"]),
              let insideCut = number(inside["cut_bins"]), let window = number(inside["window"]),
              let waitsMean = numbers(waits["mean"]), let waitsCut = number(waits["cut_patients"]) else {
            throw ReportError(message: "a warm-up study lacks one of its series or cuts")
        }
        var facts: [String] = []
        if let r = doc["replications"] { facts.append("\(r) replications") }
        if let s = doc["seed"] { facts.append("seed \(s)") }
        facts.append(origin > 0 ? "series start after a warm-up of \(JSON.number(origin)) \(unit)s" : "started empty")
        facts.append("recommended warm-up \(JSON.number(recommended)) \(unit)s")
        let plot = WarmupPlot(timeUnit: unit, origin: origin, bin: bin, inside: insideMean, welch: welch, window: Int(window),
                              insideCut: Int(insideCut), waits: waitsMean, waitsCut: Int(waitsCut), recommended: recommended)
        return Report(title: "Warm-up: " + (doc["scenario"] as? String ?? file), facts: facts, metricOrder: [], metrics: [:],
                      profiles: [], variants: [], warmup: plot)
    }

    static func fromDocument(_ doc: [String: Any], file: String) throws -> Report {
        let title = doc["scenario"] as? String ?? file
        var facts: [String] = []
        if let r = doc["replications"] { facts.append("\(r) replications") }
        if let s = doc["seed"] { facts.append("seed \(s)") }
        if let h = doc["horizon"], let u = doc["time_unit"] { facts.append("horizon \(h) \(u)s") }
        if let w = doc["warmup"] { facts.append("warm-up \(w)") }
        if doc["warmup_study"] != nil { return try fromWarmup(doc, file: file) }
        if doc["variants"] != nil {
            let comparison: StoredComparison
            do {
                comparison = try ComparisonDocument.read(doc, file: file)
            } catch {
                throw ReportError(message: error.all.map(\.message).joined(separator: "; "))
            }
            func value(_ v: StoredComparison.Value) -> Value { Value(mean: v.mean, halfWidth: v.halfWidth, n: v.n) }
            let variants = comparison.variants.map { v in
                Variant(label: v.label, pareto: v.paretoEfficient, metrics: v.metrics.mapValues(value),
                        differences: v.differences.mapValues { (value($0.value), $0.significant) })
            }
            facts.append("baseline: \(comparison.baseline ?? variants.first?.label ?? "")")
            return Report(title: title, facts: facts, metricOrder: comparison.metricNames, metrics: variants.first?.metrics ?? [:],
                          profiles: [], variants: variants)
        }
        guard doc["metrics"] != nil else {
            throw ReportError(message: "neither a results document (metrics) nor a comparison (variants)")
        }
        let results: StoredResults
        do {
            results = try ResultsDocument.read(doc, file: file)
        } catch {
            throw ReportError(message: error.all.map(\.message).joined(separator: "; "))
        }
        if let p = results.policy { facts.append("policy \(p)") }
        var metrics: [String: Value] = [:]
        for m in results.metrics { metrics[m.name] = Value(mean: m.mean, halfWidth: m.halfWidth, n: m.n) }
        let profiles = results.profiles.map { p in (p.name, p.hours.map { Value(mean: $0.mean, halfWidth: $0.halfWidth, n: 0) }) }
        return Report(title: title, facts: facts, metricOrder: metrics.keys.sorted(), metrics: metrics, profiles: profiles, variants: [])
    }

    static func fromDatabase(_ path: String, runID: Int?) throws -> Report {
        let run: StoredRun
        do {
            run = try ResultsDatabase.readRun(path: path, runID: runID.map(Int64.init))
        } catch {
            throw ReportError(message: error.message.hasPrefix(path + ": ") ? String(error.message.dropFirst(path.count + 2)) : error.message)
        }
        var metrics: [String: Value] = [:]
        for (name, xs) in run.metrics {
            let s = Summary(of: xs)
            metrics[name] = Value(mean: s.mean, halfWidth: s.halfWidth, n: s.n)
        }
        let facts = ["run \(run.id)", "\(run.replications) replications", "seed \(run.seed)",
                     "horizon \(JSON.number(run.horizon)) \(run.timeUnit)s", "warm-up \(JSON.number(run.warmup))", "policy \(run.policy)"]
        return Report(title: run.scenario, facts: facts, metricOrder: metrics.keys.sorted(), metrics: metrics, profiles: [], variants: [])
    }
}
